import { RequestObjectLink } from '@/components/approvals/request-object-link';
import { Link } from '@/components/ui/link';
import { decodePageCursor, encodePageCursor } from '@/lib/http/page-cursor';
import { RequestStatusBadge } from '@/components/approvals/request-status-badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td } from '@/components/ui/table';
import { buttonClass } from '@/components/ui/button';
import { displayStatus, listAccessRequests, type RequestFilter } from '@/lib/approvals/requests';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { eraseFinishedStaged } from '@/lib/recovery/staged';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { cachedOrgNames } from '@/lib/org-names';
import { paths } from '@/lib/paths';
import { cn } from '@/lib/cn';
import { operationTitle } from '@/lib/operations/kinds';

export const metadata = { title: 'Access requests' };

const FILTERS: { key: RequestFilter; label: string }[] = [
  { key: 'open', label: 'Waiting and running' },
  { key: 'mine', label: 'Mine' },
  { key: 'all', label: 'All' },
];

export default async function RequestsPage({ searchParams }: PageInput) {
  const session = await requirePermission('vault.metadata:read');
  const approver = hasPermission(session, 'vault.requests:approve');
  const sp = parseSearchParams(await searchParams, {
    show: param.oneOf(['open', 'mine', 'all'] as const),
    before: param.cursor(),
  }).data;
  // People who cannot approve see only their own requests.
  const filter: RequestFilter = approver ? (sp.show ?? 'open') : 'mine';
  // Staged change values of requests that expired go on this read (and in housekeeping).
  await eraseFinishedStaged();
  const page = await listAccessRequests(filter, session.user.id, {
    before: decodePageCursor(sp.before),
    limit: 50,
  });
  const orgNames = await cachedOrgNames([...new Set(page.rows.map((r) => r.orgId))]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Access requests"
        description={
          approver
            ? 'Requests for temporary reveal access and proposed changes. Approve or deny each one; you cannot decide your own.'
            : 'Your requests for temporary reveal access, your proposed changes, and what was decided.'
        }
      />
      {approver ? (
        <nav aria-label="Which requests" className="mb-4 flex flex-wrap gap-2">
          {FILTERS.map((f) => (
            <Link
              key={f.key}

              href={paths.requests({ show: f.key })}
              aria-current={f.key === filter ? 'page' : undefined}
              className={cn(buttonClass(f.key === filter ? 'primary' : 'secondary', 'sm'))}
            >
              {f.label}
            </Link>
          ))}
        </nav>
      ) : null}
      <Card className="overflow-hidden">
        {page.rows.length === 0 ? (
          <EmptyState title={filter === 'open' ? 'Nothing is waiting' : 'No requests yet'}>
            A request appears here when someone without reveal permission asks for access from an
            object’s page, or when a tenant operation waits for a second person’s approval.
          </EmptyState>
        ) : (
          <Table
            caption="Access requests, newest first"
            columns={['Requested', 'By', 'Access to', 'Reason', 'Status', 'Approvals']}
          >
            {page.rows.map((r) => {
              const approvals = r.decisions.filter((d) => d.decision === 'approve').length;
              return (
                <tr key={r.id}>
                  <Td kind="time">
                    <Link className="text-indigo-700 hover:underline" href={paths.request(r.id)}>
                      <RelativeTime date={r.createdAt} />
                    </Link>
                  </Td>
                  <Td className="text-slate-800">{r.requesterEmail}</Td>
                  <Td>
                    {r.change ? (
                      <span className="block text-xs font-medium text-slate-700">
                        {r.change.op === 'update'
                          ? 'Change value'
                          : r.change.op === 'create'
                            ? 'New object'
                            : 'Delete'}
                      </span>
                    ) : null}
                    {r.operation ? (
                      <Link
                        className="text-indigo-700 hover:underline"
                        href={paths.orgOperation(r.orgId, r.operation.runId)}
                        data-testid="operation-preview-link"
                      >
                        Plan: {operationTitle(r.operation.operation)} (version{' '}
                        {r.operation.planVersion})
                      </Link>
                    ) : r.objectId ? (
                      <RequestObjectLink id={r.objectId} name={r.objectName} />
                    ) : r.change ? (
                      <span className="font-mono">{r.objectName}</span>
                    ) : r.kind === 'decrypt' ? (
                      <span>Decrypt with key tools</span>
                    ) : (
                      <span>All objects</span>
                    )}
                    <span className="block text-xs text-slate-500">
                      {orgNames.get(r.orgId) ?? r.orgId}
                    </span>
                  </Td>
                  <Td className="max-w-xs">
                    <span className="line-clamp-2">{r.reason}</span>
                    {r.ticket ? (
                      <span className="block text-xs text-slate-500">{r.ticket}</span>
                    ) : null}
                  </Td>
                  <Td>
                    <RequestStatusBadge status={displayStatus(r, now)} />
                  </Td>
                  <Td kind="number">
                    {approvals} of {r.approvalsRequired}
                  </Td>
                </tr>
              );
            })}
          </Table>
        )}
      </Card>
      {page.next ? (
        <p className="mt-4">
          <Link
            className={buttonClass('secondary', 'sm')}
            href={paths.requests({
              show: filter,
              before: encodePageCursor(page.next),
            })}
          >
            Older requests
          </Link>
        </p>
      ) : null}
    </>
  );
}
