'use client';

import { useState, type ReactNode } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Field, Select, TextField } from '@/components/ui/input';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import { cn } from '@/lib/cn';

const DURATIONS = [15, 30, 60, 120, 240, 480];

export type AccessRequest = { minutes: number; reason: string; ticket: string };

type Fields = {
  request: AccessRequest;
  onChange: (next: AccessRequest) => void;
  maxGrantMinutes: number;
  ticketRequired: boolean;
  error: ActionError | null;
  pending: boolean;
};

/**
 * An access-request form's state: duration (an hour, or the policy's longest), reason and ticket,
 * and the action that files it. `run` adds what the form asks besides (object, organization);
 * `fields` goes to <AccessRequestFields>.
 */
export function useAccessRequest<I extends AccessRequest, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  policy: { maxGrantMinutes: number; ticketRequired: boolean },
) {
  const [request, setRequest] = useState<AccessRequest>(() => ({
    minutes: Math.min(60, policy.maxGrantMinutes),
    reason: '',
    ticket: '',
  }));
  const { run, pending, error } = useServerAction(action, 'write');
  const fields: Fields = { ...policy, request, onChange: setRequest, error, pending };
  return {
    run: (rest: Omit<I, keyof AccessRequest>, onOk: (data: T) => unknown) =>
      run({ ...rest, ...request } as I, { onOk }),
    error,
    fields,
  };
}

/**
 * The fields every access request asks for (how long, ticket, reason) and its submit button, for
 * the reveal-access form on an object and the decrypt-access form in key tools. `lead` comes
 * first in the row (the decrypt form's organization). The server applies the organization's
 * policy (longest grant, ticket) again; the form only offers what it allows.
 */
export function AccessRequestFields({
  idPrefix,
  request,
  onChange,
  maxGrantMinutes,
  ticketRequired,
  error,
  pending,
  submitLabel,
  lead,
}: Fields & {
  idPrefix: string;
  submitLabel: string;
  lead?: ReactNode;
}) {
  const fe = error?.fieldErrors ?? {};
  const set = (patch: Partial<AccessRequest>) => onChange({ ...request, ...patch });
  return (
    <>
      <div className={cn('grid gap-3', lead ? 'sm:grid-cols-3' : 'sm:grid-cols-2')}>
        {lead}
        <Field id={`${idPrefix}-minutes`} label="For" error={fe.minutes?.[0]}>
          {(c) => (
            <Select
              {...c}
              value={request.minutes}
              onChange={(e) => set({ minutes: Number(e.target.value) })}
              className="w-full"
            >
              {DURATIONS.filter((d) => d <= maxGrantMinutes).map((d) => (
                <option key={d} value={d}>
                  {d < 60 ? `${d} minutes` : `${d / 60} hour${d === 60 ? '' : 's'}`}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TextField
          id={`${idPrefix}-ticket`}
          label={ticketRequired ? 'Ticket reference' : 'Ticket reference (optional)'}
          error={fe.ticket?.[0]}
          value={request.ticket}
          maxLength={100}
          required={ticketRequired}
          placeholder="e.g. SUP-1234"
          onValue={(ticket) => set({ ticket })}
        />
      </div>
      <TextField
        id={`${idPrefix}-reason`}
        label="Reason"
        hint="Approvers read it; it is kept in the audit trail."
        error={fe.reason?.[0]}
        value={request.reason}
        maxLength={500}
        required
        onValue={(reason) => set({ reason })}
      />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Sending…' : submitLabel}
      </Button>
      {error && !error.fieldErrors ? <ActionErrorAlert error={error} /> : null}
    </>
  );
}
