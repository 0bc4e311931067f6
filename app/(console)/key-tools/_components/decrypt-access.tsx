'use client';

import { useState } from 'react';
import {
  AccessRequestFields,
  useAccessRequest,
} from '@/components/approvals/access-request-fields';
import { TextField } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { requestDecryptAccess } from '../actions';

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
  const form = useAccessRequest(requestDecryptAccess, { maxGrantMinutes, ticketRequired });
  const [filed, setFiled] = useState<string | null>(null);
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
          form.run({ orgId: org }, (d) => setFiled(d.id));
        }}
      >
        <AccessRequestFields
          {...form.fields}
          idPrefix="decrypt-access"
          submitLabel="Request decrypt access"
          lead={
            <TextField
              id="decrypt-access-org"
              label="Organization"
              error={form.error?.fieldErrors?.orgId?.[0]}
              value={org}
              placeholder="org_…"
              required
              onValue={setOrgId}
            />
          }
        />
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
