import Link from 'next/link';
import { ContextChips } from '@/components/objects/context-chips';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { requirePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { cachedOrgNames } from '@/lib/orgs';
import { listObjects } from '@/lib/vault/index-store';
import { toObjectRow } from '@/lib/vault/object-rows';

export const metadata = { title: 'Search objects' };

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string; cursor?: string }> }) {
  await requirePermission('vault.metadata:read');
  const { q = '', cursor } = await searchParams;
  const query = q.trim().slice(0, 200);
  const db = await getDb();
  const page = query ? await listObjects(db, { orgId: null, search: query, sort: 'name', dir: 'asc', cursor: cursor ?? null, limit: 50 }) : null;
  const rows = page?.rows.map(toObjectRow) ?? [];
  const orgNames = await cachedOrgNames([...new Set(rows.map((r) => r.orgId).filter((x): x is string => Boolean(x)))]);

  return (
    <>
      <PageHeader title="Search objects" description="Find an object by name across every organization. Names are unique per environment, so a name identifies one object." />
      <form role="search" action="/search" className="mb-4 flex max-w-xl gap-2">
        <label htmlFor="global-search" className="sr-only">
          Object name
        </label>
        <input
          id="global-search"
          name="q"
          defaultValue={query}
          autoFocus
          placeholder="Part of an object name, e.g. stripe"
          className="w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
        />
        <button type="submit" className={buttonClass('primary')}>
          Search
        </button>
      </form>
      {!page ? (
        <p className="text-sm text-slate-600">Type part of a name. The search runs on the console’s index and never decrypts anything.</p>
      ) : rows.length === 0 ? (
        <Card>
          <EmptyState title={`No object name contains “${query}”`}>Search ignores case and matches any part of the name. Objects created in the last few seconds outside the console appear after the next index sync.</EmptyState>
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Objects whose name contains {query}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-2.5">Name</th>
                <th scope="col" className="px-4 py-2.5">Organization</th>
                <th scope="col" className="px-4 py-2.5">Other context</th>
                <th scope="col" className="px-4 py-2.5">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  <td className="px-4 py-2.5">
                    <Link prefetch={false} href={`/objects/${encodeURIComponent(r.id)}`} className="font-medium break-all text-indigo-700 hover:underline">
                      {r.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2.5">
                    {r.orgId ? (
                      <Link prefetch={false} href={`/orgs/${r.orgId}`} className="text-slate-700 hover:underline">
                        {orgNames.get(r.orgId) ?? <span className="font-mono text-xs">{r.orgId}</span>}
                      </Link>
                    ) : (
                      <span className="text-slate-600">No organization_id</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5">
                    <ContextChips pairs={r.extraContext} />
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                    <RelativeTime date={r.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Result pages" className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3">
            {page.prevCursor ? <Link prefetch={false} className={buttonClass('secondary', 'sm')} href={`/search?${new URLSearchParams({ q: query, cursor: page.prevCursor })}`}>← Previous</Link> : null}
            {page.nextCursor ? <Link prefetch={false} className={buttonClass('secondary', 'sm')} href={`/search?${new URLSearchParams({ q: query, cursor: page.nextCursor })}`}>Next →</Link> : null}
          </nav>
        </Card>
      )}
    </>
  );
}
