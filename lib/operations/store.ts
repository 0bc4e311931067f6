import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';

/**
 * Batch operations in the console database: a plan (one row per object, with the version the
 * preview showed), then per-row outcomes as the run goes. Ids, names, version ids and key ids
 * only: never a value. A run survives a crash or a restart because every row's state is here.
 */
export type OperationKind = 'offboard' | 'rewrap' | 'bulk_delete' | 'import';
export type RunStatus = 'planned' | 'running' | 'finished' | 'cancelled';
export type RowStatus = 'pending' | 'in_progress' | 'done' | 'skipped' | 'failed';

export type OperationRun = {
  id: string;
  kind: OperationKind;
  org_id: string;
  org_name: string;
  status: RunStatus;
  created_by_email: string;
  created_at: Date;
  started_at: Date | null;
  started_by_email: string | null;
  finished_at: Date | null;
  /** Bumped by every edit of the plan (dual control binds an approval to it). */
  plan_version: number;
  /** The approval request the run started under, when a policy asked for one. */
  approval_request_id: string | null;
};

export type OperationRow = {
  seq: number;
  object_id: string;
  object_name: string;
  expected_version: string | null;
  key_id_before: string | null;
  status: RowStatus;
  reason: string | null;
  version_after: string | null;
  key_id_after: string | null;
  workos_calls: number;
  finished_at: Date | null;
};

export type PlannedRow = {
  objectId: string;
  name: string;
  expectedVersion: string | null;
  keyIdBefore: string | null;
};

const RUN_COLUMNS =
  'id, kind, org_id, org_name, status, created_by_email, created_at, started_at, started_by_email, finished_at, plan_version, approval_request_id';
const ROW_COLUMNS =
  'seq, object_id, object_name, expected_version, key_id_before, status, reason, version_after, key_id_after, workos_calls, finished_at';

export const newRunId = () => `op_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;

export async function createRun(
  db: Db,
  input: {
    /** Chosen by the caller when something is bound to the id before the plan is stored. */
    id?: string;
    kind: OperationKind;
    orgId: string;
    orgName: string;
    user: { id: string; email: string };
    rows: PlannedRow[];
  },
  /** More of the plan, in the same transaction (an import's staged values). */
  also?: (tx: Pick<Db, 'query'>, runId: string) => Promise<void>,
): Promise<string> {
  const id = input.id ?? newRunId();
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into operation_runs (id, kind, org_id, org_name, status, created_by_id, created_by_email, plan_authors)
       values ($1, $2, $3, $4, 'planned', $5, $6, array[$5::text])`,
      [id, input.kind, input.orgId, input.orgName, input.user.id, input.user.email],
    );
    await insertPlannedRows(tx, id, input.rows);
    await also?.(tx, id);
  });
  return id;
}

/** One statement for the whole plan (a 1,000-object org is one round trip, not 1,000). */
async function insertPlannedRows(tx: Pick<Db, 'query'>, runId: string, rows: PlannedRow[]) {
  if (!rows.length) return;
  await tx.query(
    `insert into operation_rows (run_id, seq, object_id, object_name, expected_version, key_id_before, status)
     select $1, r.ord::int, r.object_id, r.object_name, r.expected_version, r.key_id_before, 'pending'
     from unnest($2::text[], $3::text[], $4::text[], $5::text[]) with ordinality
       as r(object_id, object_name, expected_version, key_id_before, ord)`,
    [
      runId,
      rows.map((r) => r.objectId),
      rows.map((r) => r.name),
      rows.map((r) => r.expectedVersion),
      rows.map((r) => r.keyIdBefore),
    ],
  );
}

/** Marks a new version of a plan that has not started, edited by this person (one of its authors now). */
async function bumpPlanVersion(tx: Pick<Db, 'query'>, runId: string, userId: string) {
  const v = await tx.query<{ plan_version: number }>(
    `update operation_runs set plan_version = plan_version + 1,
       plan_authors = case when $2::text = any(plan_authors) then plan_authors else array_append(plan_authors, $2::text) end
     where id = $1 and status = 'planned' returning plan_version`,
    [runId, userId],
  );
  return Number(v.rows[0]!.plan_version);
}

/**
 * Re-plans a run that has not started from what the index holds now (new objects, new versions),
 * as a new plan version. Null if the run is not planned.
 */
export async function replacePlannedRows(
  tx: Pick<Db, 'query'>,
  runId: string,
  rows: PlannedRow[],
  userId: string,
): Promise<{ version: number } | null> {
  const planned = await tx.query(
    `select 1 from operation_runs where id = $1 and status = 'planned'`,
    [runId],
  );
  if (!planned.rows[0]) return null;
  await tx.query('delete from operation_rows where run_id = $1', [runId]);
  await insertPlannedRows(tx, runId, rows);
  return { version: await bumpPlanVersion(tx, runId, userId) };
}

export async function getRun(db: Db, id: string): Promise<OperationRun | null> {
  const r = await db.query<OperationRun>(
    `select ${RUN_COLUMNS} from operation_runs where id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listRows(db: Db, runId: string): Promise<OperationRow[]> {
  const r = await db.query<OperationRow>(
    `select ${ROW_COLUMNS} from operation_rows where run_id = $1 order by seq`,
    [runId],
  );
  return r.rows.map((row) => ({
    ...row,
    seq: Number(row.seq),
    workos_calls: Number(row.workos_calls),
  }));
}

export type Progress = Record<RowStatus, number> & { total: number };

export async function runProgress(db: Pick<Db, 'query'>, runId: string): Promise<Progress> {
  const r = await db.query<{ status: RowStatus; n: number }>(
    'select status, count(*)::int as n from operation_rows where run_id = $1 group by status',
    [runId],
  );
  const out: Progress = { pending: 0, in_progress: 0, done: 0, skipped: 0, failed: 0, total: 0 };
  for (const row of r.rows) {
    out[row.status] = Number(row.n);
    out.total += Number(row.n);
  }
  return out;
}

export async function listRuns(db: Db, orgId: string, limit = 20): Promise<OperationRun[]> {
  const r = await db.query<OperationRun>(
    `select ${RUN_COLUMNS} from operation_runs where org_id = $1 order by created_at desc limit $2`,
    [orgId, limit],
  );
  return r.rows;
}

/** planned → running, once. Returns false if the run was not in 'planned'. */
export async function markStarted(
  db: Pick<Db, 'query'>,
  runId: string,
  email: string,
): Promise<boolean> {
  const r = await db.query(
    `update operation_runs set status = 'running', started_at = now(), started_by_email = $2
     where id = $1 and status = 'planned' returning id`,
    [runId, email],
  );
  return r.rows.length === 1;
}

/**
 * Takes one object out of a plan that has not started, as a new plan version (who edited it is
 * added to the plan's authors). False if the run is not planned or has no such row.
 */
export async function removePlannedRow(
  tx: Pick<Db, 'query'>,
  runId: string,
  seq: number,
  userId: string,
): Promise<{ objectId: string; name: string; version: number } | null> {
  const gone = await tx.query<{ object_id: string; object_name: string }>(
    `delete from operation_rows where run_id = $1 and seq = $2 and status = 'pending'
       and exists (select 1 from operation_runs where id = $1 and status = 'planned')
     returning object_id, object_name`,
    [runId, seq],
  );
  if (!gone.rows[0]) return null;
  return {
    objectId: gone.rows[0].object_id,
    name: gone.rows[0].object_name,
    version: await bumpPlanVersion(tx, runId, userId),
  };
}

export async function markCancelled(db: Pick<Db, 'query'>, runId: string): Promise<boolean> {
  const r = await db.query(
    `update operation_runs set status = 'cancelled', finished_at = now() where id = $1 and status = 'planned' returning id`,
    [runId],
  );
  return r.rows.length === 1;
}

/**
 * One advancer at a time per run, across processes and replicas: a short lease in the row. A
 * console that dies holding it blocks the run for at most `seconds`, then anyone may resume.
 */
export async function takeLease(db: Db, runId: string, owner: string, seconds: number) {
  const r = await db.query(
    `update operation_runs set lease_until = now() + make_interval(secs => $3), detail = detail || jsonb_build_object('lease_owner', $2::text)
     where id = $1 and status = 'running' and (lease_until is null or lease_until < now() or detail->>'lease_owner' = $2)
     returning id`,
    [runId, owner, seconds],
  );
  return r.rows.length === 1;
}

export async function releaseLease(db: Db, runId: string, owner: string): Promise<void> {
  await db.query(
    `update operation_runs set lease_until = null where id = $1 and detail->>'lease_owner' = $2`,
    [runId, owner],
  );
}

/** The next row to work on: one left in progress by a crash first, then pending ones in order. */
export async function nextRow(db: Db, runId: string): Promise<OperationRow | null> {
  const r = await db.query<OperationRow>(
    `select ${ROW_COLUMNS} from operation_rows where run_id = $1 and status in ('in_progress', 'pending')
     order by (status = 'in_progress') desc, seq limit 1`,
    [runId],
  );
  const row = r.rows[0];
  return row ? { ...row, seq: Number(row.seq), workos_calls: Number(row.workos_calls) } : null;
}

/** Rows a console that stopped mid-run left 'in_progress' (the advancer re-checks each first). */
export async function rowsInProgress(db: Db, runId: string): Promise<OperationRow[]> {
  const r = await db.query<OperationRow>(
    `select ${ROW_COLUMNS} from operation_rows where run_id = $1 and status = 'in_progress' order by seq`,
    [runId],
  );
  return r.rows.map((row) => ({
    ...row,
    seq: Number(row.seq),
    workos_calls: Number(row.workos_calls),
  }));
}

/** The next `limit` pending rows, in plan order. */
export async function pendingRows(db: Db, runId: string, limit: number): Promise<OperationRow[]> {
  const r = await db.query<OperationRow>(
    `select ${ROW_COLUMNS} from operation_rows where run_id = $1 and status = 'pending' order by seq limit $2`,
    [runId, limit],
  );
  return r.rows.map((row) => ({
    ...row,
    seq: Number(row.seq),
    workos_calls: Number(row.workos_calls),
  }));
}

export async function markInProgress(db: Db, runId: string, seq: number): Promise<void> {
  await db.query(
    `update operation_rows set status = 'in_progress' where run_id = $1 and seq = $2 and status = 'pending'`,
    [runId, seq],
  );
}

export type RowOutcome = {
  status: 'done' | 'skipped' | 'failed';
  reason: string | null;
  versionAfter?: string | null;
  keyIdAfter?: string | null;
  workosCalls: number;
};

export async function settleRow(
  db: Db,
  runId: string,
  seq: number,
  outcome: RowOutcome,
): Promise<void> {
  await db.query(
    `update operation_rows set status = $3, reason = coalesce($4, reason), version_after = $5, key_id_after = $6,
       workos_calls = workos_calls + $7, finished_at = now()
     where run_id = $1 and seq = $2 and status in ('pending', 'in_progress')`,
    [
      runId,
      seq,
      outcome.status,
      outcome.reason,
      outcome.versionAfter ?? null,
      outcome.keyIdAfter ?? null,
      outcome.workosCalls,
    ],
  );
}

export async function markFinished(db: Db, runId: string): Promise<void> {
  await db.query(
    `update operation_runs set status = 'finished', finished_at = now(), lease_until = null
     where id = $1 and status = 'running'
       and not exists (select 1 from operation_rows where run_id = $1 and status in ('pending', 'in_progress'))`,
    [runId],
  );
}
