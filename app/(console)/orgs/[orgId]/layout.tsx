import { notFound } from 'next/navigation';
import { gateSegment } from '@/lib/auth/segment-gate';
import { getOrganization } from '@/lib/orgs';

/**
 * Checks the permission, and that the organization exists, before the loading boundary streams
 * (see gateSegment): an unknown organization answers HTTP 404 with the console's not-found page,
 * not 200 after a skeleton. Pages asking for the organization reuse this answer (memoised).
 */
export default async function Layout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ orgId: string }>;
}) {
  await gateSegment('vault.metadata:read', {
    after: 'orgs',
    child: { new: 'vault.objects:write', byok: 'vault.byok:read', import: 'vault.objects:write' },
  });
  const { orgId } = await params;
  const org = await getOrganization(orgId);
  if (!org.ok && org.error.code === 'not_found') notFound();
  return children;
}
