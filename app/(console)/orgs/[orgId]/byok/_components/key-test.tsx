'use client';

import { useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { testByokKey } from '../actions';

type Check = {
  usable: boolean;
  status: number | null;
  error: string | null;
  checkedAt: string;
  checkedBy: string;
};

/** "Test the customer key": the last result (by whom, when) and a button to run it again. */
export function KeyTest({ orgId, last }: { orgId: string; last: Check | null }) {
  const [check, setCheck] = useState<Check | null>(last);
  const { run, pending, error } = useServerAction(testByokKey, 'read');
  return (
    <div className="space-y-3 px-5 py-4">
      <p className="text-sm text-slate-600">
        Asks WorkOS to wrap a throwaway data key under this organization’s key context, the same
        path every encrypt takes. Nothing is stored; the run is recorded in the audit trail.
      </p>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => run({ orgId }, { onOk: setCheck })}
      >
        {pending ? 'Testing…' : 'Test the customer key'}
      </Button>
      {check ? (
        <div data-testid="key-test-result" className="space-y-1 text-sm" role="status">
          <p>
            {check.usable ? (
              <Badge tone="green">Usable</Badge>
            ) : (
              <Badge tone="red">Unusable{check.status ? ` (HTTP ${check.status})` : ''}</Badge>
            )}{' '}
            <span className="text-xs text-slate-600">
              tested by {check.checkedBy} <RelativeTime date={check.checkedAt} />
            </span>
          </p>
          <p className="text-xs text-slate-600">
            {check.usable
              ? 'WorkOS wrapped a data key for this organization: its key (the customer’s, if one is configured) works right now.'
              : check.error}
          </p>
        </div>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
