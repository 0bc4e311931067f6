import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { recentlyDeletedView } from '@/lib/vault/recovery-view';
import { DeletedList } from './_components/deleted-list';

export const metadata = { title: 'Recently deleted' };

const PAGE = 50;

/** Recently deleted across every organization: names and metadata only, never a value. */
export default async function DeletedPage({ searchParams }: PageInput) {
  const session = await requirePermission('vault.metadata:read');
  const { data } = parseSearchParams(await searchParams, {
    page: param.whole(9999, 'a page number'),
  });
  const pageNo = data.page ?? 1;
  const view = await recentlyDeletedView(null, pageNo, PAGE);
  return (
    <>
      <PageHeader
        title="Recently deleted"
        description={
          view.days === 0
            ? 'Recovery copies are off (DELETE_RECOVERY_DAYS=0): deletes and saves are final. Copies made before remain until their purge date.'
            : `Objects deleted through the console in every organization. The console keeps an encrypted copy of each for ${view.days} days, sealed under the object’s own key context; then it is purged.`
        }
      />
      <Card className="overflow-hidden">
        <CardHeader
          title={`${view.total.toLocaleString('en-US')} recoverable`}
          description="Restore re-creates the name with the same context and value; it never overwrites an object that holds the name now."
        />
        <DeletedList
          rows={view.rows}
          showOrg
          canRestore={hasPermission(session, 'vault.objects:write')}
          canErase={hasPermission(session, 'vault.objects:delete')}
        />
        <Pager
          page={pageNo}
          hasMore={view.hasMore}
          href={(n) => paths.deleted({ page: String(n) })}
        />
      </Card>
    </>
  );
}
