import 'server-only';
import type { ActionResult } from '../actions/result';
import { recordAudit } from '../audit/trail';
import type { ConsoleSession } from '../auth/session';
import { getDb, type Db } from '../db/client';
import { getOrganization } from '../orgs';
import { openSealed, sealWithDataKey, type DataKeyPair } from '../recovery/seal';
import { createObject, updateValue, type WriteVia } from '../vault/commands';
import { getWorkOS } from '../workos/client';
import { processBudget } from '../workos/budget';
import { consoleError } from '../workos/errors';
import { approvalPolicyFor, askApproval, planState } from './dual-control';
import { applyImport, type ApplyRow } from './import';
import { missingOrgs } from './org-check';
import { createRun, newRunId, type OperationRow, type RowOutcome } from './store';

/**
 * Import apply under dual control. Where the organization's approval policy lists `import`, an
 * apply does not write: it becomes a planned operation run of kind 'import' (lib/operations/
 * dual-control.ts: one 'operation' access request bound to the plan's version and hash) whose
 * rows are the preview's names, object ids and the versions the preview read. Each row's value is
 * staged sealed, as a change request's is: a Vault data key for the object's own key context and
 * AES-256-GCM (lib/recovery/seal.ts), the run and row as associated data. Never plaintext at rest.
 *
 * The plan hash covers each row's name and a digest of its sealed value, so a plan changed after
 * its approval (a row taken out, another upload) needs approval again. A second person approves on
 * /requests after seeing the same preview (names, create/update, versions; no values). Started,
 * the engine writes each row with its version check against the version the plan was based on: a
 * row whose object changed meanwhile is skipped, never written over. A row's value is erased once
 * it is written (or skipped); all of them when the plan is discarded, or its request is denied,
 * withdrawn, revoked or expires (lib/approvals/requests.ts eraseStaged, lib/recovery/staged.ts).
 */

export type ImportRowInput = {
  name: string;
  value: string;
  objectId?: string;
  versionCheck?: string;
};

export type ImportApplied = {
  rows: ApplyRow[];
  /** Set when the policy put this apply behind approval: nothing was written yet. */
  approval: { runId: string; requestId: string; objects: number } | null;
};

const rowAad = (runId: string, seq: number) => `${runId}:${seq}`;

/** With no policy for imports, exactly today's apply; with one, a plan waiting for approval. */
export async function applyOrPlanImport(
  session: ConsoleSession,
  orgId: string,
  rows: ImportRowInput[],
): Promise<ActionResult<ImportApplied>> {
  const policy = await approvalPolicyFor(orgId, 'import');
  if (!policy)
    return { ok: true, data: { rows: await applyImport(session, orgId, rows), approval: null } };
  return planImportRun(session, orgId, rows);
}

/**
 * Files an import plan for approval: the rows as the preview saw them, each value sealed under the
 * key context its object has (a new name: the organization's). Rows naming an object not filed
 * under this organization are refused here, as the direct apply refuses them.
 */
export async function planImportRun(
  session: ConsoleSession,
  orgId: string,
  rows: ImportRowInput[],
): Promise<ActionResult<ImportApplied>> {
  const missing = (await missingOrgs([orgId])).get(orgId);
  if (missing) return { ok: false, error: consoleError('not_found', { message: missing }) };
  const org = await getOrganization(orgId);
  if (!org.ok) return org;
  const db = await getDb();
  const ids = rows.flatMap((r) => (r.objectId ? [r.objectId] : []));
  const filed = new Map(
    ids.length
      ? (
          await db.query<{
            id: string;
            name: string;
            org_id: string | null;
            context: Record<string, string> | string;
          }>('select id, name, org_id, context from vault_objects where id = any($1)', [ids])
        ).rows.map((o) => [o.id, o])
      : [],
  );
  const refused: ApplyRow[] = [];
  const planned: {
    name: string;
    value: string;
    objectId: string;
    version: string | null;
    context: Record<string, string>;
  }[] = [];
  for (const r of rows) {
    if (r.objectId && r.versionCheck) {
      const known = filed.get(r.objectId);
      if (!known || known.org_id !== orgId) {
        refused.push({
          name: known?.name ?? r.name,
          status: 'failed',
          note: 'This object is not filed under this organization: not planned. Preview again.',
          objectId: r.objectId,
          versionId: null,
        });
        continue;
      }
      const context =
        typeof known.context === 'string' ? JSON.parse(known.context) : (known.context ?? {});
      planned.push({
        name: known.name,
        value: r.value,
        objectId: r.objectId,
        version: r.versionCheck,
        context: { organization_id: orgId, ...context },
      });
    } else {
      planned.push({
        name: r.name,
        value: r.value,
        objectId: '',
        version: null,
        context: { organization_id: orgId },
      });
    }
  }
  if (!planned.length)
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message: 'Nothing to plan: no row of this import can be written in this organization.',
      }),
    };
  // One data key per distinct key context (most imports: one), asked for before the transaction.
  const runId = newRunId();
  const budget = processBudget();
  const keys = new Map<string, DataKeyPair>();
  const sealed: { sealed: string; dataKeyId: string; context: Record<string, string> }[] = [];
  try {
    for (const [i, p] of planned.entries()) {
      const k = JSON.stringify(Object.entries(p.context).sort(([a], [b]) => a.localeCompare(b)));
      let pair = keys.get(k);
      if (!pair) {
        pair = await budget.call(() => getWorkOS().vault.createDataKey({ context: p.context }));
        keys.set(k, pair);
      }
      sealed.push({
        sealed: sealWithDataKey(pair, p.value, rowAad(runId, i + 1), 'import-plan'),
        dataKeyId: pair.dataKey.id,
        context: p.context,
      });
    }
  } catch {
    return {
      ok: false,
      error: consoleError('customer_key_unavailable', {
        message:
          'WorkOS did not give the console a data key for this organization’s key context, so the import could not be staged encrypted for approval. Nothing was planned or written; try again.',
      }),
    };
  }
  let requestId = '';
  await createRun(
    db,
    {
      id: runId,
      kind: 'import',
      orgId,
      orgName: org.data.name,
      user: session.user,
      rows: planned.map((p) => ({
        objectId: p.objectId,
        name: p.name,
        expectedVersion: p.version,
        keyIdBefore: null,
      })),
    },
    async (tx, id) => {
      await tx.query(
        `insert into operation_row_values (run_id, seq, sealed, data_key_id, context)
         select $1, r.ord::int, r.sealed, r.data_key_id, r.context::jsonb
         from unnest($2::text[], $3::text[], $4::text[]) with ordinality as r(sealed, data_key_id, context, ord)`,
        [
          id,
          sealed.map((s) => s.sealed),
          sealed.map((s) => s.dataKeyId),
          sealed.map((s) => JSON.stringify(s.context)),
        ],
      );
      await recordAudit(
        {
          user: session.user,
          action: 'operation.planned',
          orgId,
          detail: { operation_run: id, kind: 'import', objects: planned.length },
        },
        tx,
      );
      const state = await planState(tx, id, true);
      const policy = await approvalPolicyFor(orgId, 'import', tx);
      // The policy was read a moment ago; were it turned off meanwhile, the plan still waits
      // for approval rather than writing from inside this call (ask again, or start it).
      if (policy) requestId = await askApproval(session, state!, policy, tx);
    },
  );
  return {
    ok: true,
    data: {
      rows: refused,
      approval: { runId, requestId, objects: planned.length },
    },
  };
}

type RowContext = { session: ConsoleSession; db: Db; runId: string; orgId: string };

/**
 * The engine's row handler for an import run: opens the row's staged value, writes it with the
 * plan's version check (a new name: created, never over an object that took the name since), then
 * erases the staged value, whatever the outcome. A 409 skips the row: never written over.
 */
export async function importRow(
  ctx: RowContext,
  row: OperationRow,
  recovering: boolean,
): Promise<RowOutcome> {
  const staged = (
    await ctx.db.query<{ sealed: string; context: Record<string, string> | string }>(
      'select sealed, context from operation_row_values where run_id = $1 and seq = $2',
      [ctx.runId, row.seq],
    )
  ).rows[0];
  if (!staged)
    return {
      status: recovering ? 'skipped' : 'failed',
      reason: recovering
        ? 'The console stopped while writing this row and its staged value is gone (erased once written): most likely written. Check the object.'
        : 'The staged value is no longer kept (the plan was discarded or its approval closed): not written.',
      workosCalls: 0,
    };
  const erase = () =>
    ctx.db.query('delete from operation_row_values where run_id = $1 and seq = $2', [
      ctx.runId,
      row.seq,
    ]);
  // Rows run several at once (engine.ts): every WorkOS call of a row spends the process's budget.
  const budget = processBudget();
  const spend = <T>(call: () => Promise<T>) => budget.call(call);
  const vault = getWorkOS().vault;
  const opened = await openSealed(
    {
      encrypt: (...args) => spend(() => vault.encrypt(...args)),
      decrypt: (...args) => spend(() => vault.decrypt(...args)),
    },
    staged.sealed,
    rowAad(ctx.runId, row.seq),
    'import-plan',
  );
  if (!opened.ok) {
    // Unreadable now (a revoked customer key, WorkOS unavailable): the row fails, the value goes.
    await erase();
    return {
      status: 'failed',
      reason:
        opened.failure.reason === 'unavailable'
          ? 'WorkOS did not answer when the console asked it to unwrap the staged value’s data key: not written. Import this name again.'
          : `WorkOS refused to unwrap the staged value’s data key (HTTP ${opened.failure.status ?? 'none'}): not written.`,
      workosCalls: 1,
    };
  }
  const via: WriteVia = {
    detail: { operation_run: ctx.runId, purpose: 'import' },
    metadata: { operation_run: ctx.runId },
    budget: spend,
  };
  let outcome: RowOutcome;
  if (row.object_id) {
    const u = await updateValue(
      ctx.session,
      { objectId: row.object_id, value: opened.value, versionCheck: row.expected_version ?? '' },
      undefined,
      via,
    );
    outcome = u.ok
      ? { status: 'done', reason: null, versionAfter: u.data.versionId, workosCalls: 2 }
      : u.error.code === 'conflict'
        ? {
            status: 'skipped',
            reason: recovering
              ? `Version changed since the plan (${row.expected_version}); possibly this run’s own write before the console stopped. Not written again.`
              : `Changed after the plan was made: version ${row.expected_version} is no longer current. Not overwritten.`,
            workosCalls: 2,
          }
        : { status: 'failed', reason: `${u.error.code}: ${u.error.message}`, workosCalls: 2 };
  } else {
    const c = await createObject(
      ctx.session,
      { orgId: ctx.orgId, name: row.object_name, value: opened.value, extraContext: [] },
      via,
    );
    if (c.ok)
      await ctx.db.query(
        'update operation_rows set object_id = $3 where run_id = $1 and seq = $2',
        [ctx.runId, row.seq, c.data.id],
      );
    outcome = c.ok
      ? { status: 'done', reason: null, versionAfter: c.data.versionId, workosCalls: 2 }
      : c.error.code === 'name_taken'
        ? {
            status: 'skipped',
            reason: recovering
              ? 'The name exists: possibly this run’s own write before the console stopped. Not overwritten.'
              : 'The name exists (created after the plan was made): not overwritten.',
            workosCalls: 2,
          }
        : { status: 'failed', reason: `${c.error.code}: ${c.error.message}`, workosCalls: 2 };
  }
  await erase();
  return outcome;
}
