import { gateSegment } from '@/lib/auth/segment-gate';

/** Checks the permission before the page renders (see gateSegment). */
export default async function Layout({ children }: { children: React.ReactNode }) {
  await gateSegment('vault.metadata:read');
  return children;
}
