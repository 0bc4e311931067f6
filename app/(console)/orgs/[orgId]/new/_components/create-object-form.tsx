'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { fieldErrorsOf } from '@/lib/actions/result';
import { createObjectSchema, type CreateObjectInput } from '@/lib/vault/schemas';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { ContextBuilder, type PairDraft } from '@/components/forms/context-builder';
import { useServerAction } from '@/components/forms/use-server-action';
import { paths } from '@/lib/paths';
import { Field, Input, Textarea, ReasonField } from '@/components/ui/input';
import { createVaultObject, proposeNewObject } from '../actions';

/** The proposal's field errors name `object.name` etc.; the form's fields are `name`. */
function unprefixed(errors: Record<string, string[]> | undefined): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(errors ?? {}).map(([k, v]) => [k.replace(/^object\./, ''), v]),
  );
}

export function CreateObjectForm({
  orgId,
  orgName,
  defaultName,
  propose,
}: {
  orgId: string;
  orgName: string;
  /** A pre-filled name (from a link); the person can change it. */
  defaultName?: string;
  /** Set where the organization's approval policy puts new objects behind approval. */
  propose?: boolean;
}) {
  const router = useRouter();
  const [pairs, setPairs] = useState<PairDraft[]>([]);
  // Errors from the browser-side parse; the server's come with its error.
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | null>(null);
  const create = useServerAction(createVaultObject, 'write');
  const proposal = useServerAction(proposeNewObject, 'write');
  const [reason, setReason] = useState('');
  const { pending, error, reset } = propose ? proposal : create;
  const fieldErrors =
    clientErrors ?? (propose ? unprefixed(error?.fieldErrors) : error?.fieldErrors) ?? {};

  // Name and value are uncontrolled (read through refs), so text typed before hydration is never
  // reset. The inputs have no `name`: a submit before hydration sends nothing, never the value.
  const nameRef = useRef<HTMLInputElement>(null);
  const valueRef = useRef<HTMLTextAreaElement>(null);
  const submit = () => {
    const input: CreateObjectInput = {
      orgId,
      name: nameRef.current?.value ?? '',
      value: valueRef.current?.value ?? '',
      extraContext: pairs.map(({ key, value: v }) => ({ key, value: v })),
    };
    // The same schema the server action parses: errors show before anything is sent.
    const parsed = createObjectSchema.safeParse(input);
    if (!parsed.success) {
      setClientErrors(fieldErrorsOf(parsed.error.issues));
      reset();
      return;
    }
    setClientErrors(null);
    if (propose)
      proposal.run(
        { object: parsed.data, reason },
        { onOk: (data) => router.push(paths.request(data.id)) },
      );
    else
      create.run(parsed.data, {
        onOk: (data) => router.push(paths.object(data.id, { created: '1' })),
      });
  };

  return (
    <form
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field
        id="object-name"
        label="Name"
        hint={
          <>
            1–200 characters, unique across every organization in this environment. A prefix such as{' '}
            <code className="font-mono">{orgName.toLowerCase().split(' ')[0]}/</code> keeps names
            apart.
          </>
        }
        error={fieldErrors.name?.[0]}
      >
        {(control) => (
          <Input
            {...control}
            ref={nameRef}
            defaultValue={defaultName}
            autoComplete="off"
            spellCheck={false}
            mono
            className="mt-1"
          />
        )}
      </Field>
      <Field
        id="object-value"
        label="Value"
        hint="Text, stored encrypted. Binary data must be base64-encoded."
        error={fieldErrors.value?.[0]}
      >
        {(control) => (
          <Textarea
            {...control}
            ref={valueRef}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            mono
            className="mt-1"
          />
        )}
      </Field>
      <ContextBuilder
        orgId={orgId}
        pairs={pairs}
        onChange={setPairs}
        errorFor={(i, part) => fieldErrors[`extraContext.${i}.${part}`]?.[0]}
        listError={fieldErrors.extraContext?.[0]}
      />
      {propose ? (
        <ReasonField
          id="object-reason"
          label="Reason for the new object"
          hint="This organization’s approval policy puts new objects behind approval: the object is created once approved. The value is staged encrypted until then."
          error={fieldErrors.reason?.[0]}
          value={reason}
          onValue={setReason}
          className="mt-1"
        />
      ) : null}
      {error && error.code !== 'invalid_input' ? <ActionErrorAlert error={error} /> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {propose
            ? pending
              ? 'Proposing…'
              : 'Propose object'
            : pending
              ? 'Creating…'
              : 'Create object'}
        </Button>
        <Button variant="ghost" onClick={() => router.push(paths.org(orgId))}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
