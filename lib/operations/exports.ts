import 'server-only';
import { NextResponse } from 'next/server';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';

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
