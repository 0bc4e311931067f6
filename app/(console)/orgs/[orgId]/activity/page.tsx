import { Link } from '@/components/ui/link';
import { StaleSection } from '@/components/activity/stale-section';
import { LintList } from '@/components/stewardship/lint-list';
import { orgForPage } from '@/components/orgs/org-for-page';
import { OrgHeader } from '@/components/orgs/org-tabs';
import { Card, CardHeader } from '@/components/ui/card';
import { parseStaleParams } from '@/lib/activity/stale-params';
import { orgStaleView } from '@/lib/stewardship/views';
import { requirePermission } from '@/lib/auth/session';
import type { PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Stale secrets and context lint' };

const PAGE = 50;

export default async function OrgActivityPage({
  params,
  searchParams,
}: PageInput<{ orgId: string }>) {
  await requirePermission('vault.metadata:read');
  const { orgId } = await params;
  const stale = parseStaleParams(await searchParams);
  const { org, panel } = await orgForPage(orgId, paths.orgActivity(orgId));
  if (!org) return panel;
  const { page, horizon, flagged, moreFlags } = await orgStaleView(org.id, stale, PAGE);

  return (
    <>
      <OrgHeader org={org} current="activity" />
      <div className="space-y-6">
        <Card className="overflow-hidden" id="lint">
          <CardHeader
            title="Key-context lint"
            description="Objects whose key context will not match this organization’s customer key, or whose name points at another organization."
            actions={
              <Link href={paths.lint()} className="text-sm text-indigo-700 underline">
                All organizations
              </Link>
            }
          />
          {flagged.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">No flags for this organization.</p>
          ) : (
            <LintList findings={flagged} more={moreFlags} />
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
