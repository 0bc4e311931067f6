import type { NextRequest } from 'next/server';
import { guardRoute, json } from '@/lib/http/json';
import { parseObjectListParams } from '@/lib/vault/list-params';
import { orgObjectsPage } from '@/lib/vault/org-objects';

/** Pages of an organization's objects for the client table (React Query). Metadata only. */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  const { orgId } = await params;
  const sp = request.nextUrl.searchParams;
  const p = parseObjectListParams({
    q: sp.get('q') ?? undefined,
    sort: sp.get('sort') ?? undefined,
    dir: sp.get('dir') ?? undefined,
    cursor: sp.get('cursor') ?? undefined,
  });
  return json(await orgObjectsPage(orgId, p));
}
