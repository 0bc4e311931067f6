'use client';

import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { generateTenantPortalLink } from '../actions';

type Intent = 'audit_logs' | 'log_streams';

const LABELS: Record<Intent, string> = {
  audit_logs: 'Audit log link',
  log_streams: 'Log stream setup link',
};

/** Links for the customer's IT: see our staff's access to their secrets, or stream it to a SIEM. */
export function TenantPortalLinks({ orgId }: { orgId: string }) {
  const [links, setLinks] = useState<Partial<Record<Intent, string>>>({});
  const { run, pending, error } = useServerAction(generateTenantPortalLink, 'read');
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
              run(
                { orgId, intent },
                { onOk: (data) => setLinks((l) => ({ ...l, [intent]: data.link })) },
              )
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
