'use client';

import { useEffect, useRef, useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { ReasonField } from '@/components/ui/input';
import { breakGlassReveal } from '../break-glass-actions';

/**
 * Break-glass, where the organization's policy allows it: reveal without approval, with a typed
 * reason. The server decides (lib/approvals/break-glass.ts); this form only asks. The value is
 * held in this component's state only and hidden again after `maskAfterSeconds`.
 */
export function BreakGlass({
  objectId,
  maskAfterSeconds,
}: {
  objectId: string;
  maskAfterSeconds: number;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [value, setValue] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, pending, error } = useServerAction(breakGlassReveal, 'read');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const fe = error?.fieldErrors ?? {};

  if (!open)
    return (
      <div className="border-t border-slate-200 px-5 py-3">
        <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
          Break glass…
        </Button>
      </div>
    );
  return (
    <div
      className="space-y-3 border-t border-red-200 bg-red-50/40 px-5 py-4"
      data-testid="break-glass"
    >
      <p className="text-sm font-medium text-red-900">Break glass: reveal without approval</p>
      <p className="text-sm text-red-900">
        Only for an emergency. Your reason is recorded in the audit trail, approvers are notified,
        and the organization’s page shows this until an approver acknowledges it.
      </p>
      <ReasonField
        id="break-glass-reason"
        label="Break-glass reason"
        error={fe.reason?.[0]}
        value={reason}
        onValue={setReason}
      />
      <div className="flex flex-wrap gap-2">
        <Button
          variant="danger"
          disabled={pending}
          onClick={() =>
            run(
              { objectId, purpose: 'reveal', reason },
              {
                onOk: (data) => {
                  setValue(data.value);
                  setNotice(null);
                  if (timer.current) clearTimeout(timer.current);
                  timer.current = setTimeout(() => {
                    setValue(null);
                    setNotice('Hidden again after the time limit.');
                  }, maskAfterSeconds * 1000);
                },
              },
            )
          }
        >
          {pending ? 'Working…' : 'Break glass and reveal'}
        </Button>
        {value !== null ? (
          <Button variant="ghost" onClick={() => setValue(null)}>
            Hide now
          </Button>
        ) : null}
      </div>
      {value !== null ? (
        <pre
          data-testid="break-glass-value"
          className="keep-colors max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-sm break-all whitespace-pre-wrap text-emerald-200"
        >
          {value}
        </pre>
      ) : null}
      <p className="text-sm text-slate-600" role="status">
        {notice}
      </p>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
