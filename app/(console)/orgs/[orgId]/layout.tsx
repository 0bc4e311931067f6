import { gateSegment } from '@/lib/auth/segment-gate';

/** Checks the permission before the loading boundary streams (see gateSegment). */
export default async function Layout({ children }: { children: React.ReactNode }) {
  await gateSegment('vault.metadata:read', {
    after: 'orgs',
    child: { new: 'vault.objects:write', byok: 'vault.byok:read', import: 'vault.objects:write' },
  });
  return children;
}
