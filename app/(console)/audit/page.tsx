import type { ComponentProps } from 'react';
import { decodePageCursor, encodePageCursor } from '@/lib/http/page-cursor';
import { Link } from '@/components/ui/link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/input';
import { PathName } from '@/components/ui/path-name';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { cachedOrgNames } from '@/lib/org-names';
import { AUDIT_ACTIONS, listAudit } from '@/lib/audit/trail';
import { inDateRange, param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Audit trail' };

type Search = {
  org?: string;
  user?: string;
  action?: string;
  object?: string;
  from?: string;
  to?: string;
  before?: string;
};

const TONE: Record<string, BadgeTone> = {
  'object.revealed': 'amber',
  'object.copied': 'amber',
  'object.edit_loaded': 'amber',
  'object.deleted': 'red',
  'object.created': 'green',
  'object.updated': 'indigo',
  'object.restored': 'green',
  'copy.erased': 'red',
};

function parseDate(raw: string | undefined): Date | undefined {
  if (!raw) return undefined;
  const d = new Date(raw);
  return inDateRange(d) ? d : undefined;
}

/** One labelled text filter of the audit form (a GET form: the URL holds the filters). */
function filterInput(id: string, label: string, props: ComponentProps<'input'>) {
  return (
    <Field id={id} label={label} compact>
      {(c) => <Input {...c} {...props} size="sm" className="mt-1" />}
    </Field>
  );
}

export default async function AuditPage({ searchParams }: PageInput) {
  await requirePermission('console.audit:read');
  const sp: Search = parseSearchParams(await searchParams, {
    org: param.text(100),
    user: param.text(200),
    action: param.text(100),
    object: param.text(1000),
    from: param.text(40),
    to: param.text(40),
    before: param.cursor(),
  }).data;
  const action = AUDIT_ACTIONS.includes(sp.action as (typeof AUDIT_ACTIONS)[number])
    ? sp.action
    : undefined;
  const filter = {
    orgId: sp.org?.trim() || undefined,
    user: sp.user?.trim() || undefined,
    action,
    object: sp.object?.trim() || undefined,
    from: parseDate(sp.from),
    to: parseDate(sp.to),
  };
  const page = await listAudit(filter, { before: decodePageCursor(sp.before), limit: 50 });
  const orgNames = await cachedOrgNames([
    ...new Set(page.rows.map((r) => r.org_id).filter((x): x is string => Boolean(x))),
  ]);
  const keep = Object.fromEntries(
    Object.entries({
      org: sp.org,
      user: sp.user,
      action,
      object: sp.object,
      from: sp.from,
      to: sp.to,
    }).filter(([, v]) => v),
  ) as Record<string, string>;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every reveal, copy, edit, create and delete made through this console, with who, when and why. Kept in the console database."
      />
      <form
        action="/audit"
        className="mb-4 grid grid-cols-1 gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-3 lg:grid-cols-7"
      >
        {filterInput('f-user', 'User email', { name: 'user', defaultValue: sp.user })}
        {filterInput('f-org', 'Organization id', {
          name: 'org',
          defaultValue: sp.org,
          placeholder: 'org_…',
        })}
        {filterInput('f-object', 'Object id or name', {
          name: 'object',
          defaultValue: sp.object,
          placeholder: 'secret_… or acme/stripe',
        })}
        <Field id="f-action" label="Action" compact>
          {(c) => (
            <Select
              {...c}
              name="action"
              defaultValue={action ?? ''}
              size="sm"
              className="mt-1 w-full"
            >
              <option value="">Any</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {filterInput('f-from', 'From (UTC)', {
          name: 'from',
          type: 'datetime-local',
          defaultValue: sp.from,
        })}
        {filterInput('f-to', 'To (UTC)', {
          name: 'to',
          type: 'datetime-local',
          defaultValue: sp.to,
        })}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass('primary')}>
            Filter
          </button>
          <Link href="/audit" className={buttonClass('ghost')}>
            Clear
          </Link>
        </div>
      </form>
      <p className="mb-4 flex flex-wrap gap-3 text-sm">
        <span className="text-slate-600">Export these entries (filters applied, no values):</span>
        <a
          className="text-indigo-700 hover:underline"
          href={paths.auditExport({ ...keep, format: 'csv' })}
        >
          CSV
        </a>
        <a
          className="text-indigo-700 hover:underline"
          href={paths.auditExport({ ...keep, format: 'json' })}
        >
          JSON
        </a>
      </p>
      <Card className="overflow-hidden">
        {page.rows.length === 0 ? (
          <EmptyState title="No audit entries match">
            Entries appear when someone reveals, copies, edits, creates or deletes an object through
            the console.
          </EmptyState>
        ) : (
          <Table
            caption="Audit entries, newest first"
            columns={['When', 'Who', 'Action', 'Object', 'Organization', 'Reason']}
          >
            {page.rows.map((r) => (
              <tr key={r.id}>
                <TimeCell date={r.occurred_at} show="absolute" />
                <Td className="text-slate-800">{r.user_email}</Td>
                <Td>
                  <Badge tone={r.outcome === 'failure' ? 'red' : (TONE[r.action] ?? 'neutral')}>
                    {r.action}
                    {r.outcome === 'failure' ? ' (failed)' : ''}
                  </Badge>
                </Td>
                <Td>
                  {r.object_id ? (
                    <Link
                      href={paths.object(r.object_id)}
                      className="font-mono text-xs text-indigo-700 hover:underline"
                    >
                      <PathName name={r.object_name ?? r.object_id} />
                    </Link>
                  ) : (
                    '—'
                  )}
                  {r.restored_from ? (
                    <span className="mt-0.5 block text-xs text-slate-600">
                      restored from{' '}
                      <Link
                        href={paths.audit({ object: r.restored_from })}
                        className="font-mono text-indigo-700 hover:underline"
                        aria-label={`Entries of the deleted object ${r.restored_from}`}
                      >
                        {r.restored_from}
                      </Link>{' '}
                      → now <span className="font-mono">{r.object_id}</span>
                    </span>
                  ) : null}
                </Td>
                <Td kind="muted">
                  {r.org_id
                    ? (orgNames.get(r.org_id) ?? (
                        <span className="font-mono text-xs">{r.org_id}</span>
                      ))
                    : '—'}
                </Td>
                <Td kind="muted">{r.reason ?? ''}</Td>
              </tr>
            ))}
          </Table>
        )}
        {page.next ? (
          <nav
            aria-label="Audit pages"
            className="flex justify-end border-t border-slate-200 px-4 py-3"
          >
            <Link
              className={buttonClass('secondary', 'sm')}
              href={`/audit?${new URLSearchParams({ ...keep, before: encodePageCursor(page.next) })}`}
            >
              Older →
            </Link>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
