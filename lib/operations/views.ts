import 'server-only';
import { byokStatuses } from '../byok/queries';
import { getDb } from '../db/client';
import { countOrg } from '../index/store';
import { blastRadius, planRewrap } from './plans';
import { sweepState } from './offboard-sweep';
import { approvalPolicyFor, latestApproval, planState } from './dual-control';
import { buildReport } from './report';
import { eraseFinishedStaged } from '../recovery/staged';
import { getRun, listRows, listRuns, runProgress } from './store';

/** Pages compose: one function per question the operations pages ask; none opens the database. */

/** How many objects the select-delete list offers at once. */
const DELETE_CHOICES = 200;

/** An organization's operations tab: BYOK state, what a migrator run would do, past runs. */
export async function operationsView(orgId: string) {
  const db = await getDb();
  const status = (await byokStatuses(db, [orgId])).get(orgId)!;
  const [total, rewrap, blast, runs, choices] = await Promise.all([
    countOrg(db, orgId),
    planRewrap(db, orgId, status),
    blastRadius(db, orgId, status),
    listRuns(db, orgId),
    db.query<{ id: string; name: string }>(
      'select id, name from vault_objects where org_id = $1 order by name, id limit $2',
      [orgId, DELETE_CHOICES],
    ),
  ]);
  const progress = await Promise.all(runs.map((r) => runProgress(db, r.id)));
  return { status, total, rewrap, blast, runs, progress, choices: choices.rows };
}

/** One run of this organization with its rows, or null when there is none. */
export async function operationView(orgId: string, runId: string) {
  const db = await getDb();
  let run = await getRun(db, runId);
  if (!run || run.org_id !== orgId) return null;
  // An import plan whose approval expired or lapsed is discarded (its staged values erased)
  // before it is shown, as the request pages do: it can't be asked for again.
  if (run.kind === 'import' && run.status === 'planned') {
    await eraseFinishedStaged(db);
    run = (await getRun(db, runId))!;
  }
  const [rows, progress, detail] = await Promise.all([
    listRows(db, runId),
    runProgress(db, runId),
    db.query<{ detail: unknown }>('select detail from operation_runs where id = $1', [runId]),
  ]);
  const plan = (await planState(db, runId))!;
  const [policy, approval] = await Promise.all([
    approvalPolicyFor(orgId, run.kind, db),
    latestApproval(db, plan),
  ]);
  return {
    run,
    rows,
    progress,
    leftBehind: sweepState(detail.rows[0]?.detail).remaining,
    dual: { required: Boolean(policy), plan, approval },
  };
}

/** The printable report of one run of this organization, or null when there is none. */
export async function operationReportView(orgId: string, runId: string) {
  const db = await getDb();
  const run = await getRun(db, runId);
  if (!run || run.org_id !== orgId) return null;
  const report = await buildReport(db, runId);
  return report ? { run, report } : null;
}
