'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ActionError, Conflict } from '@/lib/actions/result';

/**
 * How a version-checked write from a page-level button failed: a conflict offers reloading the
 * page (theirs) or writing again over the version that is current now (mine); any other error
 * is said as it is.
 */
export function ConflictOrError({
  error,
  busy,
  what,
  writeOver,
  pageVersion,
}: {
  error: ActionError | null;
  busy: boolean;
  what: 'save' | 'delete';
  /** Writes again, checked against the given version. */
  writeOver: (versionId: string) => void;
  /** The version the page showed, where the conflict names no newer one. */
  pageVersion: string;
}) {
  const router = useRouter();
  if (error?.code === 'conflict')
    return (
      <ConflictPanel
        what={what}
        conflict={error.conflict ?? null}
        busy={busy}
        onLoadTheirs={() => router.refresh()}
        onSaveMine={() => writeOver(error.conflict?.currentVersionId ?? pageVersion)}
      />
    );
  return error ? <ActionErrorAlert error={error} /> : null;
}

/**
 * A version conflict, said plainly: who changed the object and when, and the two ways on. Saving
 * over the newer version needs a second, explicit confirmation.
 */
export function ConflictPanel({
  conflict,
  busy,
  onLoadTheirs,
  onSaveMine,
  onCompare,
  what = 'save',
}: {
  conflict: Conflict | null;
  busy: boolean;
  onLoadTheirs: () => void;
  onSaveMine: () => void;
  /** Save conflicts: one more audited read, shown next to the person's text. */
  onCompare?: () => void;
  what?: 'save' | 'delete';
}) {
  const [confirming, setConfirming] = useState(false);
  const who = conflict?.consoleUser ?? conflict?.updatedBy ?? 'someone';
  return (
    <div
      role="alert"
      className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300 ring-inset"
    >
      <p className="font-semibold">This object changed after you loaded it</p>
      <p className="mt-1">
        {conflict ? (
          <>
            <strong>{who}</strong>
            {conflict.consoleUser && conflict.updatedBy !== conflict.consoleUser ? (
              <> (through the console)</>
            ) : null}{' '}
            saved version <code className="font-mono text-xs">{conflict.currentVersionId}</code>{' '}
            <RelativeTime date={conflict.updatedAt} />.
          </>
        ) : (
          'Another change was saved after yours started.'
        )}{' '}
        {what === 'save'
          ? 'Your text is still in the editor; nothing was overwritten.'
          : 'Nothing was deleted.'}
      </p>
      {!confirming ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {onCompare ? (
            <Button size="sm" disabled={busy} onClick={onCompare}>
              Compare with theirs
            </Button>
          ) : null}
          <Button size="sm" disabled={busy} onClick={onLoadTheirs}>
            {what === 'save' ? 'Discard mine and load theirs' : 'Reload the object'}
          </Button>
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            {what === 'save'
              ? 'Keep my text and save over the new version…'
              : 'Delete the new version anyway…'}
          </Button>
        </div>
      ) : (
        <div className="mt-3 rounded-md bg-white p-3 ring-1 ring-amber-300">
          <p>
            {what === 'save'
              ? `Your text becomes the current value. ${who}'s version stays in the history but is no longer current.`
              : `This deletes the object including ${who}'s newer version.`}
          </p>
          <div className="mt-2 flex gap-2">
            <Button
              size="sm"
              variant={what === 'save' ? 'primary' : 'danger'}
              disabled={busy}
              onClick={onSaveMine}
            >
              {what === 'save' ? 'Yes, save my text' : 'Yes, delete it'}
            </Button>
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
