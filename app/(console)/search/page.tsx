import { Link } from '@/components/ui/link';
import { StaleAcrossOrgs } from '@/components/activity/stale-across-orgs';
import { ContextChips } from '@/components/objects/context-chips';
import { buttonClass } from '@/components/ui/button';
import { SearchForm } from '@/components/ui/search-form';
import { Table, NameCell, Td, TimeCell } from '@/components/ui/table';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { IndexBuildingNotice } from '@/components/layout/first-sync-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { rateLimitPage } from '@/lib/actions/gate';
import { requirePermission } from '@/lib/auth/session';
import { SEARCH_MIN_LENGTH, searchLength, searchObjects } from '@/lib/index/search-view';
import { awaitFirstSync } from '@/lib/index/runtime';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Search objects' };

export default async function SearchPage({ searchParams }: PageInput) {
  const session = await requirePermission('vault.metadata:read');
  const raw = await searchParams;
  const { data } = parseSearchParams(raw, {
    q: param.text(200),
    cursor: param.cursor(),
  });
  const query = data.q ?? '';
  // Too short to search: say so, and spend none of the person's search budget.
  const tooShort = query !== '' && searchLength(query) < SEARCH_MIN_LENGTH;
  const limited = query && !tooShort ? await rateLimitPage(session, 'search') : null;
  const cursor = data.cursor;
  const { indexReady } = await awaitFirstSync();
  const page = query && !tooShort && !limited ? await searchObjects(query, cursor ?? null) : null;
  const rows = page?.rows ?? [];
  const orgNames = page?.orgNames ?? new Map<string, string>();

  return (
    <>
      <PageHeader
        title="Search objects"
        description="Find an object by name across every organization. Names are unique per environment, so a name identifies one object."
      />
      <SearchForm
        action="/search"
        id="global-search"
        label="Object name"
        placeholder="At least 3 characters of a name, e.g. stripe"
        defaultValue={query}
        autoFocus
      />
      {!indexReady ? (
        <IndexBuildingNotice>
          Search covers only the objects indexed so far; results fill in as the build continues.
        </IndexBuildingNotice>
      ) : null}
      {limited ? (
        <Alert tone="warning" className="mb-4">
          {limited}
        </Alert>
      ) : null}
      {tooShort ? (
        <Alert tone="info">
          {`Type at least ${SEARCH_MIN_LENGTH} characters to search names across every organization (“${query.trim()}” has ${searchLength(query)}). To find a short name, open its organization and filter its objects there.`}
        </Alert>
      ) : !page ? (
        <p className="text-sm text-slate-600">
          {`Type at least ${SEARCH_MIN_LENGTH} characters of a name. The search runs on the console’s index and never decrypts anything.`}
        </p>
      ) : rows.length === 0 ? (
        <Card>
          <EmptyState title={`No object name contains “${query}”`}>
            Search ignores case and matches any part of the name. Objects created in the last few
            seconds outside the console appear after the next index sync.
          </EmptyState>
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <Table
            caption={`Objects whose name contains ${query}`}
            columns={['Name', 'Organization', 'Other context', 'Updated']}
          >
            {rows.map((r) => (
              <tr key={r.id} className="hover:bg-slate-50">
                <NameCell strong href={paths.object(r.id)} name={r.name} />
                <Td>
                  {r.orgId ? (
                    <Link href={paths.org(r.orgId)} className="text-slate-700 hover:underline">
                      {orgNames.get(r.orgId) ?? (
                        <span className="font-mono text-xs">{r.orgId}</span>
                      )}
                    </Link>
                  ) : (
                    <span className="text-slate-600">No organization_id</span>
                  )}
                </Td>
                <Td>
                  <ContextChips pairs={r.extraContext} />
                </Td>
                <TimeCell
                  date={r.updatedAt}
                  kind="text"
                  className="whitespace-nowrap text-slate-600"
                />
              </tr>
            ))}
          </Table>
          <nav
            aria-label="Result pages"
            className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3"
          >
            {page.prevCursor ? (
              <Link
                className={buttonClass('secondary', 'sm')}
                href={`/search?${new URLSearchParams({ q: query, cursor: page.prevCursor })}`}
              >
                ← Previous
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                className={buttonClass('secondary', 'sm')}
                href={`/search?${new URLSearchParams({ q: query, cursor: page.nextCursor })}`}
              >
                Next →
              </Link>
            ) : null}
          </nav>
        </Card>
      )}
      <StaleAcrossOrgs raw={raw} query={query} />
    </>
  );
}
