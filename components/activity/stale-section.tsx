import { Link } from '@/components/ui/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { Pager } from '@/components/ui/pager';
import { Table, NameCell, Td, TimeCell } from '@/components/ui/table';
import type { StaleParams } from '@/lib/activity/stale-params';
import { staleQuery } from '@/lib/activity/stale-params';
import { ageDays, type StaleRow, type StaleSort } from '@/lib/activity/stale';
import { cn } from '@/lib/cn';
import { paths } from '@/lib/paths';

const COLUMN_LABELS: Record<Exclude<StaleSort, 'name'>, string> = {
  last_read: 'Last read',
  last_changed: 'Last changed',
  age: 'Age',
};

/**
 * Stale secrets: last read, last changed and age per object, sortable, with "not read in 30/90
 * days" and "not changed in N days" filters. Used on an organization's Activity tab and, across
 * organizations, on the search page. `href` builds this view's URL for other parameters.
 */
export function StaleSection({
  rows,
  hasMore,
  params,
  href,
  horizon,
  orgNames,
  emptyText = 'No objects match these filters.',
}: {
  rows: StaleRow[];
  hasMore: boolean;
  params: StaleParams;
  href: (query: Record<string, string | null>) => string;
  horizon: Date | null;
  orgNames?: Map<string, string>;
  /** What to say when there are no rows (default: no object matches). */
  emptyText?: string;
}) {
  const link = (p: Partial<StaleParams>) => href(staleQuery({ ...params, page: 1, ...p }));
  const chip = (active: boolean) =>
    cn(
      'rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset',
      active
        ? 'bg-indigo-600 text-white ring-indigo-600'
        : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
    );
  const sortHeader = (key: Exclude<StaleSort, 'name'>) => {
    const active = params.sort === key;
    const next = active && params.dir === 'asc' ? 'desc' : 'asc';
    return (
      <Link
        href={link({ sort: key, dir: next })}
        aria-label={`Sort by ${COLUMN_LABELS[key].toLowerCase()}, ${next === 'asc' ? 'oldest' : 'newest'} first`}
        className="underline decoration-dotted"
      >
        {COLUMN_LABELS[key]}
        {active ? (params.dir === 'asc' ? ' ↑' : ' ↓') : ''}
      </Link>
    );
  };
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2 px-5 pt-4">
        <nav aria-label="Stale filters" className="flex flex-wrap gap-2">
          <Link href={link({ read: null })} className={chip(!params.read)}>
            Any reads
          </Link>
          {[30, 90].map((n) => (
            <Link
              key={n}
              href={link({ read: n })}
              className={chip(params.read === n)}
              aria-current={params.read === n ? 'page' : undefined}
            >
              Not read in {n} days
            </Link>
          ))}
        </nav>
        <form action={href({})} className="flex items-center gap-2 text-xs text-slate-700">
          {params.read ? <input type="hidden" name="read" value={params.read} /> : null}
          <label htmlFor="stale-changed">Not changed in</label>
          <input
            id="stale-changed"
            name="changed"
            inputMode="numeric"
            defaultValue={params.changed ?? ''}
            className="w-16 rounded-md border-0 px-2 py-1 text-xs ring-1 ring-slate-300 ring-inset"
          />
          <span>days</span>
          <button type="submit" className="rounded-md px-2 py-1 ring-1 ring-slate-300">
            Apply
          </button>
        </form>
      </div>
      <p className="px-5 pt-3 text-xs text-slate-600" data-testid="history-horizon">
        {horizon ? (
          <>
            Reads and changes come from the console’s own copy of Vault events, which reaches back
            to <RelativeTime date={horizon} show="absolute" />. “Never” means not since then.
          </>
        ) : (
          <>
            The console holds no Vault events yet, so every object reads as never read. History
            starts with the next sync.
          </>
        )}
      </p>
      {rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">{emptyText}</p>
      ) : (
        <div className="mt-3">
          <Table
            caption="Objects with last read, last change and age"
            columns={[
              'Name',
              ...(orgNames ? ['Organization'] : []),
              { label: sortHeader('last_read') },
              { label: sortHeader('last_changed') },
              { label: sortHeader('age') },
            ]}
          >
            {rows.map((r) => (
              <tr key={r.id}>
                <NameCell href={paths.object(r.id)} name={r.name} />
                {orgNames ? (
                  <Td kind="muted">{r.orgId ? (orgNames.get(r.orgId) ?? r.orgId) : '—'}</Td>
                ) : null}
                <Td kind="time">
                  {r.lastReadAt ? (
                    <RelativeTime date={r.lastReadAt} />
                  ) : (
                    <span className="text-amber-800">Never</span>
                  )}
                </Td>
                <TimeCell date={r.lastChangedAt} />
                <Td kind="time">
                  {r.createdAt
                    ? `${ageDays(r.createdAt)} d`
                    : r.knownSince
                      ? `≥ ${ageDays(r.knownSince)} d`
                      : '—'}
                </Td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      <Pager
        page={params.page}
        hasMore={hasMore}
        href={(n) => href(staleQuery({ ...params, page: n }))}
      />
    </div>
  );
}
