import type { NextRequest } from 'next/server';
import { guardRoute, json } from '@/lib/http/json';
import { parseObjectListParams } from '@/lib/index/list-params';
import { orgObjectsPage } from '@/lib/index/org-objects';
import { param, parseSearchParams } from '@/lib/http/search-params';

/** Pages of an organization's objects for the client table (React Query). Metadata only. */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  const { orgId } = await params;
  const { data, problems } = parseSearchParams(request.nextUrl.searchParams, {
    q: param.text(200),
    sort: param.oneOf(['name', 'updated'] as const),
    dir: param.oneOf(['asc', 'desc'] as const),
    cursor: param.cursor(),
  });
  if (problems.length)
    return json(
      {
        error: `Bad query string: ${problems.map((p) => `${p.param} ${p.rule}`).join('; ')}.`,
        problems,
      },
      400,
    );
  const p = parseObjectListParams(data);
  return json(await orgObjectsPage(orgId, p));
}
