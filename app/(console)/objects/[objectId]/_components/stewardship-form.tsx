'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { TextField, TextareaField } from '@/components/ui/input';
import { saveStewardship } from '../stewardship-actions';

type Initial = {
  owner: string;
  notes: string;
  rotationDays: number | null;
  expiresOn: string | null;
  updatedAt: string | null;
};

/** The admin's editor for owner, notes, rotation period and expiry (console database only). */
export function StewardshipForm({ objectId, initial }: { objectId: string; initial: Initial }) {
  const router = useRouter();
  const [owner, setOwner] = useState(initial.owner);
  const [notes, setNotes] = useState(initial.notes);
  const [rotation, setRotation] = useState(initial.rotationDays?.toString() ?? '');
  const [expires, setExpires] = useState(initial.expiresOn ?? '');
  const [loadedAt, setLoadedAt] = useState(initial.updatedAt);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const { run, pending, error } = useServerAction(saveStewardship, 'write');
  const fe = error?.fieldErrors ?? {};

  const submit = () => {
    setSavedAt(null);
    run(
      {
        objectId,
        owner,
        notes,
        rotationDays: rotation.trim() === '' ? null : Number(rotation),
        expiresOn: expires === '' ? null : expires,
        expectedUpdatedAt: loadedAt,
      },
      {
        onOk: (data) => {
          setLoadedAt(data.updatedAt);
          setSavedAt(data.updatedAt);
          router.refresh();
        },
      },
    );
  };

  return (
    <form
      className="space-y-3 border-t border-slate-200 px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <TextField
        id="st-owner"
        label="Owner (person or team)"
        error={fe.owner?.[0]}
        value={owner}
        onValue={setOwner}
      />
      <TextareaField
        id="st-notes"
        label="Notes"
        hint="Never put a secret here."
        error={fe.notes?.[0]}
        rows={3}
        value={notes}
        onValue={setNotes}
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          id="st-rotation"
          label="Rotate every (days)"
          error={fe.rotationDays?.[0]}
          inputMode="numeric"
          value={rotation}
          onValue={setRotation}
        />
        <TextField
          id="st-expires"
          label="Expires on"
          error={fe.expiresOn?.[0]}
          type="date"
          value={expires}
          onValue={setExpires}
        />
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
