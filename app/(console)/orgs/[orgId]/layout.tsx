import { notFound } from 'next/navigation';
import { gateSegment } from '@/lib/auth/segment-gate';
import { cachedOrgNames } from '@/lib/org-names';
import { getOrganization } from '@/lib/orgs';

/**
 * Checks the permission, and that the organization exists, before the loading boundary streams
 * (see gateSegment): an id the console has never seen in an organization list is asked of WorkOS
 * first, so an unknown organization answers HTTP 404 with the console's not-found page, not 200
 * after a skeleton. A known one streams at once: its skeleton shows while a slow WorkOS answers
 * (the page's own lookup; a known organization deleted since still gets the not-found view).
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
  if (!(await cachedOrgNames([orgId])).has(orgId)) {
    const org = await getOrganization(orgId);
    if (!org.ok && org.error.code === 'not_found') notFound();
  }
  return children;
}
