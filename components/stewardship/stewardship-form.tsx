'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/objects/action-error';
import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/input';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import type { StewardshipInput } from '@/lib/stewardship/schema';

type Saved = { updatedAt: string };
type Initial = {
  owner: string;
  notes: string;
  rotationDays: number | null;
  expiresOn: string | null;
  updatedAt: string | null;
};

/** The admin's editor for owner, notes, rotation period and expiry (console database only). */
export function StewardshipForm({
  objectId,
  initial,
  save,
}: {
  objectId: string;
  initial: Initial;
  save: (input: StewardshipInput) => Promise<ActionResult<Saved>>;
}) {
  const router = useRouter();
  const [owner, setOwner] = useState(initial.owner);
  const [notes, setNotes] = useState(initial.notes);
  const [rotation, setRotation] = useState(initial.rotationDays?.toString() ?? '');
  const [expires, setExpires] = useState(initial.expiresOn ?? '');
  const [loadedAt, setLoadedAt] = useState(initial.updatedAt);
  const [error, setError] = useState<ActionError | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const fe = error?.fieldErrors ?? {};

  const submit = () =>
    start(async () => {
      setError(null);
      setSavedAt(null);
      const r = await callAction(
        save,
        {
          objectId,
          owner,
          notes,
          rotationDays: rotation.trim() === '' ? null : Number(rotation),
          expiresOn: expires === '' ? null : expires,
          expectedUpdatedAt: loadedAt,
        },
        'write',
      );
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setLoadedAt(r.data.updatedAt);
      setSavedAt(r.data.updatedAt);
      router.refresh();
    });

  return (
    <form
      className="space-y-3 border-t border-slate-200 px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field id="st-owner" label="Owner (person or team)" error={fe.owner?.[0]}>
        {(c) => <Input {...c} value={owner} onChange={(e) => setOwner(e.target.value)} />}
      </Field>
      <Field id="st-notes" label="Notes" hint="Never put a secret here." error={fe.notes?.[0]}>
        {(c) => (
          <Textarea {...c} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        )}
      </Field>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field id="st-rotation" label="Rotate every (days)" error={fe.rotationDays?.[0]}>
          {(c) => (
            <Input
              {...c}
              inputMode="numeric"
              value={rotation}
              onChange={(e) => setRotation(e.target.value)}
            />
          )}
        </Field>
        <Field id="st-expires" label="Expires on" error={fe.expiresOn?.[0]}>
          {(c) => (
            <Input
              {...c}
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error ? <ActionErrorAlert error={error} /> : null}
      {savedAt ? (
        <p role="status" className="text-sm text-emerald-800">
          Saved. The change is in the audit trail.
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save owner and rotation'}
      </Button>
    </form>
  );
}
