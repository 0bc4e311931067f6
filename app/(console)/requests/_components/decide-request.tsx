'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { ReasonField } from '@/components/ui/input';
import { decideRequest, endRequest } from '../actions';

/** Approve or deny with a comment (an approver who is not the requester). */
export function DecideRequest({
  requestId,
  canApprove = true,
}: {
  requestId: string;
  /** False on a stale change request: it can only be denied until its proposer rebases it. */
  canApprove?: boolean;
}) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const { run, pending, error } = useServerAction(decideRequest, 'write');
  const decide = (decision: 'approve' | 'deny') =>
    run({ requestId, decision, comment }, { onOk: () => router.refresh() });
  return (
    <div className="space-y-3 px-5 py-4">
      <ReasonField
        id="decision-comment"
        label="Comment (optional)"
        hint="The requester sees it; it is kept in the audit trail."
        value={comment}
        onValue={setComment}
      />
      <div className="flex flex-wrap gap-2">
        {canApprove ? (
          <Button variant="primary" disabled={pending} onClick={() => decide('approve')}>
            Approve
          </Button>
        ) : null}
        <Button variant="danger" disabled={pending} onClick={() => decide('deny')}>
          Deny
        </Button>
      </div>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}

/** Withdraw (requester), give back (requester) or revoke (approver) before the time is up. */
export function EndRequest({ requestId, label }: { requestId: string; label: string }) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(endRequest, 'write');
  return (
    <div className="space-y-2">
      <Button
        disabled={pending}
        onClick={() => run({ requestId }, { onOk: () => router.refresh() })}
      >
        {label}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
