'use client';

import { useEffect, useRef, useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { revealObjectValue } from '../actions';

function prettyJson(value: string): string | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? JSON.stringify(parsed, null, 2) : null;
  } catch {
    return null;
  }
}

/**
 * Masked by default. The value is fetched only on click (a server action, never cached), lives in
 * this component's state only, and is dropped after `maskAfterSeconds` or when the page changes.
 */
export function RevealPanel({
  objectId,
  maskAfterSeconds,
  reasonToCustomer = true,
}: {
  objectId: string;
  maskAfterSeconds: number;
  /** REVEAL_REASON_DESTINATION: whether the reason also goes to the customer's WorkOS Audit Logs. */
  reasonToCustomer?: boolean;
}) {
  const [value, setValue] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [formatted, setFormatted] = useState(false);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { run: call, pending, error } = useServerAction(revealObjectValue, 'read');
  const deadline = useRef(0);

  useEffect(() => {
    if (value === null) return;
    const tick = setInterval(() => {
      const left = Math.ceil((deadline.current - Date.now()) / 1000);
      if (left <= 0) {
        setValue(null);
        setNotice('Hidden again after the time limit.');
      } else {
        setSecondsLeft(left);
      }
    }, 250);
    return () => clearInterval(tick);
  }, [value]);

  const run = (purpose: 'reveal' | 'copy') => {
    setNotice(null);
    call(
      { objectId, purpose, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onOk: async (data) => {
          if (purpose === 'copy') {
            try {
              await navigator.clipboard.writeText(data.value);
              setNotice(
                'Copied to the clipboard without showing it. The copy was recorded in the audit trail.',
              );
            } catch {
              setNotice('The browser refused clipboard access. Nothing was copied.');
            }
            return;
          }
          deadline.current = Date.now() + maskAfterSeconds * 1000;
          setSecondsLeft(maskAfterSeconds);
          setFormatted(false);
          setValue(data.value);
        },
      },
    );
  };

  const pretty = value !== null ? prettyJson(value) : null;
  return (
    <div className="space-y-3 px-5 py-4">
      {value === null ? (
        <div className="flex items-center justify-between gap-3 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
          <span
            aria-label="Value hidden"
            className="font-mono text-sm tracking-widest text-slate-500"
          >
            ••••••••••••••••
          </span>
          <span className="text-xs text-slate-500">Hidden</span>
        </div>
      ) : (
        <div>
          <div className="mb-1 flex items-center justify-between text-xs text-slate-600">
            <span aria-live="polite">Hides in {secondsLeft} s</span>
            <span className="flex gap-2">
              {pretty ? (
                <button
                  type="button"
                  className="font-medium text-indigo-700 hover:underline"
                  onClick={() => setFormatted((f) => !f)}
                >
                  {formatted ? 'Show as stored' : 'Format JSON'}
                </button>
              ) : null}
              <button
                type="button"
                className="font-medium text-indigo-700 hover:underline"
                onClick={() => setValue(null)}
              >
                Hide now
              </button>
            </span>
          </div>
          <pre
            data-testid="revealed-value"
            className="keep-colors max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-sm break-all whitespace-pre-wrap text-emerald-200"
          >
            {formatted && pretty ? pretty : value}
          </pre>
        </div>
      )}
      <div>
        <label htmlFor="reveal-reason" className="block text-xs font-medium text-slate-600">
          Reason (optional)
        </label>
        <p id="reveal-reason-help" className="mt-0.5 text-xs text-slate-500">
          {reasonToCustomer
            ? 'Recorded in the console’s audit trail and sent to this organization’s WorkOS Audit Log, which the customer can read. Write nothing you would not show them.'
            : 'Recorded in the console’s audit trail only (staff can read it); it is not sent to the customer.'}
        </p>
        <Input
          id="reveal-reason"
          aria-describedby="reveal-reason-help"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. ticket SUP-1234"
          size="sm"
          className="mt-1"
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" disabled={pending} onClick={() => run('reveal')}>
          {pending ? 'Working…' : value === null ? 'Reveal' : 'Reveal again'}
        </Button>
        <Button disabled={pending} onClick={() => run('copy')}>
          Copy without showing
        </Button>
      </div>
      <p className="text-sm text-slate-600" role="status">
        {notice}
      </p>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
