import 'server-only';
import { RUN_NEEDS } from './kinds';
import type { ActionResult } from '../actions/result';
import { recordAudit } from '../audit/trail';
import { can, type Permission } from '../auth/permissions';
import type { ConsoleSession } from '../auth/session';
import { byokStatuses } from '../byok/queries';
import { getDb } from '../db/client';
import { getOrganization } from '../orgs';
import { consoleError } from '../workos/errors';
import { advanceRun, type AdvanceResult } from './engine';
import * as plans from './plans';
import {
  createRun,
  getRun,
  markCancelled,
  markStarted,
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

type Planned = ActionResult<{ runId: string; objects: number }>;

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
  return { ok: true, data: { runId, objects: planned.length } };
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
  return plan(session, 'rewrap', orgId, async () => {
    const db = await getDb();
    const status = (await byokStatuses(db, [orgId])).get(orgId)!;
    const r = await plans.planRewrap(db, orgId, status);
    return r.ok ? r.rows : { reason: r.reason };
  });
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
  if (run.kind !== 'rewrap' && input.confirmName !== run.org_name)
    return {
      ok: false,
      error: {
        ...consoleError('invalid_input', {
          message: 'Type the organization’s exact name to confirm the delete.',
        }),
        fieldErrors: { confirmName: ['This does not match the organization’s name.'] },
      },
    };
  if (!(await markStarted(await getDb(), input.runId, session.user.email)))
    return {
      ok: false,
      error: consoleError('conflict', {
        message: 'This run has already been started or cancelled. Reload to see where it is.',
      }),
    };
  await recordAudit({
    user: session.user,
    action: 'operation.started',
    orgId: input.orgId,
    detail: { operation_run: input.runId, kind: run.kind },
  });
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
  return { ok: true, data: { cancelled: await markCancelled(await getDb(), input.runId) } };
}
