import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { RequestStatusBadge } from '@/components/approvals/request-status-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { DecideRequest, EndRequest } from '../_components/decide-request';
import { GrantCountdown } from '../_components/grant-countdown';
import { displayStatus, getAccessRequest, recentActivityOf } from '@/lib/approvals/requests';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { getOrganization } from '@/lib/orgs';
import { operationTitle } from '@/lib/operations/kinds';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Access request' };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-5 py-2.5 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const session = await requirePermission('vault.metadata:read');
  const { requestId } = await params;
  const approver = hasPermission(session, 'vault.requests:approve');
  const found = /^areq_[a-z0-9_]{1,64}$/.test(requestId) ? await getAccessRequest(requestId) : null;
  const own = found?.request.requesterId === session.user.id;
  // Someone who can neither decide nor asked sees no trace of it.
  if (!found || (!own && !approver)) notFound();
  const { request: r, decisions } = found;
  const status = displayStatus(r);
  const [org, activity] = await Promise.all([
    getOrganization(r.orgId),
    approver ? recentActivityOf(r.requesterId) : Promise.resolve(null),
  ]);
  const orgName = org.ok ? org.data.name : r.orgId;
  const alreadyDecided = decisions.some((d) => d.approverId === session.user.id);
  const op = r.operation;
  // Who planned or edited an operation is not its second person.
  const author = Boolean(op?.authors.includes(session.user.id));
  const approvals = decisions.filter((d) => d.decision === 'approve').length;
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.requests()}>Access requests</Crumb>}
        title={
          op
            ? `Approve: ${operationTitle(op.operation)} (${orgName})`
            : `Reveal access for ${r.requesterEmail}`
        }
        description={
          op
            ? `Planned by ${r.requesterEmail}: ${op.objects} ${op.objects === 1 ? 'object' : 'objects'}, plan version ${op.planVersion}`
            : r.objectId
              ? `One object in ${orgName}`
              : `Every object of ${orgName}`
        }
        actions={<RequestStatusBadge status={status} />}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Request" />
            <dl className="divide-y divide-slate-100">
              {op ? (
                <Row label="Operation">
                  <Link
                    className="text-indigo-700 hover:underline"
                    href={paths.orgOperation(r.orgId, op.runId)}
                    data-testid="operation-preview-link"
                  >
                    Open the plan’s preview ({op.objects} {op.objects === 1 ? 'object' : 'objects'},
                    version {op.planVersion})
                  </Link>
                  <span className="block text-xs text-slate-600">
                    The approval holds for this version of the plan only: an edit needs approval
                    again.
                  </span>
                </Row>
              ) : null}
              <Row label={op ? 'Scope' : 'Access to'}>
                {op ? (
                  `One run in ${orgName}`
                ) : r.objectId ? (
                  <Link
                    className="font-mono text-indigo-700 hover:underline"
                    href={paths.object(r.objectId)}
                  >
                    {r.objectName ?? r.objectId}
                  </Link>
                ) : (
                  `All objects whose key context names ${orgName}`
                )}
              </Row>
              <Row label="Organization">
                <Link className="text-indigo-700 hover:underline" href={paths.org(r.orgId)}>
                  {orgName}
                </Link>
              </Row>
              <Row label="Reason">{r.reason}</Row>
              <Row label="Ticket">{r.ticket ?? '—'}</Row>
              <Row label="Duration">
                {op
                  ? `The run can start within ${r.durationMinutes} minutes of approval`
                  : `${r.durationMinutes} minutes, from approval`}
              </Row>
              <Row label="Requested">
                <RelativeTime date={r.createdAt} show="absolute" />
              </Row>
              <Row label="Request expires">
                <RelativeTime date={r.expiresAt} show="absolute" />
              </Row>
              <Row label="Approvals">
                {approvals} of {r.approvalsRequired} needed
              </Row>
              {r.grantExpiresAt ? (
                <Row label={op ? 'Approval' : 'Grant'}>
                  {status === 'active' ? (
                    <GrantCountdown until={r.grantExpiresAt.toISOString()} />
                  ) : (
                    <>
                      ended <RelativeTime date={r.endedAt ?? r.grantExpiresAt} show="absolute" />
                    </>
                  )}
                </Row>
              ) : null}
              {r.endedByEmail ? <Row label="Ended by">{r.endedByEmail}</Row> : null}
              <Row label="Request id">
                <span className="font-mono text-xs">{r.id}</span>
              </Row>
            </dl>
          </Card>
          <Card>
            <CardHeader title="Decisions" />
            {decisions.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">No one has decided yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {decisions.map((d) => (
                  <li key={d.approverId} className="px-5 py-3 text-sm">
                    <span className="font-medium">{d.approverEmail}</span>{' '}
                    {d.decision === 'approve' ? 'approved' : 'denied'}{' '}
                    <RelativeTime date={d.decidedAt} />
                    {d.comment ? <p className="mt-1 text-slate-700">“{d.comment}”</p> : null}
                  </li>
                ))}
              </ul>
            )}
            {status === 'pending' && approver && !own && !alreadyDecided && !author ? (
              <div className="border-t border-slate-200">
                <DecideRequest requestId={r.id} />
              </div>
            ) : null}
            {status === 'pending' && own ? (
              <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
                Your own request: another approver has to decide it.
              </p>
            ) : status === 'pending' && author ? (
              <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
                You planned or edited this operation: another approver has to decide it.
              </p>
            ) : null}
          </Card>
        </div>
        <div className="space-y-6">
          {status === 'pending' || status === 'active' ? (
            <Card>
              <CardHeader
                title={
                  status === 'active'
                    ? op
                      ? 'Withdraw the approval'
                      : 'End the grant early'
                    : own
                      ? 'Withdraw'
                      : 'Revoke'
                }
                description={
                  status === 'active'
                    ? op
                      ? 'The run can no longer start under this approval.'
                      : 'Reveal stops at once for every object this grant covers.'
                    : 'The request closes without a decision.'
                }
              />
              <div className="px-5 py-4">
                <EndRequest
                  requestId={r.id}
                  label={
                    status === 'active'
                      ? op
                        ? 'Withdraw approval'
                        : 'End access now'
                      : own
                        ? 'Withdraw request'
                        : 'Revoke request'
                  }
                />
              </div>
            </Card>
          ) : null}
          {activity ? (
            <Card>
              <CardHeader
                title="Requester’s recent activity"
                description="The latest entries of the console’s audit trail for this person."
              />
              {activity.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-600">Nothing recorded yet.</p>
              ) : (
                <ul className="divide-y divide-slate-100" data-testid="requester-activity">
                  {activity.map((a, i) => (
                    <li key={i} className="px-5 py-2 text-sm">
                      <span className="font-mono text-xs">{a.action}</span>
                      {a.outcome !== 'success' ? (
                        <span className="text-xs text-red-700"> ({a.outcome})</span>
                      ) : null}
                      {a.objectName ? (
                        <span className="block truncate font-mono text-xs text-slate-600">
                          {a.objectName}
                        </span>
                      ) : null}
                      <span className="block text-xs text-slate-500">
                        <RelativeTime date={a.at} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
