import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { ActionError } from '../actions/result';
import { effectivePolicy, type StoredPolicy } from '../approvals/policy';
import {
  displayStatus,
  getAccessRequest,
  type AccessRequest,
  type Decision,
} from '../approvals/requests';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import type { Db } from '../db/client';
import { consoleError } from '../workos/errors';
import { KIND_TITLES } from './kinds';
import type { OperationKind } from './store';

/**
 * Dual control for tenant operations. Where the organization's approval policy lists a run's
 * kind, a planned run starts only with a second person's approval: an access request of kind
 * 'operation' (never a reveal grant) that names the plan's version and a hash of its rows. Any
 * edit bumps the version and changes the hash, so an approval given before it no longer counts.
 * Only the start is gated: a run already running is never stopped by a policy turned on later.
 */
type Q = Pick<Db, 'query'>;

export type PlanState = {
  runId: string;
  kind: OperationKind;
  orgId: string;
  orgName: string;
  status: string;
  version: number;
  hash: string;
  objects: number;
  authors: string[];
};

/**
 * sha256 over the run's kind, organization and every planned row (object, version, key) in order.
 * An import row adds its name and a digest of its staged (sealed) value, so a plan whose names or
 * values changed after approval is a different plan.
 */
export function planHashOf(
  kind: string,
  orgId: string,
  rows: {
    object_id: string;
    expected_version: string | null;
    key_id_before: string | null;
    staged?: string | null;
  }[],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([kind, orgId]));
  for (const r of rows)
    h.update(
      '\n' +
        JSON.stringify(
          r.staged === undefined
            ? [r.object_id, r.expected_version, r.key_id_before]
            : [r.object_id, r.expected_version, r.key_id_before, r.staged],
        ),
    );
  return h.digest('hex');
}

/** The plan as it stands now (`for update` inside a transaction that starts or edits it). */
export async function planState(q: Q, runId: string, lock = false): Promise<PlanState | null> {
  const run = (
    await q.query<{
      id: string;
      kind: OperationKind;
      org_id: string;
      org_name: string;
      status: string;
      plan_version: number;
      plan_authors: string[];
    }>(
      `select id, kind, org_id, org_name, status, plan_version, plan_authors from operation_runs where id = $1${lock ? ' for update' : ''}`,
      [runId],
    )
  ).rows[0];
  if (!run) return null;
  const rows = await q.query<{
    object_id: string;
    expected_version: string | null;
    key_id_before: string | null;
    staged?: string | null;
  }>(
    run.kind === 'import'
      ? // The name and the staged value's digest (a value erased meanwhile hashes differently too).
        `select r.object_id, r.expected_version, r.key_id_before,
           r.object_name || ':' || coalesce(md5(v.sealed), 'erased') as staged
         from operation_rows r left join operation_row_values v on v.run_id = r.run_id and v.seq = r.seq
         where r.run_id = $1 order by r.seq`
      : 'select object_id, expected_version, key_id_before from operation_rows where run_id = $1 order by seq',
    [runId],
  );
  return {
    runId: run.id,
    kind: run.kind,
    orgId: run.org_id,
    orgName: run.org_name,
    status: run.status,
    version: Number(run.plan_version),
    hash: planHashOf(run.kind, run.org_id, rows.rows),
    objects: rows.rows.length,
    authors: run.plan_authors ?? [],
  };
}

/** The organization's policy, when it puts this kind of run behind a second person's approval. */
export async function approvalPolicyFor(
  orgId: string,
  kind: OperationKind,
  q?: Q,
): Promise<StoredPolicy | null> {
  const policy = await effectivePolicy(orgId, q);
  return policy?.operationsNeedApproval.includes(kind) ? policy : null;
}

/**
 * Asks for approval of the plan as it stands: one pending request bound to its version and hash.
 * Any earlier open request for this run (pending, or approved and unused) is withdrawn first, so
 * the queue shows one request per run and an old approval cannot be picked up again.
 */
export async function askApproval(
  session: ConsoleSession,
  plan: PlanState,
  policy: StoredPolicy,
  tx: Q,
): Promise<string> {
  await withdrawOpen(session, plan.runId, 'the plan was asked for approval again', tx);
  const id = `areq_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  const reason = `${KIND_TITLES[plan.kind]}: ${plan.objects} ${plan.objects === 1 ? 'object' : 'objects'} (plan version ${plan.version}).`;
  const detail = {
    run_id: plan.runId,
    operation: plan.kind,
    plan_version: plan.version,
    plan_hash: plan.hash,
    objects: plan.objects,
    authors: plan.authors,
  };
  await tx.query(
    `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
       reason, ticket, duration_minutes, approvals_required, expires_at, detail)
     values ($1, 'operation', 'pending', $2, $3, $4, null, null, $5, null, $6, $7,
       now() + make_interval(mins => $8), $9)`,
    [
      id,
      session.user.id,
      session.user.email,
      plan.orgId,
      reason,
      policy.maxGrantMinutes,
      policy.approvalsRequired,
      policy.requestExpiryMinutes,
      JSON.stringify(detail),
    ],
  );
  await recordAudit(
    {
      user: session.user,
      action: 'request.created',
      orgId: plan.orgId,
      reason,
      detail: {
        request_id: id,
        scope: 'operation',
        operation_run: plan.runId,
        plan_version: plan.version,
      },
    },
    tx,
  );
  return id;
}

/** Ends this run's open approval requests (a new plan version, a discarded plan). */
export async function withdrawOpen(
  session: ConsoleSession,
  runId: string,
  why: string,
  tx: Q,
): Promise<void> {
  const open = await tx.query<{ id: string; org_id: string; status: string }>(
    `update access_requests set status = 'withdrawn', ended_at = now(), ended_by_email = $2,
       grant_expires_at = case when grant_expires_at is null then null else least(grant_expires_at, now()) end
     where kind = 'operation' and detail->>'run_id' = $1 and ended_at is null
       and (status = 'pending' or (status = 'approved' and grant_expires_at > now()))
     returning id, org_id, status`,
    [runId, session.user.email],
  );
  for (const r of open.rows)
    await recordAudit(
      {
        user: session.user,
        action: 'request.withdrawn',
        orgId: r.org_id,
        reason: why,
        detail: { request_id: r.id, operation_run: runId },
      },
      tx,
    );
}

export type RunApproval = {
  request: AccessRequest;
  decisions: Decision[];
  /** Approved, unused, in time, and for the plan exactly as it stands. */
  valid: boolean;
  /** Approved for an earlier version of the plan. */
  stale: boolean;
};

/** The run's latest approval request and whether it lets the run start now. */
export async function latestApproval(
  q: Q,
  plan: Pick<PlanState, 'runId' | 'hash' | 'version'>,
): Promise<RunApproval | null> {
  const r = await q.query<{ id: string }>(
    `select id from access_requests where kind = 'operation' and detail->>'run_id' = $1
     order by created_at desc, id desc limit 1`,
    [plan.runId],
  );
  if (!r.rows[0]) return null;
  const found = await getAccessRequest(r.rows[0].id, q);
  if (!found) return null;
  const { request, decisions } = found;
  const approved = displayStatus(request) === 'active' && request.endedAt === null;
  const same = request.operation?.planHash === plan.hash;
  return {
    request,
    decisions,
    valid: approved && same,
    stale: request.status === 'approved' && !same,
  };
}

/**
 * May this planned run start? Null when no policy asks for approval of its kind; otherwise the
 * approval it starts under, or a refusal that says what is missing. Runs inside the start's
 * transaction, with the run row locked, so an edit cannot slip between this check and the start.
 */
export async function startApproval(
  q: Q,
  plan: PlanState,
): Promise<{ ok: true; approval: RunApproval | null } | { ok: false; error: ActionError }> {
  const policy = await approvalPolicyFor(plan.orgId, plan.kind, q);
  if (!policy) return { ok: true, approval: null };
  const approval = await latestApproval(q, plan);
  if (approval?.valid) return { ok: true, approval };
  const what = KIND_TITLES[plan.kind].toLowerCase();
  const why = !approval
    ? 'No approval has been asked for yet: ask for approval on this page.'
    : approval.stale
      ? `The plan changed after it was approved (now version ${plan.version}; approved version ${approval.request.operation?.planVersion}), so it needs approval again.`
      : displayStatus(approval.request) === 'pending'
        ? `Approval request ${approval.request.id} is waiting for an approver (vault.requests:approve, not the planner).`
        : `The last approval request (${approval.request.id}) is ${displayStatus(approval.request)}: ask for approval again.`;
  return {
    ok: false,
    error: consoleError('forbidden', {
      message: `This organization’s approval policy needs a second person to approve “${what}” before it starts. ${why}`,
    }),
  };
}

/** Marks the approval used by the start (it cannot start anything else). Inside the start's transaction. */
export async function consumeApproval(q: Q, requestId: string): Promise<void> {
  await q.query(
    `update access_requests set ended_at = now(), grant_expires_at = least(grant_expires_at, now()) where id = $1`,
    [requestId],
  );
}
