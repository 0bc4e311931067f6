import { Link } from '@/components/ui/link';
import { WarmLink } from '@/components/ui/warm-link';
import { ByokBadge } from '@/components/byok/byok-badge';
import { buttonClass } from '@/components/ui/button';
import { SearchForm } from '@/components/ui/search-form';
import { Table } from '@/components/ui/table';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { IndexBuildingNotice } from '@/components/layout/first-sync-notice';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { formatCount } from '@/lib/format';
import { listOrganizationsPage, orgRowFigures, type OrgListPage } from '@/lib/orgs';
import { awaitFirstSync, type Readiness } from '@/lib/index/runtime';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Organizations' };

type Search = { q?: string; after?: string; before?: string };

export default async function OrganizationsPage({ searchParams }: PageInput) {
  await requirePermission('vault.metadata:read');
  const { q, after, before }: Search = parseSearchParams(await searchParams, {
    q: param.text(200),
    after: param.text(200),
    before: param.text(200),
  }).data;
  const search = q ?? '';
  const [result, readiness] = await Promise.all([
    listOrganizationsPage({ search, after, before }),
    awaitFirstSync(),
  ]);
  const retryHref = `/orgs?${new URLSearchParams({ ...(search ? { q: search } : {}), ...(after ? { after } : {}), ...(before ? { before } : {}) })}`;

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Every organization in this WorkOS environment, with the objects the console has indexed under its key context."
      />
      <SearchForm
        action="/orgs"
        id="org-search"
        label="Search organizations by name"
        placeholder="Search organizations by name"
        defaultValue={search}
      />
      {!readiness.indexReady ? (
        <IndexBuildingNotice>
          Object counts appear when the first build finishes; it runs in the background within the
          WorkOS rate budget and never decrypts anything. This page does not need a reload.
        </IndexBuildingNotice>
      ) : null}
      {result.ok ? (
        <OrgTable page={result.data} search={search} readiness={readiness} />
      ) : (
        <ErrorPanel error={result.error} retryHref={retryHref} what="organizations" />
      )}
    </>
  );
}

async function OrgTable({
  page,
  search,
  readiness,
}: {
  page: OrgListPage;
  search: string;
  readiness: Readiness;
}) {
  const { counts, byok } = await orgRowFigures(page.orgs.map((o) => o.id));
  if (page.orgs.length === 0) {
    return (
      <Card>
        <EmptyState title={search ? `No organization matches “${search}”` : 'No organizations yet'}>
          {search
            ? 'Search matches part of the organization name.'
            : 'Create organizations in the WorkOS dashboard or with the Organizations API; they appear here.'}
        </EmptyState>
      </Card>
    );
  }
  const link = (params: Record<string, string>) =>
    `/orgs?${new URLSearchParams({ ...(search ? { q: search } : {}), ...params })}`;
  return (
    <Card className="overflow-hidden">
      <Table
        caption="Organizations"
        columns={['Organization', 'Domains', { label: 'Objects', align: 'right' }, 'Keys']}
      >
        {page.orgs.map((org) => (
          <tr key={org.id} className="hover:bg-slate-50">
            <td className="px-4 py-3">
              <WarmLink
                href={paths.org(org.id)}
                className="font-medium text-indigo-700 hover:underline"
              >
                {org.name}
              </WarmLink>
              <div className="flex items-center gap-1 font-mono text-xs text-slate-500">
                {org.id} <CopyButton text={org.id} label="Copy id" />
              </div>
            </td>
            <td className="px-4 py-3 text-slate-600">
              {org.domains.map((d) => d.domain).join(', ') || '—'}
            </td>
            <td className="px-4 py-3 text-right tabular-nums">
              {readiness.indexReady ? (
                formatCount(counts.get(org.id) ?? 0)
              ) : (
                <span className="text-slate-500" title="Still indexing: the count is not final">
                  {formatCount(counts.get(org.id) ?? 0)}+
                </span>
              )}
            </td>
            <td className="px-4 py-3">
              <ByokBadge status={byok.get(org.id)!} synced={readiness.byokSynced} />
            </td>
          </tr>
        ))}
      </Table>
      <nav
        aria-label="Pagination"
        className="flex items-center justify-between border-t border-slate-200 bg-white px-4 py-3"
      >
        <p className="text-xs text-slate-500">{page.orgs.length} shown</p>
        <div className="flex gap-2">
          {page.before ? (
            <Link className={buttonClass('secondary', 'sm')} href={link({ before: page.before })}>
              ← Previous
            </Link>
          ) : null}
          {page.after ? (
            <Link className={buttonClass('secondary', 'sm')} href={link({ after: page.after })}>
              Next →
            </Link>
          ) : null}
        </div>
      </nav>
    </Card>
  );
}
