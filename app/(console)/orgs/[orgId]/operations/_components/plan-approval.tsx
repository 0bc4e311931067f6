'use client';

import { useRouter } from 'next/navigation';
import { ActionButton } from '@/components/forms/action-button';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { useState } from 'react';
import { refreshOperationPlan, removePlannedObject, requestOperationApproval } from '../actions';

/** Dual control: asks a second person to approve the plan as it stands. */
export function AskApproval({
  orgId,
  runId,
  label,
}: {
  orgId: string;
  runId: string;
  label: string;
}) {
  return (
    <ActionButton
      action={requestOperationApproval}
      input={{ orgId, runId }}
      variant="primary"
      pendingLabel="Asking…"
    >
      {label}
    </ActionButton>
  );
}

/** Takes one object out of a plan that has not started (a new plan version). */
export function RemoveFromPlan({
  orgId,
  runId,
  seq,
  name,
}: {
  orgId: string;
  runId: string;
  seq: number;
  name: string;
}) {
  return (
    <ActionButton
      action={removePlannedObject}
      input={{ orgId, runId, seq }}
      size="sm"
      gap="space-y-1"
      label={`Remove ${name} from the plan`}
      pendingLabel="Removing…"
    >
      Remove
    </ActionButton>
  );
}

/** Re-plans from the index as it is now (objects created since, new versions): a new plan version. */
export function RefreshPlan({ orgId, runId }: { orgId: string; runId: string }) {
  const router = useRouter();
  const [note, setNote] = useState<string | null>(null);
  const { run, pending, error } = useServerAction(refreshOperationPlan, 'write');
  return (
    <div className="space-y-2">
      <Button
        size="sm"
        disabled={pending}
        onClick={() =>
          run(
            { orgId, runId },
            {
              onOk: (d) => {
                setNote(
                  d.changed
                    ? `Plan version ${d.planVersion}: ${d.objects} objects.`
                    : 'The plan is unchanged: the index holds the same objects and versions.',
                );
                router.refresh();
              },
            },
          )
        }
      >
        {pending ? 'Refreshing…' : 'Refresh the plan'}
      </Button>
      {note ? (
        <p role="status" className="text-sm text-slate-700">
          {note}
        </p>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
