import { orgForPage } from '@/components/orgs/org-for-page';
import { OrgHeader } from '@/components/orgs/org-tabs';
import { Card, CardHeader } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { recentlyDeletedView } from '@/lib/vault/recovery-view';
import { DeletedList } from '../../../deleted/_components/deleted-list';

export const metadata = { title: 'Recently deleted' };

const PAGE = 50;

/** One organization's recently deleted objects: names and metadata only, never a value. */
export default async function OrgDeletedPage({
  params,
  searchParams,
}: PageInput<{ orgId: string }>) {
  const session = await requirePermission('vault.metadata:read');
  const { orgId } = await params;
  const { data } = parseSearchParams(await searchParams, {
    page: param.whole(9999, 'a page number'),
  });
  const pageNo = data.page ?? 1;
  const { org, panel } = await orgForPage(orgId, paths.orgDeleted(orgId));
  if (!org) return panel;
  const view = await recentlyDeletedView(org.id, pageNo, PAGE);
  return (
    <>
      <OrgHeader org={org} current="deleted" />
      <Card className="overflow-hidden">
        <CardHeader
          title="Recently deleted"
          description={
            view.days === 0
              ? 'Recovery copies are off (DELETE_RECOVERY_DAYS=0): deletes are final.'
              : `Kept encrypted under each object’s own key context for ${view.days} days, then purged. Restore never overwrites an object that holds the name now.`
          }
        />
        <DeletedList
          rows={view.rows}
          showOrg={false}
          canRestore={hasPermission(session, 'vault.objects:write')}
          canErase={hasPermission(session, 'vault.objects:delete')}
        />
        <Pager
          page={pageNo}
          hasMore={view.hasMore}
          href={(n) => paths.orgDeleted(org.id, { page: String(n) })}
        />
      </Card>
    </>
  );
}
