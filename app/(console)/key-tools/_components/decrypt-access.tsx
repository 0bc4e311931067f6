'use client';

import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { requestDecryptAccess } from '../actions';

const DURATIONS = [15, 30, 60, 120, 240, 480];

/**
 * Ask for key-tools decrypt access to one organization, where a policy puts decrypts behind
 * approval. The organization starts as the one the pasted ciphertext names, when it names one.
 * The server applies that organization's own policy (longest grant, ticket) and says which rule a
 * request breaks.
 */
export function DecryptAccessForm({
  suggestedOrgId,
  maxGrantMinutes,
  ticketRequired,
}: {
  suggestedOrgId: string | null;
  maxGrantMinutes: number;
  ticketRequired: boolean;
}) {
  const [orgId, setOrgId] = useState<string | null>(null);
  const org = orgId ?? suggestedOrgId ?? '';
  const durations = DURATIONS.filter((d) => d <= maxGrantMinutes);
  const [minutes, setMinutes] = useState(Math.min(60, maxGrantMinutes));
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [filed, setFiled] = useState<string | null>(null);
  const { run, pending, error } = useServerAction(requestDecryptAccess, 'write');
  const fe = error?.fieldErrors ?? {};
  return (
    <section
      aria-labelledby="decrypt-access-title"
      className="space-y-3 rounded-lg bg-white p-5 shadow-xs ring-1 ring-slate-200 lg:col-span-2"
    >
      <h2 id="decrypt-access-title" className="text-sm font-semibold">
        Ask for decrypt access
      </h2>
      <p className="text-sm text-slate-600">
        An approval policy puts decrypting with key tools behind approval: a decrypt needs a running
        grant for the organization the ciphertext’s data key belongs to, whatever your role. Ask for
        one; an approver decides it in Access requests, and every decrypt under it is audited with
        the request id.
      </p>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setFiled(null);
          run({ orgId: org, minutes, reason, ticket }, { onOk: (d) => setFiled(d.id) });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="decrypt-access-org" label="Organization" error={fe.orgId?.[0]}>
            {(c) => (
              <Input
                {...c}
                value={org}
                placeholder="org_…"
                required
                onChange={(e) => setOrgId(e.target.value)}
              />
            )}
          </Field>
          <Field id="decrypt-access-minutes" label="For" error={fe.minutes?.[0]}>
            {(c) => (
              <Select
                {...c}
                value={minutes}
                onChange={(e) => setMinutes(Number(e.target.value))}
                className="w-full"
              >
                {durations.map((d) => (
                  <option key={d} value={d}>
                    {d < 60 ? `${d} minutes` : `${d / 60} hour${d === 60 ? '' : 's'}`}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            id="decrypt-access-ticket"
            label={ticketRequired ? 'Ticket reference' : 'Ticket reference (optional)'}
            error={fe.ticket?.[0]}
          >
            {(c) => (
              <Input
                {...c}
                value={ticket}
                maxLength={100}
                required={ticketRequired}
                placeholder="e.g. SUP-1234"
                onChange={(e) => setTicket(e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          id="decrypt-access-reason"
          label="Reason"
          hint="Approvers read it; it is kept in the audit trail."
          error={fe.reason?.[0]}
        >
          {(c) => (
            <Input
              {...c}
              value={reason}
              maxLength={500}
              required
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Sending…' : 'Request decrypt access'}
        </Button>
        {error && !error.fieldErrors ? <ActionErrorAlert error={error} /> : null}
        {filed ? (
          <p className="text-sm text-slate-700" role="status">
            Request filed:{' '}
            <Link href={paths.request(filed)} className="font-mono">
              {filed}
            </Link>
            . Decrypt again once an approver has approved it.
          </p>
        ) : null}
      </form>
    </section>
  );
}
