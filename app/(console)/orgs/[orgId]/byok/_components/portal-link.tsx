'use client';

import { useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { generateByokLink } from '../actions';

export function PortalLink({ orgId }: { orgId: string }) {
  const [link, setLink] = useState<{ link: string; expiresAt: string } | null>(null);
  const { run, pending, error } = useServerAction(generateByokLink, 'read');
  return (
    <div className="space-y-3 px-5 py-4">
      <p className="text-sm text-slate-600">
        Send this link to the customer’s IT team. It opens the WorkOS Admin Portal, where they
        connect an AWS KMS, Azure Key Vault or Google Cloud KMS key.
      </p>
      <Button
        variant="primary"
        disabled={pending}
        onClick={() => run({ orgId }, { onOk: setLink })}
      >
        {pending ? 'Generating…' : link ? 'Generate a new link' : 'Generate BYOK setup link'}
      </Button>
      {link ? (
        <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
          <div className="flex items-start gap-2">
            <a
              data-testid="portal-link"
              href={link.link}
              target="_blank"
              rel="noreferrer"
              className="font-mono text-xs break-all text-indigo-700 underline"
            >
              {link.link}
            </a>
            <CopyButton text={link.link} label="Copy link" />
          </div>
          <p className="mt-2 text-xs text-slate-600">
            Expires <RelativeTime date={link.expiresAt} /> (links last 5 minutes and work once).
            Anyone with the link can configure this organization’s key, so send it directly.
          </p>
        </div>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
