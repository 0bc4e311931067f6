'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@/components/ui/link';
import { useEffect, useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { RadioOptions } from '@/components/ui/input';
import {
  AccessRequestFields,
  useAccessRequest,
} from '@/components/approvals/access-request-fields';
import { paths } from '@/lib/paths';
import { queryKeys } from '@/lib/query/keys';
import { endRequest, requestRevealAccess } from '../../../requests/actions';
import { RevealPanel } from './reveal-panel';

type Status = {
  pending: { id: string; expiresAt: string } | null;
  grant: { id: string; expiresAt: string; scope: string; approvedBy: string[] } | null;
};

async function fetchStatus(objectId: string): Promise<Status> {
  const res = await fetch(paths.requestStatus(objectId), { cache: 'no-store' });
  if (!res.ok) throw new Error(`request status ${res.status}`);
  return res.json() as Promise<Status>;
}

/** mm:ss (or h:mm:ss) until `at`, ticking every second. */
function useCountdown(at: string | null): { left: number; label: string } {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!at) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [at]);
  const left = at ? Math.max(0, Math.floor((Date.parse(at) - now) / 1000)) : 0;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return { left, label: h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}` };
}

/**
 * For someone without reveal permission, where policy lets them ask: the request form, then the
 * pending request, then (polled, so an approval shows within a second or two) Reveal and Copy
 * for as long as the grant runs. The server checks the grant on every reveal; this only shows it.
 */
export function GrantAccess({
  objectId,
  orgName,
  maxGrantMinutes,
  ticketRequired,
  approvalsRequired,
  maskAfterSeconds,
  reasonToCustomer,
}: {
  objectId: string;
  orgName: string;
  maxGrantMinutes: number;
  ticketRequired: boolean;
  approvalsRequired: number;
  maskAfterSeconds: number;
  reasonToCustomer: boolean;
}) {
  const qc = useQueryClient();
  const key = queryKeys.requestStatus(objectId);
  const { data, isError } = useQuery({
    queryKey: key,
    queryFn: () => fetchStatus(objectId),
    // Waiting for a decision: poll twice a second, so an approval goes live without a reload
    // well inside 2 s (one small indexed query per waiting requester).
    refetchInterval: (q) => (q.state.data?.grant ? 5_000 : q.state.data?.pending ? 500 : 10_000),
  });
  const grant = data?.grant ?? null;
  const countdown = useCountdown(grant?.expiresAt ?? null);
  const ended = grant !== null && countdown.left === 0;
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  useEffect(() => {
    if (ended) void qc.invalidateQueries({ queryKey: key });
  }, [ended, qc, key]);
  const end = useServerAction(endRequest, 'write');

  if (!data)
    return (
      <p className="px-5 py-4 text-sm text-slate-600">
        {isError
          ? 'Could not check your access requests. Reload the page.'
          : 'Checking your access…'}
      </p>
    );
  if (grant && !ended)
    return (
      <div>
        <div
          className="flex flex-wrap items-center justify-between gap-2 border-b border-emerald-200 bg-emerald-50 px-5 py-3 text-sm text-emerald-900"
          data-testid="grant-banner"
        >
          <p>
            Temporary access to{' '}
            {grant.scope === 'object' ? 'this object' : `every object of ${orgName}`}, approved by{' '}
            {grant.approvedBy.join(' and ')}. Ends in{' '}
            <span className="font-mono font-semibold" aria-live="off" data-testid="grant-countdown">
              {countdown.label}
            </span>
            .{' '}
            <Link className="underline" href={paths.request(grant.id)}>
              Request
            </Link>
          </p>
          <Button
            size="sm"
            disabled={end.pending}
            onClick={() => end.run({ requestId: grant.id }, { onOk: refresh })}
          >
            End access now
          </Button>
        </div>
        {end.error ? (
          <div className="px-5 pt-3">
            <ActionErrorAlert error={end.error} />
          </div>
        ) : null}
        <RevealPanel
          objectId={objectId}
          maskAfterSeconds={maskAfterSeconds}
          reasonToCustomer={reasonToCustomer}
        />
      </div>
    );
  if (data.pending)
    return (
      <div className="space-y-2 px-5 py-4 text-sm text-slate-700" data-testid="request-pending">
        <p>
          Your request for reveal access waits for{' '}
          {approvalsRequired === 2 ? 'two approvals' : 'approval'}. Reveal turns on here as soon as
          it is approved.{' '}
          <Link className="text-indigo-700 underline" href={paths.request(data.pending.id)}>
            View request
          </Link>
        </p>
        <Button
          size="sm"
          disabled={end.pending}
          onClick={() => end.run({ requestId: data.pending!.id }, { onOk: refresh })}
        >
          Withdraw request
        </Button>
        {end.error ? <ActionErrorAlert error={end.error} /> : null}
      </div>
    );
  return (
    <RequestForm
      objectId={objectId}
      orgName={orgName}
      maxGrantMinutes={maxGrantMinutes}
      ticketRequired={ticketRequired}
      onFiled={refresh}
    />
  );
}

function RequestForm({
  objectId,
  orgName,
  maxGrantMinutes,
  ticketRequired,
  onFiled,
}: {
  objectId: string;
  orgName: string;
  maxGrantMinutes: number;
  ticketRequired: boolean;
  onFiled: () => void;
}) {
  const [scope, setScope] = useState<'object' | 'organization'>('object');
  const form = useAccessRequest(requestRevealAccess, { maxGrantMinutes, ticketRequired });
  return (
    <form
      className="space-y-3 px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        form.run({ objectId, scope }, onFiled);
      }}
    >
      <p className="text-sm text-slate-600">
        Your role cannot reveal values. Ask for temporary access; an approver sees your request in
        their queue, and every reveal is recorded and sent to {orgName}’s audit log.
      </p>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Access to</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <RadioOptions
            name="scope"
            value={scope}
            onChange={setScope}
            labelClassName="flex items-center gap-1.5"
            options={[
              { value: 'object', label: 'This object only' },
              { value: 'organization', label: `Every object of ${orgName}` },
            ]}
          />
        </div>
      </fieldset>
      <AccessRequestFields {...form.fields} idPrefix="grant" submitLabel="Request reveal access" />
    </form>
  );
}
