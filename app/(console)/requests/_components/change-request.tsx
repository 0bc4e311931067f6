'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionButton } from '@/components/forms/action-button';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { ValueDiff } from '@/components/objects/value-diff';
import { Button } from '@/components/ui/button';
import { applyChangeRequest, rebaseChangeRequest, revealChangeDiff } from '../actions';

type Diff = {
  op: 'update' | 'create' | 'delete';
  current: string | null;
  currentVersionId: string | null;
  proposed: string | null;
  baseVersionId: string | null;
  stale: boolean;
};

/**
 * The approver's diff: nothing of either value is in the page until they ask. Asking is a value
 * read (step-up, audited); Hide drops both values from the browser's memory.
 */
export function ChangeDiff({ requestId }: { requestId: string }) {
  const router = useRouter();
  const [diff, setDiff] = useState<Diff | null>(null);
  const { run, pending, error } = useServerAction(revealChangeDiff, 'read');
  if (!diff)
    return (
      <div className="space-y-2 px-5 py-4">
        <Button
          disabled={pending}
          onClick={() =>
            run(
              { requestId },
              {
                onOk: (d) => {
                  setDiff(d);
                  // It may have found the request stale: the page says so.
                  if (d.stale) router.refresh();
                },
              },
            )
          }
        >
          {pending ? 'Loading…' : 'Show the diff'}
        </Button>
        <p className="text-xs text-slate-500">
          Reads the current value and unseals the proposed one; recorded in the audit trail.
        </p>
        {error ? <ActionErrorAlert error={error} /> : null}
      </div>
    );
  return (
    <div className="space-y-3 px-5 py-4" data-testid="change-diff">
      {diff.op === 'delete' ? (
        <p className="text-sm text-slate-800">
          Deleting removes this value and every version (version{' '}
          <code className="font-mono text-xs">{diff.currentVersionId}</code> is current).
        </p>
      ) : (
        <ValueDiff
          before={diff.current ?? ''}
          after={diff.proposed ?? ''}
          label={
            diff.op === 'create'
              ? 'The new object’s value'
              : `Proposed against the current version ${diff.currentVersionId ?? ''}`
          }
        />
      )}
      {diff.stale ? (
        <p className="text-sm text-amber-800">
          The current version is not the one this change was proposed on; it will not be applied.
        </p>
      ) : null}
      <Button variant="ghost" onClick={() => setDiff(null)}>
        Hide the diff
      </Button>
    </div>
  );
}

/** The proposer's rebase: onto the object's current version, keeping the proposed value. */
export function RebaseChange({ requestId }: { requestId: string }) {
  return (
    <ActionButton
      action={rebaseChangeRequest}
      input={{ requestId }}
      variant="primary"
      pendingLabel="Rebasing…"
    >
      Rebase on the current version
    </ActionButton>
  );
}

/** An approved change whose write failed (not a conflict): an approver applies it again. */
export function ApplyChange({ requestId }: { requestId: string }) {
  return (
    <ActionButton
      action={applyChangeRequest}
      input={{ requestId }}
      variant="primary"
      pendingLabel="Applying…"
    >
      Apply now
    </ActionButton>
  );
}
