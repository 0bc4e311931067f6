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
}: {
  orgId: string;
  orgName: string;
  create: CreateAction;
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
      <div>
        <label htmlFor="object-name" className="block text-sm font-medium text-slate-800">
          Name
        </label>
        <p id="object-name-hint" className="text-sm text-slate-600">
          1–200 characters, unique across every organization in this environment. A prefix such as{' '}
          <code className="font-mono">{orgName.toLowerCase().split(' ')[0]}/</code> keeps names
          apart.
        </p>
        <input
          id="object-name"
          ref={nameRef}
          aria-invalid={Boolean(fieldErrors.name)}
          aria-describedby="object-name-hint object-name-error"
          autoComplete="off"
          spellCheck={false}
          className="mt-1 w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-400"
        />
        {fieldErrors.name ? (
          <p id="object-name-error" className="mt-1 text-sm text-red-700">
            {fieldErrors.name[0]}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="object-value" className="block text-sm font-medium text-slate-800">
          Value
        </label>
        <p id="object-value-hint" className="text-sm text-slate-600">
          Text, stored encrypted. Binary data must be base64-encoded.
        </p>
        <textarea
          id="object-value"
          ref={valueRef}
          rows={6}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="object-value-hint"
          aria-invalid={Boolean(fieldErrors.value)}
          className="mt-1 w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
        />
        {fieldErrors.value ? (
          <p className="mt-1 text-sm text-red-700">{fieldErrors.value[0]}</p>
        ) : null}
      </div>
      <ContextBuilder orgId={orgId} pairs={pairs} onChange={setPairs} errors={fieldErrors} />
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
