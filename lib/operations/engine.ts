import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ConsoleSession } from '../auth/session';
import type { Db } from '../db/client';
import { processBudget } from '../workos/budget';
import { toConsoleError } from '../workos/errors';
import { auditedDelete, auditedUpdate, readForRewrite, type WriteContext } from '../vault/write';
import { sweepOffboard, sweepState } from './offboard-sweep';
import { RecoveryCopyError, recoveryStep } from '../recovery/copies';
import { eraseOrgCopies, rewrapOrgCopies } from '../recovery/runs';
import { batchWidth } from './pool';
import {
  getRun,
  markFinished,
  markInProgress,
  nextRow,
  pendingRows,
  releaseLease,
  rowsInProgress,
  runProgress,
  settleRow,
  takeLease,
  type OperationKind,
  type OperationRow,
  type Progress,
  type RowOutcome,
} from './store';
import { importRow } from './import-plan';

/**
 * The run's lease, held by one advancer at a time across requests, processes and replicas (R3-05):
 * each `advanceRun` call is its own owner, so two calls in one process are two owners too. It is
 * renewed as rows settle (LEASE_RENEW_MS); a call that finds it taken stops before touching
 * another row.
 */
const LEASE_SECONDS = 30;
/**
 * How often a working advancer renews its lease as rows settle: far inside LEASE_SECONDS, so the
 * lease never lapses while rows are settling, and not once per row of a pool (one write a row).
 */
const LEASE_RENEW_MS = 1_000;

/** Every WorkOS call of a batch spends the process's one WorkOS budget (shared with the index sync). */
function budgeted<T>(fn: () => Promise<T>): Promise<T> {
  return processBudget().call(fn);
}

type RowContext = {
  session: ConsoleSession;
  db: Db;
  runId: string;
  orgId: string;
  kind: OperationKind;
};

/** The write path's context for one row: the run's id on every trail row, the shared budget. */
function writeContext(ctx: RowContext, purpose?: string): WriteContext {
  const tags = { operation_run: ctx.runId, ...(purpose ? { purpose } : {}) };
  return {
    session: ctx.session,
    detail: tags,
    metadata: tags,
    budget: budgeted,
    explainConflicts: false,
  };
}

/** A planned row without a version: every write is version-checked, so it is never written. */
const NO_VERSION: RowOutcome = {
  status: 'skipped',
  reason:
    'No version was known when the plan was made, so there is nothing to check against. Plan again.',
  workosCalls: 0,
};

/**
 * Delete one object with the version the preview showed. A conflict skips the row (never a
 * second, unchecked try); a 404 means it is already gone, which is what an erasure wants, and is
 * said so. Audited per object by the write path.
 */
async function deleteRow(
  ctx: RowContext,
  row: OperationRow,
  recovering: boolean,
): Promise<RowOutcome> {
  if (!row.expected_version) return NO_VERSION;
  // A bulk delete keeps a recovery copy first; offboarding is an erasure and keeps none.
  const step =
    ctx.kind === 'bulk_delete' ? recoveryStep('deleted', { operationRun: ctx.runId }) : null;
  let r;
  try {
    r = await auditedDelete(
      writeContext(ctx),
      {
        objectId: row.object_id,
        objectName: row.object_name,
        orgId: ctx.orgId,
        versionCheck: row.expected_version,
      },
      step ? { before: step.before } : {},
    );
  } catch (err) {
    if (!(err instanceof RecoveryCopyError)) throw err;
    return {
      status: 'failed',
      reason: `${err.error.code}: ${err.error.message}`,
      workosCalls: 1,
    };
  }
  await step?.settle(r);
  if (r.ok) return { status: 'done', reason: null, workosCalls: 1 };
  if (r.error.code === 'not_found')
    return {
      status: 'done',
      reason: recovering
        ? 'Already gone at WorkOS: most likely deleted by this run just before the console stopped.'
        : 'Already gone at WorkOS (deleted elsewhere after the preview).',
      workosCalls: 1,
    };
  if (r.error.code === 'conflict')
    return {
      status: 'skipped',
      reason: `Changed after the preview: version ${row.expected_version} is no longer current, so it was not deleted.`,
      workosCalls: 1,
    };
  return { status: 'failed', reason: `${r.error.code}: ${r.error.message}`, workosCalls: 1 };
}

/**
 * Re-encrypt one object under whatever its context resolves to now (the customer key once it is
 * verified): read it, then write the same value back with the version that read returned. The
 * value lives in this function's scope only: never stored, logged or returned.
 */
async function rewrapRow(
  ctx: RowContext,
  row: OperationRow,
  recovering: boolean,
): Promise<RowOutcome> {
  if (!row.expected_version) return NO_VERSION;
  const write = writeContext(ctx, 'byok_rewrap');
  let read;
  try {
    read = await readForRewrite(write, row.object_id);
  } catch (err) {
    const error = toConsoleError(err, 'read');
    if (error.code === 'not_found')
      return { status: 'skipped', reason: 'Deleted after the plan was made.', workosCalls: 1 };
    return { status: 'failed', reason: `${error.code}: ${error.message}`, workosCalls: 1 };
  }
  if (read.metadata.versionId !== row.expected_version) {
    return {
      status: 'skipped',
      reason: recovering
        ? `Version changed since the plan (now ${read.metadata.versionId ?? 'unknown'} on key ${read.metadata.keyId}); possibly this run's own write before the console stopped. Not written again.`
        : `Changed after the plan: version ${row.expected_version} is no longer current (now ${read.metadata.versionId ?? 'unknown'}). Not overwritten.`,
      keyIdAfter: read.metadata.keyId,
      workosCalls: 1,
    };
  }
  const r = await auditedUpdate(write, {
    objectId: row.object_id,
    objectName: row.object_name,
    orgId: ctx.orgId,
    value: read.value ?? '',
    versionCheck: row.expected_version,
  });
  if (!r.ok) {
    if (r.error.code === 'conflict')
      return {
        status: 'skipped',
        reason:
          'Someone saved a new version between the read and the write (409): not overwritten.',
        workosCalls: 2,
      };
    return { status: 'failed', reason: `${r.error.code}: ${r.error.message}`, workosCalls: 2 };
  }
  return {
    status: 'done',
    reason: null,
    versionAfter: r.data.versionId || null,
    keyIdAfter: r.data.keyId,
    workosCalls: 2,
  };
}

const HANDLERS: Record<
  OperationKind,
  (ctx: RowContext, row: OperationRow, recovering: boolean) => Promise<RowOutcome>
> = {
  offboard: deleteRow,
  bulk_delete: deleteRow,
  rewrap: rewrapRow,
  import: importRow,
};

/** WorkOS calls one row makes when all goes well: what the batch's width is sized by. */
const CALLS_PER_ROW: Record<OperationKind, number> = {
  offboard: 1,
  bulk_delete: 1,
  rewrap: 2,
  // Unwrap the staged value, then the save's recovery copy (read, data key) and the write.
  import: 4,
};

type Claimed = { row: OperationRow; recovering: boolean };

/**
 * Hands out one advance call's rows to its workers, one at a time: first the rows a console that
 * stopped left 'in_progress' (each re-checked, never written blindly), then pending rows in plan
 * order. A row is marked 'in_progress' before it is handed out, and hand-outs are serialized, so
 * no row goes to two workers and a crash leaves exactly the rows that were in flight to re-check.
 */
function rowSource(db: Db, runId: string, width: number): () => Promise<Claimed | null> {
  let queue: Claimed[] | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const take = async (): Promise<Claimed | null> => {
    queue ??= (await rowsInProgress(db, runId)).map((row) => ({ row, recovering: true }));
    // Every pending row fetched before has been handed out (and marked) by now.
    if (!queue.length)
      queue = (await pendingRows(db, runId, width * 4)).map((row) => ({ row, recovering: false }));
    const next = queue.shift() ?? null;
    if (next && !next.recovering) await markInProgress(db, runId, next.row.seq);
    return next;
  };
  return () => {
    const p = chain.then(take);
    chain = p.catch(() => undefined);
    return p;
  };
}

/** One row, start to settled: its outcome is in the run's table when this returns. */
async function workRow(ctx: RowContext, { row, recovering }: Claimed): Promise<void> {
  let outcome: RowOutcome;
  try {
    outcome = await HANDLERS[ctx.kind](ctx, row, recovering);
  } catch (err) {
    // A database or audit failure: the row is not known to be done, so it says so.
    const e = err as { name?: string };
    outcome = {
      status: 'failed',
      reason: `The console failed while working on this row (${e?.name ?? 'error'}).`,
      workosCalls: 0,
    };
  }
  await settleRow(ctx.db, ctx.runId, row.seq, outcome);
}

/**
 * Works the run's rows with up to `width` in flight until none is left, the time is up or the
 * lease is lost (renewed as rows settle, at most once a second). A row in flight when time runs
 * out is finished, never abandoned. Returns whether the lease is still held. If the run's own
 * bookkeeping fails, no new row is started, the ones in flight finish, and the error is thrown.
 */
async function workRows(
  ctx: RowContext,
  owner: string,
  deadline: number,
  width: number,
): Promise<boolean> {
  const next = rowSource(ctx.db, ctx.runId, width);
  let holding = true;
  let failed: { error: unknown } | null = null;
  // Renewed as rows settle, one renewal at a time; the first row after a sweep renews it too.
  let renewedAt = 0;
  let renewing: Promise<void> | null = null;
  const renew = () => {
    if (Date.now() - renewedAt < LEASE_RENEW_MS) return Promise.resolve();
    renewing ??= takeLease(ctx.db, ctx.runId, owner, LEASE_SECONDS)
      .then((ok) => {
        renewedAt = Date.now();
        if (!ok) holding = false;
      })
      .finally(() => (renewing = null));
    return renewing;
  };
  const worker = async () => {
    try {
      while (holding && !failed && Date.now() < deadline) {
        const claimed = await next();
        if (!claimed) return;
        await workRow(ctx, claimed);
        await renew();
      }
    } catch (error) {
      failed ??= { error };
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  if (failed) throw (failed as { error: unknown }).error;
  return holding;
}

export type AdvanceResult = {
  progress: Progress;
  finished: boolean;
  busy: boolean;
  /** Offboarding: objects still in the organization at WorkOS when the run finished. */
  leftBehind: number;
};

async function leftBehind(db: Db, runId: string): Promise<number> {
  const r = await db.query<{ detail: unknown }>('select detail from operation_runs where id = $1', [
    runId,
  ]);
  return sweepState(r.rows[0]?.detail).remaining.length;
}

/**
 * Works through a running batch for up to `budgetMs`, several rows at once (as many as the WorkOS
 * budget keeps busy: `batchWidth`), and returns where it got to. The browser calls it again until
 * it is finished; after a crash or a restart the next call picks up where the database says the
 * run stopped (the rows left 'in_progress' are re-checked first).
 */
export async function advanceRun(
  session: ConsoleSession,
  db: Db,
  runId: string,
  budgetMs: number,
): Promise<AdvanceResult | null> {
  const run = await getRun(db, runId);
  if (!run) return null;
  if (run.status !== 'running') {
    const progress = await runProgress(db, runId);
    return {
      progress,
      finished: run.status === 'finished',
      busy: false,
      leftBehind: await leftBehind(db, runId),
    };
  }
  const owner = `adv_${randomUUID()}`;
  if (!(await takeLease(db, runId, owner, LEASE_SECONDS))) {
    return { progress: await runProgress(db, runId), finished: false, busy: true, leftBehind: 0 };
  }
  const deadline = Date.now() + budgetMs;
  let holding = true;
  try {
    const ctx: RowContext = { session, db, runId, orgId: run.org_id, kind: run.kind };
    /** This call's last sweep found the organization empty of new objects (and recorded it). */
    let swept = false;
    // Offboarding lists the organization in Vault again before it may finish (R3-02).
    const sweep = async () => {
      const added = await sweepOffboard(db, run);
      swept = added === 0;
      return added;
    };
    const width = batchWidth(processBudget(), CALLS_PER_ROW[run.kind]);
    while (holding && Date.now() < deadline) {
      holding = await workRows(ctx, owner, deadline, width);
      if (!holding || Date.now() >= deadline) break;
      // No row left: an offboarding lists the organization again and works what that adds.
      if (run.kind === 'offboard' && (await sweep()) > 0) continue;
      break;
    }
    // Recovery copies follow their objects: offboarding erases them, the migrator re-seals them
    // on the customer key. The run finishes only when none is left to do.
    if (holding) {
      let copiesLeft = 0;
      let pending = await nextRow(db, runId);
      // The budget can run out right after the last row: an offboarding still sweeps before it
      // may finish, and works what the sweep adds on the next call.
      if (!pending && run.kind === 'offboard' && !swept && (await sweep()) > 0)
        pending = await nextRow(db, runId);
      if (!pending) {
        if (run.kind === 'offboard')
          copiesLeft = await eraseOrgCopies(session, db, runId, run.org_id, deadline);
        else if (run.kind === 'rewrap')
          copiesLeft = await rewrapOrgCopies(session, db, runId, run.org_id, deadline, budgeted);
      }
      if (copiesLeft === 0) await markFinished(db, runId);
    }
  } finally {
    await releaseLease(db, runId, owner);
  }
  const after = await getRun(db, runId);
  return {
    progress: await runProgress(db, runId),
    finished: after?.status === 'finished',
    busy: !holding,
    leftBehind: await leftBehind(db, runId),
  };
}
