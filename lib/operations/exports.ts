import 'server-only';
import { stringify } from 'csv-stringify/sync';
import { NextResponse } from 'next/server';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb } from '../db/client';

/** What a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const TRIGGER = /^[=+\-@\t\r\n]/;

/**
 * A cell's text made safe to open in a spreadsheet (OWASP "CSV Injection"): a leading = + - @ tab,
 * CR or LF gets a ' in front. A spreadsheet that splits on ; (many European locales), on tabs or
 * on line breaks would start a new cell after each of those too, so the same ' goes after every
 * , ; tab CR or LF that a trigger follows. Names are shown, never evaluated.
 */
export function neutraliseCell(s: string): string {
  const inner = s.replace(/([,;\t\r\n])(?=[=+\-@\t\r\n])/g, "$1'");
  return TRIGGER.test(inner) ? `'${inner}` : inner;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? v.toISOString() : String(v);
}

/** RFC 4180 through csv-stringify: every cell quoted, quotes doubled, CRLF rows, formulas inert. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => neutraliseCell(text(r[c])))),
    {
      header: true,
      columns: columns.map((c) => neutraliseCell(c)),
      quoted: true,
      quoted_empty: true,
      record_delimiter: 'windows',
    },
  );
}

/** A download's file name: only [A-Za-z0-9_-] (ids are validated before they get here). */
export function downloadName(parts: string[], format: 'csv' | 'json'): string {
  for (const p of parts)
    if (!/^[A-Za-z0-9_-]+$/.test(p)) throw new Error('a download name part is not [A-Za-z0-9_-]');
  return `${parts.join('-')}.${format}`;
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
    /** Validated ids and fixed words, joined with '-': see `downloadName`. */
    filename: string[];
  },
): Promise<NextResponse> {
  const filename = downloadName(input.filename, input.format);
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
      'content-disposition': `attachment; filename="${filename}"`,
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
