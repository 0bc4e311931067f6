import { Link } from '@/components/ui/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { cn } from '@/lib/cn';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { MATRIX_STALE_DAYS, type CellState } from '@/lib/stewardship/matrix';
import { matrixView } from '@/lib/stewardship/views';

export const metadata = { title: 'Tenant matrix' };

const ORGS_PER_PAGE = 12;
const KINDS_PER_PAGE = 40;

const CELL: Record<CellState, { label: string; className: string }> = {
  present: { label: 'Present', className: 'bg-emerald-50 text-emerald-800' },
  stale: { label: 'Stale', className: 'bg-amber-50 text-amber-900' },
  overdue: { label: 'Overdue', className: 'bg-red-50 text-red-800' },
  missing: { label: 'Missing', className: 'bg-slate-50 text-slate-600' },
};

export default async function MatrixPage({ searchParams }: PageInput) {
  const session = await requirePermission('vault.metadata:read');
  const { data } = parseSearchParams(await searchParams, {
    orgs: param.text(2000),
    kind: param.text(200),
    strip: param.whole(5),
    op: param.whole(10_000),
    kp: param.whole(10_000),
  });
  const chosen = (data.orgs ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 1000);
  const strip = data.strip ?? 1;
  const op = data.op ?? 1;
  const kp = data.kp ?? 1;
  const { matrix: m, names } = await matrixView({
    orgIds: chosen.length ? chosen : null,
    kindFilter: data.kind || null,
    strip,
    orgLimit: ORGS_PER_PAGE,
    orgOffset: (op - 1) * ORGS_PER_PAGE,
    kindLimit: KINDS_PER_PAGE,
    kindOffset: (kp - 1) * KINDS_PER_PAGE,
  });
  const canCreate = hasPermission(session, 'vault.objects:write');
  const keep = {
    orgs: chosen.length ? chosen.join(',') : null,
    kind: data.kind || null,
    strip: strip !== 1 ? String(strip) : null,
  };
  const at = (o: number, k: number) =>
    paths.matrix({
      ...keep,
      op: o > 1 ? String(o) : null,
      kp: k > 1 ? String(k) : null,
    });
  return (
    <>
      <PageHeader
        title="Tenant matrix"
        description={`Which organization has which kind of object. A kind is the name without its first ${strip} “/”-segment${strip > 1 ? 's' : ''} (the organization prefix). Stale: not read for ${MATRIX_STALE_DAYS} days; overdue: past its rotation period or expiry.`}
      />
      <form action="/matrix" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <div className="w-full sm:w-auto">
          <label htmlFor="m-orgs" className="block text-xs font-medium text-slate-600">
            Organizations (ids, comma-separated; empty: all)
          </label>
          <input
            id="m-orgs"
            name="orgs"
            defaultValue={chosen.join(',')}
            className="mt-1 w-full rounded-md border-0 px-3 py-1.5 font-mono text-xs ring-1 ring-slate-300 ring-inset sm:w-96"
          />
        </div>
        <div>
          <label htmlFor="m-kind" className="block text-xs font-medium text-slate-600">
            Kind contains
          </label>
          <input
            id="m-kind"
            name="kind"
            defaultValue={data.kind ?? ''}
            className="mt-1 w-48 rounded-md border-0 px-3 py-1.5 font-mono text-xs ring-1 ring-slate-300 ring-inset"
          />
        </div>
        <div>
          <label htmlFor="m-strip" className="block text-xs font-medium text-slate-600">
            Prefix segments
          </label>
          <input
            id="m-strip"
            name="strip"
            inputMode="numeric"
            defaultValue={strip}
            className="mt-1 w-16 rounded-md border-0 px-3 py-1.5 ring-1 ring-slate-300 ring-inset"
          />
        </div>
        <button type="submit" className="rounded-md px-3 py-1.5 ring-1 ring-slate-300">
          Show
        </button>
      </form>
      <Card className="overflow-hidden">
        {m.kinds.length === 0 || m.orgIds.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-600">
            No objects with an organization and a prefixed name are indexed yet.
          </p>
        ) : (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Tenant matrix">
            <table className="min-w-full text-sm">
              <caption className="sr-only">
                Object kinds (rows) by organization (columns): present, missing, stale or overdue
              </caption>
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
                  <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2">
                    Kind
                  </th>
                  {m.orgIds.map((o) => (
                    <th key={o} scope="col" className="px-3 py-2 font-medium">
                      <Link href={paths.org(o)} className="hover:underline">
                        {names.get(o) ?? o}
                      </Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.kinds.map(({ kind, count }) => (
                  <tr key={kind} className="border-b border-slate-100">
                    <th
                      scope="row"
                      className="sticky left-0 bg-white px-3 py-2 text-left font-mono text-xs font-normal text-slate-800"
                    >
                      */{kind} <span className="text-slate-500">({count})</span>
                      {canCreate &&
                      m.orgIds.some((o) => !m.cells[kind]![o]!.objectId && m.prefixes[o]) ? (
                        <Link
                          href={paths.createInOrgs({
                            kind,
                            orgs: m.orgIds
                              .filter((o) => !m.cells[kind]![o]!.objectId && m.prefixes[o])
                              .join(','),
                          })}
                          aria-label={`Create */${kind} in every organization missing it`}
                          className="ml-2 text-indigo-700 underline"
                        >
                          Create where missing
                        </Link>
                      ) : null}
                    </th>
                    {m.orgIds.map((o) => {
                      const cell = m.cells[kind]![o]!;
                      const look = CELL[cell.state];
                      const prefix = m.prefixes[o];
                      return (
                        <td key={o} className="px-1 py-1">
                          {cell.objectId ? (
                            <Link
                              href={paths.object(cell.objectId)}
                              title={cell.name ?? undefined}
                              className={cn('block rounded px-2 py-1 text-xs', look.className)}
                            >
                              {look.label}
                            </Link>
                          ) : canCreate && prefix ? (
                            <Link
                              href={paths.orgNewNamed(o, `${prefix}/${kind}`)}
                              aria-label={`Missing: create ${prefix}/${kind} in ${names.get(o) ?? o}`}
                              className={cn(
                                'block rounded px-2 py-1 text-xs underline decoration-dotted',
                                look.className,
                              )}
                            >
                              Missing · create
                            </Link>
                          ) : (
                            <span className={cn('block rounded px-2 py-1 text-xs', look.className)}>
                              {look.label}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Matrix pages" className="flex flex-wrap gap-4 px-5 py-3 text-sm">
          {op > 1 ? (
            <Link href={at(op - 1, kp)} className="text-indigo-700 underline">
              ← Organizations
            </Link>
          ) : null}
          {m.hasMoreOrgs ? (
            <Link href={at(op + 1, kp)} className="text-indigo-700 underline">
              More organizations →
            </Link>
          ) : null}
          {kp > 1 ? (
            <Link href={at(op, kp - 1)} className="text-indigo-700 underline">
              ↑ Kinds
            </Link>
          ) : null}
          {m.hasMoreKinds ? (
            <Link href={at(op, kp + 1)} className="text-indigo-700 underline">
              More kinds ↓
            </Link>
          ) : null}
        </nav>
      </Card>
    </>
  );
}
