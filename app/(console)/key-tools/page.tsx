import { getEnv } from '@/lib/env';
import { KeyTools } from './_components/key-tools';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { listPolicies } from '@/lib/approvals/policy';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';

export const metadata = { title: 'Key tools' };

export default async function KeyToolsPage({ searchParams }: PageInput) {
  await requirePermission('vault.keys:use');
  const { org } = parseSearchParams(await searchParams, { org: param.text(100) }).data;
  // The request form shows where any policy puts decrypts behind approval; the server applies the
  // one organization's own policy when a request is filed and on every decrypt.
  const gated = (await listPolicies()).filter((p) => p.keyDecryptNeedsApproval);
  return (
    <>
      <PageHeader
        title="Key tools"
        description="Encrypt and decrypt locally with Vault data keys, as the SDK’s vault.encrypt() and vault.decrypt() do. The console only calls /keys/data-key and /keys/decrypt; nothing you enter or get back here is logged or kept. Each decrypt is recorded in the audit trail (data key and organization, never the text) and needs a recent sign-in."
      />
      <KeyTools
        defaultOrgId={org && /^org_[A-Za-z0-9]+$/.test(org) ? org : null}
        maskAfterSeconds={getEnv().reveal.maskAfterSeconds}
        decryptApproval={
          gated.length
            ? {
                maxGrantMinutes: Math.max(...gated.map((p) => p.maxGrantMinutes)),
                ticketRequired: gated.some((p) => p.ticketRequired),
              }
            : null
        }
      />
    </>
  );
}
