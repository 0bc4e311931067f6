import { gateSegment } from '@/lib/auth/segment-gate';
import { ObjectVersionProvider } from './_components/object-version';

/**
 * Checks the permission before the loading boundary streams (see gateSegment), and holds the
 * object's version state (object-version.tsx), one store per object.
 */
export default async function Layout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ objectId: string }>;
}) {
  await gateSegment('vault.metadata:read');
  const { objectId } = await params;
  return <ObjectVersionProvider key={objectId}>{children}</ObjectVersionProvider>;
}
