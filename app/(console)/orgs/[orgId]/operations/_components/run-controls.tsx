'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { callAction } from '@/lib/actions/call';
import type { ActionError } from '@/lib/actions/result';
import { advanceOperation, cancelOperation, startOperation } from '../actions';

type Advanced = Awaited<ReturnType<typeof advanceOperation>>;
type Progress = Extract<Advanced, { ok: true }>['data']['progress'];

/**
 * Preview → confirm → run. The run goes on in slices of a few seconds, each a server action;
 * everything it has done is in the console database, so closing the tab, a console restart or a
 * sign-in that ages out only pauses it, and "Resume" carries on from the first unfinished row.
 * The slices are a loop of calls (each one's answer decides the next), so this calls `callAction`
 * itself rather than through `useServerAction`, whose one pending flag covers one call.
 */
export function RunControls({
  orgId,
  runId,
  status,
  kind,
  orgName,
  total,
}: {
  orgId: string;
  runId: string;
  status: 'planned' | 'running' | 'finished' | 'cancelled';
  kind: 'offboard' | 'rewrap' | 'bulk_delete' | 'import';
  orgName: string;
  total: number;
}) {
  const router = useRouter();
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ActionError | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const stopped = useRef(false);
  useEffect(
    () => () => {
      stopped.current = true;
    },
    [],
  );
  const deletes = kind !== 'rewrap' && kind !== 'import';

  async function loop(first: Advanced) {
    let r = first;
    for (;;) {
      if (!r.ok) {
        setError(r.error);
        break;
      }
      setProgress(r.data.progress);
      router.refresh();
      if (r.data.finished || stopped.current) break;
      if (r.data.busy) await new Promise((res) => setTimeout(res, 1_500));
      r = await callAction(advanceOperation, { orgId, runId }, 'write');
    }
    setRunning(false);
    router.refresh();
  }

  if (status === 'finished' || status === 'cancelled') return null;
  return (
    <div className="space-y-3 px-5 py-4">
      {status === 'planned' ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setRunning(true);
            void callAction(
              startOperation,
              { orgId, runId, ...(deletes ? { confirmName: confirm } : {}) },
              'write',
            ).then(loop);
          }}
        >
          {deletes ? (
            <div>
              <label htmlFor="confirm-org" className="block text-sm font-medium text-slate-800">
                Type the organization’s name, <strong className="font-mono">{orgName}</strong>, to
                delete these {total} objects
              </label>
              <Input
                id="confirm-org"
                className="mt-1 max-w-md"
                autoComplete="off"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                aria-invalid={error?.fieldErrors?.confirmName ? true : undefined}
              />
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              variant={deletes ? 'danger' : 'primary'}
              disabled={running || (deletes && confirm !== orgName)}
            >
              {running
                ? 'Working…'
                : deletes
                  ? `Delete ${total} objects`
                  : kind === 'import'
                    ? `Import ${total} ${total === 1 ? 'name' : 'names'}`
                    : `Re-encrypt ${total} objects`}
            </Button>
            <Button
              disabled={running}
              onClick={() =>
                void callAction(cancelOperation, { orgId, runId }, 'write').then((r) =>
                  r.ok ? router.refresh() : setError(r.error),
                )
              }
            >
              Discard this plan
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            disabled={running}
            onClick={() => {
              setError(null);
              setRunning(true);
              void callAction(advanceOperation, { orgId, runId }, 'write').then(loop);
            }}
          >
            {running ? 'Working…' : 'Resume'}
          </Button>
          <p className="text-sm text-slate-600">
            {running
              ? 'Working through the rows. You can leave this page; come back and resume.'
              : 'This run stopped before it finished (closed tab, restart, or sign-in). Resume carries on from the first unfinished row; rows already done are not repeated.'}
          </p>
        </div>
      )}
      {progress ? (
        <p role="status" className="text-sm text-slate-700">
          {progress.done} done, {progress.skipped} skipped, {progress.failed} failed,{' '}
          {progress.pending + progress.in_progress} to go of {progress.total}.
        </p>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
