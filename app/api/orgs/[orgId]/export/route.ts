import type { NextRequest } from 'next/server';
import { badQuery, guardQuery, json } from '@/lib/http/json';
import { missingOrgs } from '@/lib/operations/org-check';
import { orgIdSchema } from '@/lib/vault/schemas';
import { param } from '@/lib/http/search-params';
import { exportResponse, OBJECT_EXPORT_COLUMNS, objectExportRows } from '@/lib/operations/exports';

/**
 * The organization's object list from the index, with each object's owner and rotation, as CSV or
 * JSON: metadata only, never a value.
 */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const q = await guardQuery(request, 'vault.metadata:read', {
    format: param.oneOf(['csv', 'json'] as const),
  });
  if (!q.ok) return q.response;
  if (q.problems.length) return badQuery(q.problems);
  const { orgId } = await params;
  // The id becomes part of the file name and the body: a real organization's id or nothing (R3-04).
  if (!orgIdSchema.safeParse(orgId).success)
    return badQuery([{ param: 'orgId', rule: 'must be an organization id (org_…)' }]);
  const missing = (await missingOrgs([orgId])).get(orgId);
  if (missing) return json({ error: { code: 'not_found', message: missing } }, 404);
  const rows = await objectExportRows(orgId);
  const format = q.data.format ?? 'json';
  return exportResponse(q.session, {
    what: 'objects',
    format,
    orgId,
    columns: [...OBJECT_EXPORT_COLUMNS],
    rows:
      format === 'json'
        ? rows.map((o) => ({ ...o, context: JSON.parse(o.context) as unknown }))
        : rows,
    filters: { organization_id: orgId },
    filename: ['objects', orgId],
  });
}
