import 'server-only';
import { RUN_NEEDS } from './kinds';
import type { ActionResult } from '../actions/result';
import { recordAudit } from '../audit/trail';
import { can, type Permission } from '../auth/permissions';
import type { ConsoleSession } from '../auth/session';
import { byokStatuses } from '../byok/queries';
import { getDb, type Db } from '../db/client';
import { getOrganization } from '../orgs';
import { eraseFinishedStaged } from '../recovery/staged';
import { consoleError } from '../workos/errors';
import {
  approvalPolicyFor,
  askApproval,
  consumeApproval,
  planHashOf,
  planState,
  startApproval,
  withdrawOpen,
} from './dual-control';
import { advanceRun, type AdvanceResult } from './engine';
import * as plans from './plans';
import {
  createRun,
  getRun,
  markCancelled,
  markStarted,
  removePlannedRow,
  replacePlannedRows,
  type OperationKind,
  type OperationRun,
  type PlannedRow,
} from './store';

/**
 * Batch operations as the operations page's actions ask for them: plan a run, start it, advance
 * it, cancel it. The actions (app/(console)/orgs/[orgId]/operations/actions.ts) check the session
 * and their declared permission; what running each kind needs is checked here, again at start
 * and at every advance, because a role can change while a run is in flight.
 */
const NEEDS: Record<OperationKind, readonly Permission[]> = RUN_NEEDS;

function refusedFor(session: ConsoleSession, kind: OperationKind) {
  const missing = NEEDS[kind].filter((p) => !can(session.permissions, p));
  return missing.length
    ? consoleError('forbidden', {
        message: `Your role does not include ${missing.join(' or ')}, which this operation needs.`,
      })
    : null;
}

type Planned = ActionResult<{ runId: string; objects: number; approvalRequestId: string | null }>;

async function plan(
  session: ConsoleSession,
  kind: OperationKind,
  orgId: string,
  rows: () => Promise<PlannedRow[] | { reason: string }>,
): Promise<Planned> {
  const org = await getOrganization(orgId);
  if (!org.ok) return { ok: false, error: org.error };
  const planned = await rows();
  if (!Array.isArray(planned))
    return { ok: false, error: consoleError('invalid_input', { message: planned.reason }) };
  if (planned.length === 0)
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message: 'Nothing to do: no object in this organization matches this operation.',
      }),
    };
  const db = await getDb();
  const runId = await createRun(db, {
    kind,
    orgId,
    orgName: org.data.name,
    user: session.user,
    rows: planned,
  });
  await recordAudit({
    user: session.user,
    action: 'operation.planned',
    orgId,
    detail: { operation_run: runId, kind, objects: planned.length },
  });
  // Dual control: where the policy asks for it, the plan goes to the approvers' queue at once.
  let approvalRequestId: string | null = null;
  const policy = await approvalPolicyFor(orgId, kind, db);
  if (policy)
    approvalRequestId = await db.transaction(async (tx) => {
      const state = await planState(tx, runId, true);
      return askApproval(session, state!, policy, tx);
    });
  return { ok: true, data: { runId, objects: planned.length, approvalRequestId } };
}

/** BYOK migrator: objects not yet on the verified customer key, by the index now. */
async function rewrapRows(orgId: string): Promise<PlannedRow[] | { reason: string }> {
  const db = await getDb();
  const status = (await byokStatuses(db, [orgId])).get(orgId)!;
  const r = await plans.planRewrap(db, orgId, status);
  return r.ok ? r.rows : { reason: r.reason };
}

/** Offboarding: a plan to delete every object the index holds under the organization. */
export function planOffboardRun(session: ConsoleSession, orgId: string): Promise<Planned> {
  return plan(session, 'offboard', orgId, async () => plans.planOffboard(await getDb(), orgId));
}

/** Multi-select delete: a plan for the chosen objects of one organization. */
export function planBulkDeleteRun(
  session: ConsoleSession,
  orgId: string,
  objectIds: string[],
): Promise<Planned> {
  return plan(session, 'bulk_delete', orgId, async () => {
    const rows = await plans.planSelected(await getDb(), orgId, objectIds);
    if (rows.length !== new Set(objectIds).size)
      return {
        reason: `${new Set(objectIds).size - rows.length} of the chosen objects are not in this organization's index. Reload the list and choose again.`,
      };
    return rows;
  });
}

/** BYOK migrator: a plan to re-encrypt every object not yet on the verified customer key. */
export function planRewrapRun(session: ConsoleSession, orgId: string): Promise<Planned> {
  return plan(session, 'rewrap', orgId, () => rewrapRows(orgId));
}

/** The organization's run, if this person may run its kind. */
async function runFor(
  session: ConsoleSession,
  orgId: string,
  runId: string,
): Promise<ActionResult<OperationRun>> {
  const run = await getRun(await getDb(), runId);
  if (!run || run.org_id !== orgId) return { ok: false, error: consoleError('not_found') };
  const refused = refusedFor(session, run.kind);
  return refused ? { ok: false, error: refused } : { ok: true, data: run };
}

async function advance(
  session: ConsoleSession,
  runId: string,
): Promise<ActionResult<AdvanceResult>> {
  const r = await advanceRun(session, await getDb(), runId, 3_000);
  return r ? { ok: true, data: r } : { ok: false, error: consoleError('not_found') };
}

/** Starts a planned run. Deletes need the organization's name typed, as on a single delete. */
export async function startRun(
  session: ConsoleSession,
  input: { orgId: string; runId: string; confirmName?: string },
): Promise<ActionResult<AdvanceResult>> {
  const found = await runFor(session, input.orgId, input.runId);
  if (!found.ok) return found;
  const run = found.data;
  if (run.kind !== 'rewrap' && run.kind !== 'import' && input.confirmName !== run.org_name)
    return {
      ok: false,
      error: {
        ...consoleError('invalid_input', {
          message: 'Type the organization’s exact name to confirm the delete.',
        }),
        fieldErrors: { confirmName: ['This does not match the organization’s name.'] },
      },
    };
  const alreadyStarted = consoleError('conflict', {
    message: 'This run has already been started or cancelled. Reload to see where it is.',
  });
  // Lock the run, check its approval against the plan as it stands, start it: one transaction,
  // so no edit lands between the check and the start.
  const started = await (
    await getDb()
  ).transaction(async (tx): Promise<ActionResult<null>> => {
    const plan = await planState(tx, input.runId, true);
    if (!plan || plan.status !== 'planned') return { ok: false, error: alreadyStarted };
    const gate = await startApproval(tx, plan);
    if (!gate.ok) return gate;
    if (!(await markStarted(tx, input.runId, session.user.email)))
      return { ok: false, error: alreadyStarted };
    const approval = gate.approval;
    if (approval) {
      await consumeApproval(tx, approval.request.id);
      await tx.query('update operation_runs set approval_request_id = $2 where id = $1', [
        input.runId,
        approval.request.id,
      ]);
    }
    await recordAudit(
      {
        user: session.user,
        action: 'operation.started',
        orgId: input.orgId,
        detail: {
          operation_run: input.runId,
          kind: run.kind,
          plan_version: plan.version,
          ...(approval
            ? {
                approval_request_id: approval.request.id,
                approved_by: approval.decisions
                  .filter((d) => d.decision === 'approve')
                  .map((d) => d.approverEmail)
                  .join(', '),
              }
            : {}),
        },
      },
      tx,
    );
    return { ok: true, data: null };
  });
  if (!started.ok) return started;
  return advance(session, input.runId);
}

/** Works through a started run for a few seconds; the page calls it until the run finishes. */
export async function advanceOperationRun(
  session: ConsoleSession,
  input: { orgId: string; runId: string },
): Promise<ActionResult<AdvanceResult>> {
  const found = await runFor(session, input.orgId, input.runId);
  return found.ok ? advance(session, input.runId) : found;
}

export async function cancelRun(
  session: ConsoleSession,
  input: { orgId: string; runId: string },
): Promise<ActionResult<{ cancelled: boolean }>> {
  const found = await runFor(session, input.orgId, input.runId);
  if (!found.ok) return found;
  const cancelled = await (
    await getDb()
  ).transaction(async (tx) => {
    const done = await markCancelled(tx, input.runId);
    if (done) {
      await withdrawOpen(session, input.runId, 'the plan was discarded', tx);
      // An import plan's staged values go with it.
      await tx.query('delete from operation_row_values where run_id = $1', [input.runId]);
    }
    return done;
  });
  return { ok: true, data: { cancelled } };
}

const notPlanned = () =>
  consoleError('conflict', {
    message:
      'This plan has already been started or discarded, so it can no longer be changed. Reload to see where it is.',
  });

/**
 * Takes one object out of a planned run: a new plan version. An approval given for the old
 * version no longer lets it start; where the policy asks for approval, the new version goes to
 * the queue at once (the old request is withdrawn).
 */
export async function removeFromPlan(
  session: ConsoleSession,
  input: { orgId: string; runId: string; seq: number },
): Promise<ActionResult<{ planVersion: number; approvalRequestId: string | null }>> {
  const found = await runFor(session, input.orgId, input.runId);
  if (!found.ok) return found;
  if (found.data.kind === 'offboard')
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message:
          'An offboarding deletes every object of the organization and lists it again in Vault before it finishes, so no object can be left out of it. Refresh the plan to take in changes instead.',
      }),
    };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await planState(tx, input.runId, true);
    if (!before || before.status !== 'planned') return { ok: false, error: notPlanned() };
    if (before.objects <= 1)
      return {
        ok: false,
        error: consoleError('invalid_input', {
          message: 'A plan keeps at least one object: discard the plan instead.',
        }),
      };
    const removed = await removePlannedRow(tx, input.runId, input.seq, session.user.id);
    if (!removed)
      return {
        ok: false,
        error: consoleError('not_found', {
          message: 'This object is no longer in the plan. Reload to see the plan as it stands.',
        }),
      };
    await recordAudit(
      {
        user: session.user,
        action: 'operation.plan_edited',
        orgId: input.orgId,
        objectId: removed.objectId,
        objectName: removed.name,
        detail: { operation_run: input.runId, plan_version: removed.version, removed: 1 },
      },
      tx,
    );
    const approvalRequestId = await afterEdit(session, input.runId, tx);
    return { ok: true, data: { planVersion: removed.version, approvalRequestId } };
  });
}

/**
 * After an edit: an approval of the old version no longer counts (its hash differs; it is
 * withdrawn too), and where the policy asks for approval the new version goes to the queue.
 */
async function afterEdit(
  session: ConsoleSession,
  runId: string,
  tx: Pick<Db, 'query'>,
): Promise<string | null> {
  const plan = (await planState(tx, runId))!;
  const policy = await approvalPolicyFor(plan.orgId, plan.kind, tx);
  if (policy) return askApproval(session, plan, policy, tx);
  await withdrawOpen(session, runId, 'the plan changed', tx);
  return null;
}

/**
 * Re-plans a run that has not started from the index as it is now (objects created since, new
 * versions), as a new plan version; unchanged, nothing happens. A bulk delete keeps its chosen
 * objects (those since deleted drop out).
 */
export async function refreshPlan(
  session: ConsoleSession,
  input: { orgId: string; runId: string },
): Promise<ActionResult<{ planVersion: number; changed: boolean; objects: number }>> {
  const found = await runFor(session, input.orgId, input.runId);
  if (!found.ok) return found;
  const run = found.data;
  if (run.kind === 'import')
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message:
          'An import plan is made from the uploaded file, not from the index: preview and apply the file again for a new plan (and discard this one).',
      }),
    };
  const db = await getDb();
  let rows: PlannedRow[] | { reason: string };
  if (run.kind === 'offboard') rows = await plans.planOffboard(db, run.org_id);
  else if (run.kind === 'rewrap') rows = await rewrapRows(run.org_id);
  else {
    const chosen = await db.query<{ object_id: string }>(
      'select object_id from operation_rows where run_id = $1',
      [run.id],
    );
    rows = await plans.planSelected(
      db,
      run.org_id,
      chosen.rows.map((r) => r.object_id),
    );
  }
  if (!Array.isArray(rows))
    return { ok: false, error: consoleError('invalid_input', { message: rows.reason }) };
  if (!rows.length)
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message:
          'Nothing to do any more: no object in this organization matches this operation. Discard the plan.',
      }),
    };
  const fresh = rows;
  return db.transaction(async (tx) => {
    const before = await planState(tx, input.runId, true);
    if (!before || before.status !== 'planned') return { ok: false, error: notPlanned() };
    const hash = planHashOf(
      before.kind,
      before.orgId,
      fresh.map((r) => ({
        object_id: r.objectId,
        expected_version: r.expectedVersion,
        key_id_before: r.keyIdBefore,
      })),
    );
    if (hash === before.hash)
      return {
        ok: true,
        data: { planVersion: before.version, changed: false, objects: before.objects },
      };
    const replaced = await replacePlannedRows(tx, input.runId, fresh, session.user.id);
    if (!replaced) return { ok: false, error: notPlanned() };
    await recordAudit(
      {
        user: session.user,
        action: 'operation.plan_edited',
        orgId: input.orgId,
        detail: {
          operation_run: input.runId,
          plan_version: replaced.version,
          refreshed: true,
          objects: fresh.length,
        },
      },
      tx,
    );
    await afterEdit(session, input.runId, tx);
    return {
      ok: true,
      data: { planVersion: replaced.version, changed: true, objects: fresh.length },
    };
  });
}

/** Asks for approval of a planned run as it stands (a policy turned on after it was planned, a denied or expired request). */
export async function requestRunApproval(
  session: ConsoleSession,
  input: { orgId: string; runId: string },
): Promise<ActionResult<{ requestId: string }>> {
  const found = await runFor(session, input.orgId, input.runId);
  if (!found.ok) return found;
  const db = await getDb();
  // An import plan whose request closed (expired, lapsed) is discarded first, values erased.
  if (found.data.kind === 'import') await eraseFinishedStaged(db);
  return db.transaction(async (tx) => {
    const plan = await planState(tx, input.runId, true);
    if (!plan || plan.status !== 'planned') return { ok: false, error: notPlanned() };
    const policy = await approvalPolicyFor(plan.orgId, plan.kind, tx);
    if (!policy)
      return {
        ok: false,
        error: consoleError('invalid_input', {
          message:
            'This organization’s approval policy does not ask for approval of this operation: it can start as it is.',
        }),
      };
    return { ok: true, data: { requestId: await askApproval(session, plan, policy, tx) } };
  });
}
