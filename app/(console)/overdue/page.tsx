import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table, NameCell, Td, TimeCell } from '@/components/ui/table';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { overdueView } from '@/lib/stewardship/views';

export const metadata = { title: 'Overdue rotations' };

const PAGE = 50;

export default async function OverduePage({ searchParams }: PageInput) {
  await requirePermission('vault.metadata:read');
  const { data } = parseSearchParams(await searchParams, {
    page: param.whole(9999, 'a page number'),
  });
  const pageNo = data.page ?? 1; // param.whole: 1 or more
  const { page, orgNames } = await overdueView(pageNo, PAGE);
  return (
    <>
      <PageHeader
        title="Overdue rotations and expiries"
        description="Objects past the rotation period or expiry date an admin set, across every organization, most overdue first. Rotation counts from the last change the index knows."
      />
      <Card className="overflow-hidden">
        {page.rows.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-600">
            Nothing is overdue. Set a rotation period or an expiry on an object’s page.
          </p>
        ) : (
          <Table
            caption="Overdue objects, most overdue first"
            columns={['Name', 'Organization', 'Why', 'Due', 'Owner']}
          >
            {page.rows.map((r) => (
              <tr key={r.objectId}>
                <NameCell href={paths.object(r.objectId)} name={r.objectName} />
                <Td kind="muted">{r.orgId ? (orgNames.get(r.orgId) ?? r.orgId) : '—'}</Td>
                <Td>
                  {r.reason === 'expired' ? (
                    <Badge tone="red">Expired {r.expiresOn}</Badge>
                  ) : (
                    <Badge tone="amber">Rotate every {r.rotationDays} days</Badge>
                  )}
                </Td>
                <TimeCell date={r.dueAt} />
                <Td kind="muted">{r.owner || 'Not set'}</Td>
              </tr>
            ))}
          </Table>
        )}
        <Pager
          page={pageNo}
          hasMore={page.hasMore}
          href={(n) => paths.overdue({ page: String(n) })}
        />
      </Card>
    </>
  );
}
