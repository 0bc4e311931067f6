'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import { createObjectSchema, type CreateObjectInput } from '@/lib/vault/schemas';
import { ActionErrorAlert } from './action-error';
import { ContextBuilder, type PairDraft } from './context-builder';
import { paths } from '@/lib/paths';
import { Field, Input, Textarea } from '@/components/ui/input';

type CreateAction = (
  input: CreateObjectInput,
) => Promise<ActionResult<{ id: string; versionId: string | null }>>;

function issuesByField(
  issues: { path: PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) (out[i.path.map(String).join('.') || '_form'] ??= []).push(i.message);
  return out;
}

export function CreateObjectForm({
  orgId,
  orgName,
  create,
  defaultName,
}: {
  orgId: string;
  orgName: string;
  create: CreateAction;
  /** A pre-filled name (from a link); the person can change it. */
  defaultName?: string;
}) {
  const router = useRouter();
  const [pairs, setPairs] = useState<PairDraft[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();

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
      setFieldErrors(issuesByField(parsed.error.issues));
      setError(null);
      return;
    }
    setFieldErrors({});
    start(async () => {
      setError(null);
      const r = await callAction(create, parsed.data, 'write');
      if (r.ok) {
        router.push(paths.object(r.data.id, { created: '1' }));
        return;
      }
      if (r.error.fieldErrors) setFieldErrors(r.error.fieldErrors);
      setError(r.error);
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
      {error && error.code !== 'invalid_input' ? <ActionErrorAlert error={error} /> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create object'}
        </Button>
        <Button variant="ghost" onClick={() => router.push(paths.org(orgId))}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
