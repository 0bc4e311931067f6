import type { NextRequest } from 'next/server';
import { guardRoute, json } from '@/lib/http/json';
import { param, parseSearchParams } from '@/lib/http/search-params';
import { exportResponse, OBJECT_EXPORT_COLUMNS, objectExportRows } from '@/lib/operations/exports';

/**
 * The organization's object list from the index, with each object's owner and rotation, as CSV or
 * JSON: metadata only, never a value.
 */
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
  const rows = await objectExportRows(orgId);
  const format = data.format ?? 'json';
  return exportResponse(guard.session, {
    what: 'objects',
    format,
    orgId,
    columns: [...OBJECT_EXPORT_COLUMNS],
    rows:
      format === 'json'
        ? rows.map((o) => ({ ...o, context: JSON.parse(o.context) as unknown }))
        : rows,
    filters: { organization_id: orgId },
    filename: `objects-${orgId}`,
  });
}
