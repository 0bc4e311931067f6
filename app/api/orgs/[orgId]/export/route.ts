import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client';
import { guardRoute, json } from '@/lib/http/json';
import { param, parseSearchParams } from '@/lib/http/search-params';
import { exportResponse } from '@/lib/operations/exports';

/** The organization's object list from the index as CSV or JSON: metadata only, never a value. */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  const { orgId } = await params;
  const { data, problems } = parseSearchParams(request.nextUrl.searchParams, {
    format: param.oneOf(['csv', 'json'] as const),
  });
  if (problems.length)
    return json(
      {
        error: { code: 'invalid_input', message: 'Bad query string: format must be csv or json.' },
        problems,
      },
      400,
    );
  const db = await getDb();
  const r = await db.query<{
    id: string;
    name: string;
    context: Record<string, string>;
    key_id: string | null;
    version_id: string | null;
    updated_at: Date | null;
  }>(
    'select id, name, context, key_id, version_id, updated_at from vault_objects where org_id = $1 order by name, id',
    [orgId],
  );
  const rows = r.rows.map((o) => ({
    id: o.id,
    name: o.name,
    context: JSON.stringify(o.context),
    key_id: o.key_id,
    version_id: o.version_id,
    updated_at: o.updated_at ? new Date(o.updated_at).toISOString() : null,
  }));
  const format = data.format ?? 'json';
  return exportResponse(guard.session, {
    what: 'objects',
    format,
    orgId,
    columns: ['id', 'name', 'context', 'key_id', 'version_id', 'updated_at'],
    rows:
      format === 'json'
        ? rows.map((o) => ({ ...o, context: JSON.parse(o.context) as unknown }))
        : rows,
    filters: { organization_id: orgId },
    filename: `objects-${orgId}`,
  });
}
