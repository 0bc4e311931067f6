import type { NextRequest } from 'next/server';
import { badQuery, guardQuery, json } from '@/lib/http/json';
import { parseObjectListParams } from '@/lib/index/list-params';
import { orgObjectsPage } from '@/lib/index/org-objects';
import { param } from '@/lib/http/search-params';

/** Pages of an organization's objects for the client table (React Query). Metadata only. */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const q = await guardQuery(request, 'vault.metadata:read', {
    q: param.text(200),
    sort: param.oneOf(['name', 'updated'] as const),
    dir: param.oneOf(['asc', 'desc'] as const),
    cursor: param.cursor(),
  });
  if (!q.ok) return q.response;
  if (q.problems.length) return badQuery(q.problems);
  const { orgId } = await params;
  const p = parseObjectListParams(q.data);
  return json(await orgObjectsPage(orgId, p));
}
