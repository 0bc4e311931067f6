import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { OrgTabs } from '@/components/orgs/org-tabs';
import { RowsTable } from '@/components/operations/rows-table';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { displayStatus } from '@/lib/approvals/requests';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { KIND_TITLES, RUN_NEEDS } from '@/lib/operations/kinds';
import { operationView } from '@/lib/operations/views';
import { paths } from '@/lib/paths';
import { RelativeTime } from '@/components/ui/relative-time';
import { AskApproval, RefreshPlan, RemoveFromPlan } from '../_components/plan-approval';
import { RunControls } from '../_components/run-controls';

export const metadata = { title: 'Operation' };

export default async function OperationPage({
  params,
}: {
  params: Promise<{ orgId: string; runId: string }>;
}) {
  const session = await requirePermission('vault.metadata:read');
  const { orgId, runId } = await params;
  const view = await operationView(orgId, runId);
  if (!view) notFound();
  const { run, rows, progress, leftBehind, dual } = view;
  const approval = dual.approval;
  const approvalStatus = approval ? displayStatus(approval.request) : null;
  const approvers = (approval?.decisions ?? [])
    .filter((d) => d.decision === 'approve')
    .map((d) => d.approverEmail);
  // Run controls only for people who may use them; the actions refuse everyone else anyway.
  const mayRun = RUN_NEEDS[run.kind].every((p) => can(session.permissions, p));
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.orgOperations(orgId)}>{run.org_name}</Crumb>}
        title={KIND_TITLES[run.kind]}
        description={
          <span>
            Planned by {run.created_by_email} · {progress.total} objects · plan version{' '}
            {run.plan_version} · <span className="font-mono text-xs">{run.id}</span>
          </span>
        }
        actions={
          run.status === 'finished' ? (
            <>
              <Link
                href={paths.orgOperationReport(orgId, runId)}
                className={buttonClass('primary')}
              >
                {run.kind === 'offboard' ? 'Erasure report' : 'Report'}
              </Link>
              <a
                href={paths.operationReportJson(orgId, runId)}
                className={buttonClass('secondary')}
              >
                Download JSON
              </a>
            </>
          ) : null
        }
      />
      <OrgTabs orgId={orgId} current="operations" />
      {run.status === 'planned' ? (
        <Alert tone="info" className="mb-4" title="Preview: nothing has changed yet">
          {run.kind === 'rewrap'
            ? 'Each object below will be read and written back with the same value and a version check, so WorkOS wraps it under the key its context resolves to now. An object changed since this plan is skipped, never overwritten.'
            : run.kind === 'import'
              ? 'Each name below will be created (no object id yet) or saved with a version check against the version shown here, with the value from the uploaded file. The values are staged encrypted under each object’s key context and are not shown here; they are erased once written, or when this plan is discarded, denied, withdrawn or expires. An object changed since this plan is skipped, never overwritten.'
              : 'Each object below will be deleted with a version check against the version shown here; an object changed since this preview is skipped. Vault deletes every version of an object and this cannot be undone.'}
        </Alert>
      ) : null}
      {run.status === 'planned' && mayRun && run.kind !== 'import' ? (
        <div className="mb-4">
          <RefreshPlan orgId={orgId} runId={runId} />
        </div>
      ) : null}
      {run.status === 'finished' && leftBehind.length ? (
        <Alert
          tone="warning"
          className="mb-4"
          title="Incomplete: objects remain in this organization"
        >
          <p>
            Finished: {progress.done} done, {progress.skipped} skipped, {progress.failed} failed.
            Listed again in Vault, the organization still holds {leftBehind.length}{' '}
            {leftBehind.length === 1 ? 'object' : 'objects'}:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {leftBehind.map((o) => (
              <li key={o.id} className="break-all">
                {o.name} <span className="font-mono text-xs">({o.id})</span>
              </li>
            ))}
          </ul>
        </Alert>
      ) : run.status === 'finished' ? (
        <Alert tone={progress.failed || progress.skipped ? 'warning' : 'success'} className="mb-4">
          Finished: {progress.done} done, {progress.skipped} skipped, {progress.failed} failed.
        </Alert>
      ) : null}
      {run.status === 'cancelled' ? (
        <Alert tone="info" className="mb-4">
          This plan was discarded; nothing was changed.
        </Alert>
      ) : null}
      {run.status === 'planned' && (dual.required || approval) ? (
        <Card className="mb-4" data-testid="dual-control">
          <CardHeader
            title="Second-person approval"
            description={
              dual.required
                ? 'This organization’s approval policy needs someone other than whoever planned or edited this plan (vault.requests:approve) to approve it before it starts. The approval holds for this version of the plan only.'
                : 'The policy no longer asks for approval of this operation; it can start without one.'
            }
          />
          <div className="space-y-3 px-5 py-4 text-sm">
            {approval?.valid ? (
              <p data-testid="approval-state">
                Approved by {approvers.join(' and ')} for plan version {run.plan_version} (request{' '}
                <Link
                  className="text-indigo-700 hover:underline"
                  href={paths.request(approval.request.id)}
                >
                  {approval.request.id}
                </Link>
                ). It can start until{' '}
                <RelativeTime date={approval.request.grantExpiresAt!} show="absolute" />.
              </p>
            ) : approval?.stale ? (
              <p data-testid="approval-state">
                Approved for plan version {approval.request.operation?.planVersion}, but the plan is
                now version {run.plan_version}: it needs approval again.
              </p>
            ) : approvalStatus === 'pending' ? (
              <p data-testid="approval-state">
                Waiting for an approver: request{' '}
                <Link
                  className="text-indigo-700 hover:underline"
                  href={paths.request(approval!.request.id)}
                >
                  {approval!.request.id}
                </Link>{' '}
                (plan version {approval!.request.operation?.planVersion}, asked by{' '}
                {approval!.request.requesterEmail}).
              </p>
            ) : (
              <p data-testid="approval-state">
                {approval
                  ? `The last approval request (${approval.request.id}) is ${approvalStatus}.`
                  : 'No approval has been asked for yet.'}
              </p>
            )}
            {dual.required && mayRun && !approval?.valid && approvalStatus !== 'pending' ? (
              <AskApproval orgId={orgId} runId={runId} label="Ask for approval" />
            ) : null}
          </div>
        </Card>
      ) : null}
      {(run.status === 'planned' || run.status === 'running') && !mayRun ? (
        <Alert tone="info" className="mb-4">
          {run.status === 'planned'
            ? 'Planned by an administrator. Your role cannot start or discard it.'
            : 'Running. Your role cannot resume it.'}
        </Alert>
      ) : null}
      {(run.status === 'planned' || run.status === 'running') && mayRun ? (
        <Card className="mb-6">
          <RunControls
            orgId={orgId}
            runId={runId}
            status={run.status}
            kind={run.kind}
            orgName={run.org_name}
            total={progress.total}
          />
        </Card>
      ) : null}
      <Card className="overflow-hidden">
        <CardHeader
          title="Objects"
          description={`${progress.done} done · ${progress.skipped} skipped · ${progress.failed} failed · ${progress.pending + progress.in_progress} to go`}
        />
        <RowsTable
          rows={rows}
          showKeys={run.kind === 'rewrap'}
          rowAction={
            // An offboarding takes every object of the organization (its final sweep adds any
            // left out), so only the other kinds let an object out of the plan.
            run.status === 'planned' && mayRun && run.kind !== 'offboard' && rows.length > 1
              ? (r) => (
                  <RemoveFromPlan orgId={orgId} runId={runId} seq={r.seq} name={r.object_name} />
                )
              : undefined
          }
        />
      </Card>
    </>
  );
}
