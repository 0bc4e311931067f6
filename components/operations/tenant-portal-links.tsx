'use client';

import { useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';

type Intent = 'audit_logs' | 'log_streams';
type Generate = (input: {
  orgId: string;
  intent: Intent;
}) => Promise<ActionResult<{ link: string; expiresAt: string }>>;

const LABELS: Record<Intent, string> = {
  audit_logs: 'Audit log link',
  log_streams: 'Log stream setup link',
};

/** Links for the customer's IT: see our staff's access to their secrets, or stream it to a SIEM. */
export function TenantPortalLinks({ orgId, generate }: { orgId: string; generate: Generate }) {
  const [links, setLinks] = useState<Partial<Record<Intent, string>>>({});
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3 px-5 py-4 text-sm">
      <p className="text-slate-600">
        Every reveal, copy, edit and delete of this organization’s secrets by your staff is sent to
        its WorkOS Audit Logs, with the reason given. Send these links to the customer’s IT team
        (they last 5 minutes).
      </p>
      <div className="flex flex-wrap gap-2">
        {(['audit_logs', 'log_streams'] as const).map((intent) => (
          <Button
            key={intent}
            disabled={pending}
            onClick={() =>
              start(async () => {
                setError(null);
                const r = await callAction(generate, { orgId, intent }, 'read');
                if (r.ok) setLinks((l) => ({ ...l, [intent]: r.data.link }));
                else setError(r.error);
              })
            }
          >
            Generate {LABELS[intent].toLowerCase()}
          </Button>
        ))}
      </div>
      {(['audit_logs', 'log_streams'] as const).map((intent) =>
        links[intent] ? (
          <div
            key={intent}
            className="flex items-start gap-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
          >
            <span className="shrink-0 font-medium">{LABELS[intent]}:</span>
            <a
              data-testid={`portal-link-${intent}`}
              href={links[intent]}
              target="_blank"
              rel="noreferrer"
              className="font-mono text-xs break-all text-indigo-700 underline"
            >
              {links[intent]}
            </a>
            <CopyButton text={links[intent]!} label="Copy link" />
          </div>
        ) : null,
      )}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
