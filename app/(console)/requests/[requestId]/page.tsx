import { RequestObjectLink } from '@/components/approvals/request-object-link';
import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { RequestStatusBadge } from '@/components/approvals/request-status-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { DecideRequest, EndRequest } from '../_components/decide-request';
import { GrantCountdown } from '../_components/grant-countdown';
import { ApplyChange, ChangeDiff, RebaseChange } from '../_components/change-request';
import { Alert } from '@/components/ui/alert';
import {
  displayStatus,
  getAccessRequest,
  recentActivityOf,
  type ChangeOp,
} from '@/lib/approvals/requests';
import { checkStaleness, hasStagedValue } from '@/lib/vault/change-requests';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { eraseFinishedStaged } from '@/lib/recovery/staged';
import { getOrganization } from '@/lib/orgs';
import { operationTitle } from '@/lib/operations/kinds';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Access request' };

const OP_TITLES: Record<ChangeOp, string> = {
  update: 'Change the value of',
  create: 'Create',
  delete: 'Delete',
};

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
  // Staged change values of requests that expired go on this read (and in housekeeping).
  await eraseFinishedStaged();
  const found = /^areq_[a-z0-9_]{1,64}$/.test(requestId) ? await getAccessRequest(requestId) : null;
  const own = found?.request.requesterId === session.user.id;
  // Someone who can neither decide nor asked sees no trace of it.
  if (!found || (!own && !approver)) notFound();
  const { decisions } = found;
  // A change request whose object moved on turns stale here, with who and when (metadata only).
  const r = found.request.change ? await checkStaleness(session, found.request) : found.request;
  const change = r.change;
  const status = displayStatus(r);
  const [org, activity, staged] = await Promise.all([
    r.orgId ? getOrganization(r.orgId) : Promise.resolve({ ok: false as const }),
    approver ? recentActivityOf(r.requesterId) : Promise.resolve(null),
    change && change.op !== 'delete' ? hasStagedValue(r.id) : Promise.resolve(false),
  ]);
  const orgName = org.ok ? org.data.name : r.orgId || 'no organization';
  const changeOpen =
    change !== null && (status === 'pending' || status === 'stale' || status === 'approved');
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
          change
            ? `${OP_TITLES[change.op]} ${r.objectName ?? r.objectId}`
            : op
              ? `Approve: ${operationTitle(op.operation)} (${orgName})`
              : r.kind === 'decrypt'
                ? `Decrypt access for ${r.requesterEmail}`
                : `Reveal access for ${r.requesterEmail}`
        }
        description={
          change
            ? `Change request by ${r.requesterEmail}, in ${orgName}`
            : op
              ? `Planned by ${r.requesterEmail}: ${op.objects} ${op.objects === 1 ? 'object' : 'objects'}, plan version ${op.planVersion}`
              : r.kind === 'decrypt'
                ? `Key-tools decrypts of ciphertexts whose data key belongs to ${orgName}`
                : r.objectId
                  ? `One object in ${orgName}`
                  : `Every object of ${orgName}`
        }
        actions={<RequestStatusBadge status={status} />}
      />
      {change?.stale && status === 'stale' ? (
        <Alert
          tone="warning"
          className="mb-4"
          title="Stale: the object changed after this was proposed"
        >
          <p data-testid="stale-notice">
            {change.stale.by ?? 'Someone'} changed this object{' '}
            <RelativeTime date={change.stale.at} show="absolute" />
            {change.stale.versionId ? (
              <>
                {' '}
                (now version <code className="font-mono text-xs">{change.stale.versionId}</code>)
              </>
            ) : null}
            , after this change was proposed on version{' '}
            <code className="font-mono text-xs">{change.baseVersionId}</code>. It is never applied
            over that change.{' '}
            {own
              ? 'Rebase it on the current version to keep your proposed value; approvers then decide again.'
              : 'The requester can rebase it on the current version; then it can be approved.'}
          </p>
          {own ? (
            <div className="mt-3">
              <RebaseChange requestId={r.id} />
            </div>
          ) : null}
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {change ? (
            <Card>
              <CardHeader title="Change" />
              <dl className="divide-y divide-slate-100">
                <Row label="Object">
                  {r.objectId ? (
                    <RequestObjectLink id={r.objectId} name={r.objectName} />
                  ) : (
                    <span className="font-mono">{r.objectName} (new)</span>
                  )}
                </Row>
                <Row label="Proposed">
                  {change.op === 'update'
                    ? 'A new value'
                    : change.op === 'create'
                      ? 'A new object with this name and value'
                      : 'Deleting the object and all its versions'}
                </Row>
                {change.baseVersionId ? (
                  <Row label="Based on version">
                    <code className="font-mono text-xs">{change.baseVersionId}</code>
                  </Row>
                ) : null}
                {change.op !== 'delete' ? (
                  <Row label="Proposed value">
                    {staged
                      ? 'Staged, encrypted under the object’s own key context; shown only in the diff.'
                      : 'Erased (the request is closed).'}
                  </Row>
                ) : null}
                {change.appliedAt ? (
                  <Row label="Applied">
                    <RelativeTime date={change.appliedAt} show="absolute" />
                    {change.appliedVersionId ? (
                      <>
                        {' '}
                        as version{' '}
                        <code className="font-mono text-xs">{change.appliedVersionId}</code>
                      </>
                    ) : null}
                  </Row>
                ) : null}
              </dl>
              {changeOpen && approver ? (
                <div className="border-t border-slate-200">
                  <ChangeDiff requestId={r.id} />
                </div>
              ) : null}
              {status === 'approved' && approver && !own ? (
                <div className="border-t border-slate-200 px-5 py-4">
                  <p className="mb-2 text-sm text-slate-700">
                    Approved, but the write did not go through. Apply it again (still checked
                    against version {change.baseVersionId ?? '—'}).
                  </p>
                  <ApplyChange requestId={r.id} />
                </div>
              ) : null}
            </Card>
          ) : null}
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
              {change ? null : (
                <Row label={op ? 'Scope' : 'Access to'}>
                  {op ? (
                    `One run in ${orgName}`
                  ) : r.objectId ? (
                    <RequestObjectLink id={r.objectId} name={r.objectName} />
                  ) : r.kind === 'decrypt' ? (
                    `Decrypting with key tools, for data keys bound to ${orgName}`
                  ) : (
                    `All objects whose key context names ${orgName}`
                  )}
                </Row>
              )}
              <Row label="Organization">
                {r.orgId ? (
                  <Link className="text-indigo-700 hover:underline" href={paths.org(r.orgId)}>
                    {orgName}
                  </Link>
                ) : (
                  orgName
                )}
              </Row>
              <Row label="Reason">{r.reason}</Row>
              {change ? null : <Row label="Ticket">{r.ticket ?? '—'}</Row>}
              {change ? null : (
                <Row label="Duration">
                  {op
                    ? `The run can start within ${r.durationMinutes} minutes of approval`
                    : `${r.durationMinutes} minutes, from approval`}
                </Row>
              )}
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
            {(status === 'pending' || (status === 'stale' && change)) &&
            approver &&
            !own &&
            !alreadyDecided &&
            !author ? (
              <div className="border-t border-slate-200">
                <DecideRequest requestId={r.id} canApprove={status !== 'stale'} />
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
          {status === 'pending' || status === 'active' || changeOpen ? (
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
                      : r.kind === 'decrypt'
                        ? 'Key-tools decrypts for this organization stop at once.'
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
