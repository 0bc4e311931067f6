import 'server-only';
import { NextResponse } from 'next/server';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb } from '../db/client';

/**
 * A CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab/CR) prefixed with ' so a
 * spreadsheet opens a name as text, never as a formula.
 */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))]
    .join('\r\n')
    .concat('\r\n');
}

/** The download, after the export is written to the trail (no trail row, no file). */
export async function exportResponse(
  session: ConsoleSession,
  input: {
    what: 'objects' | 'audit';
    format: 'csv' | 'json';
    orgId: string | null;
    columns: string[];
    rows: Record<string, unknown>[];
    filters: Record<string, string>;
    filename: string;
  },
): Promise<NextResponse> {
  await recordAudit({
    user: session.user,
    action: 'export.downloaded',
    orgId: input.orgId,
    detail: {
      export: input.what,
      format: input.format,
      rows: input.rows.length,
      filters: JSON.stringify(input.filters),
    },
  });
  const body =
    input.format === 'csv'
      ? toCsv(input.columns, input.rows)
      : JSON.stringify({ filters: input.filters, data: input.rows }, null, 2);
  return new NextResponse(body, {
    headers: {
      'content-type':
        input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${input.filename}.${input.format}"`,
      'cache-control': 'no-store',
    },
  });
}

export const OBJECT_EXPORT_COLUMNS = [
  'id',
  'name',
  'context',
  'key_id',
  'version_id',
  'updated_at',
  'owner',
  'rotation_days',
  'expires_on',
] as const;

/**
 * An organization's objects as the index knows them, with the owner and rotation kept in the
 * console (stewardship). Metadata only: the index never holds a value.
 */
export async function objectExportRows(orgId: string) {
  const db = await getDb();
  const r = await db.query<{
    id: string;
    name: string;
    context: Record<string, string>;
    key_id: string | null;
    version_id: string | null;
    updated_at: Date | null;
    owner: string | null;
    rotation_days: number | null;
    expires_on: string | null;
  }>(
    `select o.id, o.name, o.context, o.key_id, o.version_id, o.updated_at,
            s.owner, s.rotation_days, to_char(s.expires_on, 'YYYY-MM-DD') as expires_on
       from vault_objects o left join object_stewardship s on s.object_id = o.id
      where o.org_id = $1 order by o.name, o.id`,
    [orgId],
  );
  return r.rows.map((o) => ({
    id: o.id,
    name: o.name,
    context: JSON.stringify(o.context),
    key_id: o.key_id,
    version_id: o.version_id,
    updated_at: o.updated_at ? new Date(o.updated_at).toISOString() : null,
    owner: o.owner || null,
    rotation_days: o.rotation_days,
    expires_on: o.expires_on,
  }));
}
