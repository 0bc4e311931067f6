import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StaleSection } from '@/components/activity/stale-section';
import { LintList } from '@/components/stewardship/lint-list';
import { OrgTabs } from '@/components/orgs/org-tabs';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { listStale } from '@/lib/activity/stale';
import { parseStaleParams } from '@/lib/activity/stale-params';
import { activityHorizon } from '@/lib/activity/store';
import { requirePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import type { RawSearchParams } from '@/lib/http/search-params';
import { getOrganization } from '@/lib/orgs';
import { paths } from '@/lib/paths';
import { lintFindings } from '@/lib/stewardship/lint';

export const metadata = { title: 'Stale secrets and context lint' };

const PAGE = 50;

export default async function OrgActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  await requirePermission('vault.metadata:read');
  const { orgId } = await params;
  const stale = parseStaleParams(await searchParams);
  const result = await getOrganization(orgId);
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound();
    return (
      <ErrorPanel
        error={result.error}
        what="this organization"
        retryHref={paths.orgActivity(orgId)}
      />
    );
  }
  const org = result.data;
  const db = await getDb();
  const [page, horizon, misspelled, prefix] = await Promise.all([
    listStale(
      db,
      { orgId: org.id, notReadDays: stale.read, notChangedDays: stale.changed },
      { sort: stale.sort, dir: stale.dir, limit: PAGE, offset: (stale.page - 1) * PAGE },
    ),
    activityHorizon(db),
    lintFindings(db, 'misspelled_org_key', { orgId: org.id, limit: 20, offset: 0 }),
    lintFindings(db, 'prefix_mismatch', { orgId: org.id, limit: 20, offset: 0 }),
  ]);
  const flagged = [...misspelled.rows, ...prefix.rows];

  return (
    <>
      <PageHeader
        eyebrow={<Crumb href="/orgs">Organizations</Crumb>}
        title={org.name}
        description={<span className="font-mono text-xs">{org.id}</span>}
      />
      <OrgTabs orgId={org.id} current="activity" />
      <div className="space-y-6">
        <Card className="overflow-hidden" id="lint">
          <CardHeader
            title="Key-context lint"
            description="Objects whose key context will not match this organization’s customer key, or whose name points at another organization."
            actions={
              <Link
                prefetch={false}
                href={paths.lint()}
                className="text-sm text-indigo-700 underline"
              >
                All organizations
              </Link>
            }
          />
          {flagged.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">No flags for this organization.</p>
          ) : (
            <LintList findings={flagged} more={misspelled.hasMore || prefix.hasMore} />
          )}
        </Card>
        <Card className="overflow-hidden" id="stale">
          <CardHeader
            title="Stale secrets"
            description="Last value read, last change and age of each object, from the console’s own event history."
          />
          <StaleSection
            rows={page.rows}
            hasMore={page.hasMore}
            params={stale}
            href={(q) => paths.orgActivity(org.id, q)}
            horizon={horizon}
          />
        </Card>
      </div>
    </>
  );
}
