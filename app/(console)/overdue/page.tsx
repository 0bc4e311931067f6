import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { PathName } from '@/components/ui/path-name';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table } from '@/components/ui/table';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type RawSearchParams } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { overdueView } from '@/lib/stewardship/views';

export const metadata = { title: 'Overdue rotations' };

const PAGE = 50;

export default async function OverduePage({
  searchParams,
}: {
  searchParams: Promise<RawSearchParams>;
}) {
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
                <td className="px-4 py-2.5">
                  <Link
                    prefetch={false}
                    href={paths.object(r.objectId)}
                    className="text-indigo-700"
                  >
                    <PathName name={r.objectName} />
                  </Link>
                </td>
                <td className="px-4 py-2.5 text-slate-700">
                  {r.orgId ? (orgNames.get(r.orgId) ?? r.orgId) : '—'}
                </td>
                <td className="px-4 py-2.5">
                  {r.reason === 'expired' ? (
                    <Badge tone="red">Expired {r.expiresOn}</Badge>
                  ) : (
                    <Badge tone="amber">Rotate every {r.rotationDays} days</Badge>
                  )}
                </td>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                  <RelativeTime date={r.dueAt} />
                </td>
                <td className="px-4 py-2.5 text-slate-700">{r.owner || 'Not set'}</td>
              </tr>
            ))}
          </Table>
        )}
        {pageNo > 1 || page.hasMore ? (
          <div className="flex gap-4 px-5 py-3 text-sm">
            {pageNo > 1 ? (
              <Link
                prefetch={false}
                href={paths.overdue({ page: String(pageNo - 1) })}
                className="text-indigo-700 underline"
              >
                Previous
              </Link>
            ) : null}
            {page.hasMore ? (
              <Link
                prefetch={false}
                href={paths.overdue({ page: String(pageNo + 1) })}
                className="text-indigo-700 underline"
              >
                Next
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </>
  );
}
