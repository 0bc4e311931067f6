import { notFound } from 'next/navigation';
import { gateSegment } from '@/lib/auth/segment-gate';
import { describeObject } from '@/lib/vault/objects';
import { ObjectVersionProvider } from './_components/object-version';

/**
 * Checks the permission, and that the object exists, before the loading boundary streams (see
 * gateSegment): an unknown object answers HTTP 404 with the console's not-found page, not 200
 * after a skeleton. The page's own describe reuses this answer (memoised per request). Holds the
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
  const described = await describeObject(objectId);
  if (!described.ok && described.error.code === 'not_found') notFound();
  return <ObjectVersionProvider key={objectId}>{children}</ObjectVersionProvider>;
}
