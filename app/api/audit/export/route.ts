import type { NextRequest } from 'next/server';
import { badQuery, guardQuery } from '@/lib/http/json';
import { param } from '@/lib/http/search-params';
import { exportResponse } from '@/lib/operations/exports';
import { AUDIT_ACTIONS, listAudit, type AuditEntry } from '@/lib/audit/trail';

const MAX_ROWS = 10_000;

/** The audit trail with the audit page's filters, as CSV or JSON. Reasons, never values. */
export async function GET(request: NextRequest) {
  const q = await guardQuery(request, 'console.audit:read', {
    format: param.oneOf(['csv', 'json'] as const),
    org: param.text(100),
    user: param.text(200),
    action: param.text(100),
    from: param.text(40),
    to: param.text(40),
  });
  if (!q.ok) return q.response;
  const { data, problems } = q;
  if (data.action && !(AUDIT_ACTIONS as readonly string[]).includes(data.action))
    problems.push({ param: 'action', rule: 'must be one of the audit actions' });
  const date = (raw: string | undefined, name: string) => {
    if (!raw) return undefined;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) problems.push({ param: name, rule: 'must be a date' });
    // PostgreSQL refuses what JavaScript accepts beyond this range (R3-10): a 400, not a 500.
    else if (d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 9999)
      problems.push({ param: name, rule: 'must be a date between 1970 and 9999' });
    return d;
  };
  const from = date(data.from, 'from');
  const to = date(data.to, 'to');
  if (problems.length) return badQuery(problems);
  const filter = {
    orgId: data.org?.trim() || undefined,
    user: data.user?.trim() || undefined,
    action: data.action,
    from,
    to,
  };
  const rows: AuditEntry[] = [];
  let before: { at: string; id: string } | null = null;
  do {
    const page = await listAudit(filter, { before, limit: 500 });
    rows.push(...page.rows);
    before = page.next;
  } while (before && rows.length < MAX_ROWS);
  const format = data.format ?? 'json';
  const filters = Object.fromEntries(
    Object.entries({
      org: data.org,
      user: data.user,
      action: data.action,
      from: data.from,
      to: data.to,
    }).filter(([, v]) => v),
  ) as Record<string, string>;
  return exportResponse(q.session, {
    what: 'audit',
    format,
    orgId: filter.orgId ?? null,
    columns: [
      'occurred_at',
      'user_email',
      'action',
      'outcome',
      'org_id',
      'object_id',
      'object_name',
      'version_id',
      'reason',
    ],
    rows: rows.slice(0, MAX_ROWS).map((r) => ({
      occurred_at: new Date(r.occurred_at).toISOString(),
      user_email: r.user_email,
      action: r.action,
      outcome: r.outcome,
      org_id: r.org_id,
      object_id: r.object_id,
      object_name: r.object_name,
      version_id: r.version_id,
      reason: r.reason,
    })),
    filters,
    filename: ['audit-trail'],
  });
}
