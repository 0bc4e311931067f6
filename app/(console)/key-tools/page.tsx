import { getEnv } from '@/lib/env';
import { KeyTools } from './_components/key-tools';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type RawSearchParams } from '@/lib/http/search-params';

export const metadata = { title: 'Key tools' };

export default async function KeyToolsPage({
  searchParams,
}: {
  searchParams: Promise<RawSearchParams>;
}) {
  await requirePermission('vault.keys:use');
  const { org } = parseSearchParams(await searchParams, { org: param.text(100) }).data;
  return (
    <>
      <PageHeader
        title="Key tools"
        description="Encrypt and decrypt locally with Vault data keys, as the SDK’s vault.encrypt() and vault.decrypt() do. The console only calls /keys/data-key and /keys/decrypt; nothing you enter or get back here is logged or kept. Each decrypt is recorded in the audit trail (data key and organization, never the text) and needs a recent sign-in."
      />
      <KeyTools
        defaultOrgId={org && /^org_[A-Za-z0-9]+$/.test(org) ? org : null}
        maskAfterSeconds={getEnv().reveal.maskAfterSeconds}
      />
    </>
  );
}
