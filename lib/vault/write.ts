import 'server-only';
import type { ConsoleSession } from '../auth/session';
import { fail, type ActionError, type ActionResult, type Conflict } from '../actions/result';
import { completeAudit, recordAudit } from '../audit/trail';
import { emitWorkosAudit, type WorkosAuditedAction } from '../audit/workos';
import { explainVaultFailure } from '../byok/explain';
import { getDb } from '../db/client';
import { orgIdOf, toIndexRow } from '../index/sdk-row';
import { markIndexChanged, removeObject, upsertObject } from '../index/store';
import { getWorkOS } from '../workos/client';
import { toConsoleError } from '../workos/errors';

/**
 * The one path by which the console changes Vault, and by which a value is read for a person.
 * Interactive commands (commands.ts), batch operations (operations/engine.ts) and the import
 * (operations/import.ts) all call it; nothing else in lib/ calls the SDK's Vault write methods
 * (the doctor's own round trip aside). Every write runs the same steps, in this order:
 *
 *   1. intent  a 'pending' row in the console's trail before WorkOS is called;
 *   2. before  the caller's `before` step, on deletes and overwrites (where a recovery copy plugs in);
 *   3. call    the SDK call, version-checked (update and delete take `versionCheck`, required);
 *   4. index   the object's index row upserted or removed, the object count marked stale;
 *   5. settle  the intent becomes 'success' or 'failure' (left 'pending' when the outcome is unknown);
 *   6. event   the organization's WorkOS Audit Logs event, keyed by the trail row's id.
 *
 * An audited read (reveal, copy, edit-load, import compare) writes its trail row before the value
 * is handed back: if the row cannot be written, the value is not returned.
 */

/** Spends a WorkOS budget on one SDK call (batch operations share the process's limiter). */
export type Budget = <T>(call: () => Promise<T>) => Promise<T>;

export type WriteContext = {
  session: ConsoleSession;
  /** Trail detail on every row this call records (a batch's `operation_run`, a `purpose`). */
  detail?: Record<string, string>;
  /** Metadata on the WorkOS Audit Logs event, besides `version_id` and `reason`. */
  metadata?: Record<string, string>;
  /** Default: call WorkOS at once. */
  budget?: Budget;
  /**
   * On a 409, describe the object to say who changed it and when (one more WorkOS call, and the
   * reply's `conflict`). Default true; a batch row only needs to know it was skipped.
   */
  explainConflicts?: boolean;
  /** A create or update that brings back a recovery copy: recorded as `object.restored`. */
  auditAs?: 'object.restored';
};

/** The trail action of a create or update: a restore says so (lib/vault/restore.ts). */
function asRecorded<A extends 'object.created' | 'object.updated' | 'object.deleted'>(
  ctx: WriteContext,
  action: A,
): A | 'object.restored' {
  return ctx.auditAs && action !== 'object.deleted' ? ctx.auditAs : action;
}

/** What a delete or an overwrite is about to remove or replace. */
export type WriteTarget = {
  kind: 'delete' | 'overwrite';
  objectId: string;
  objectName: string | null;
  orgId: string | null;
  /** The version that is about to stop being current. */
  versionCheck: string;
};

/**
 * A step run after the intent row and before WorkOS is called, for one delete or overwrite: the
 * place for a recovery copy. If it throws, WorkOS is not called, the intent is settled as a
 * failure (`before_write_failed`) and the error propagates to the caller.
 */
export type BeforeWrite = (target: WriteTarget, ctx: WriteContext) => Promise<void>;

export type ReadAction = Extract<
  WorkosAuditedAction,
  'object.revealed' | 'object.copied' | 'object.edit_loaded'
>;

type VaultObject = Awaited<ReturnType<ReturnType<typeof getWorkOS>['vault']['readObject']>>;

const direct: Budget = (call) => call();

function withImpersonator(ctx: WriteContext, detail: Record<string, string>) {
  const impersonator = ctx.session.impersonator;
  return {
    ...detail,
    ...ctx.detail,
    ...(impersonator ? { impersonator: impersonator.email } : {}),
  };
}

/** Step 1: the intent row. */
function intent(
  ctx: WriteContext,
  action: 'object.created' | 'object.updated' | 'object.deleted',
  target: {
    objectId?: string;
    objectName?: string | null;
    orgId?: string | null;
    versionId?: string;
  },
  detail: Record<string, string> = {},
): Promise<string> {
  return recordAudit({
    user: ctx.session.user,
    action: asRecorded(ctx, action),
    outcome: 'pending',
    orgId: target.orgId ?? null,
    objectId: target.objectId ?? null,
    objectName: target.objectName ?? null,
    versionId: target.versionId ?? null,
    detail: withImpersonator(ctx, detail),
  });
}

/** Step 2. */
async function runBefore(
  ctx: WriteContext,
  auditId: string,
  target: WriteTarget,
  before: BeforeWrite | undefined,
): Promise<void> {
  if (!before) return;
  try {
    await before(target, ctx);
  } catch (err) {
    await settleFailure(auditId, 'before_write_failed');
    throw err;
  }
}

/** Step 5, on failure. Never throws: a row left 'pending' is the honest answer if this fails. */
async function settleFailure(auditId: string, code: string): Promise<void> {
  try {
    await completeAudit(auditId, 'failure', { detail: { error: code } });
  } catch {
    // the intent row stays 'pending'
  }
}

/** Step 6. */
function event(
  ctx: WriteContext,
  auditId: string,
  action: WorkosAuditedAction,
  object: { id: string; name: string; orgId: string | null },
  metadata: Record<string, string>,
) {
  const recorded =
    action === 'object.created' || action === 'object.updated' ? asRecorded(ctx, action) : action;
  return emitWorkosAudit({
    session: ctx.session,
    orgId: object.orgId,
    action: `vault.${recorded}`,
    object: { id: object.id, name: object.name },
    idempotencyKey: auditId,
    metadata: { ...ctx.metadata, ...metadata },
  });
}

/** Who changed the object last, and when: describe plus our audit trail. Never decrypts. */
export async function conflictDetails(
  ctx: WriteContext,
  objectId: string,
): Promise<Conflict | null> {
  try {
    const o = await (ctx.budget ?? direct)(() =>
      getWorkOS().vault.describeObject({ id: objectId }),
    );
    const db = await getDb();
    const by = await db.query<{ user_email: string }>(
      `select user_email from audit_events where object_id = $1 and version_id = $2 and action in ('object.updated', 'object.created', 'object.restored') and outcome = 'success' order by occurred_at desc limit 1`,
      [objectId, o.metadata.versionId ?? ''],
    );
    return {
      currentVersionId: o.metadata.versionId ?? null,
      updatedAt: o.metadata.updatedAt.toISOString(),
      updatedBy: o.metadata.updatedBy.name,
      consoleUser: by.rows[0]?.user_email ?? null,
    };
  } catch {
    return null;
  }
}

/** A write refused for a stale version: its own trail row, and who and when (when asked). */
async function conflictFailure(
  ctx: WriteContext,
  error: ActionError,
  target: Omit<WriteTarget, 'kind'>,
  action: 'object.update_conflict' | 'object.delete_conflict',
): Promise<{ ok: false; error: ActionError }> {
  const conflict =
    ctx.explainConflicts === false ? null : await conflictDetails(ctx, target.objectId);
  await recordAudit({
    user: ctx.session.user,
    action,
    outcome: 'failure',
    orgId: target.orgId,
    objectId: target.objectId,
    objectName: target.objectName,
    versionId: target.versionCheck,
    detail: {
      ...ctx.detail,
      ...(ctx.explainConflicts === false
        ? {}
        : { current_version_id: conflict?.currentVersionId ?? null }),
    },
  });
  return fail({ ...error, ...(conflict ? { conflict } : {}) });
}

/**
 * A decrypting read for a person (reveal, copy, edit-load, import compare). The trail row is
 * written before the value is returned; if it cannot be, this throws and nothing is returned.
 * A read WorkOS refused is answered as a failure, and audited too when `auditFailure` is set.
 */
export async function auditedRead(
  ctx: WriteContext,
  input: {
    objectId: string;
    action: ReadAction;
    reason?: string;
    auditFailure?: boolean;
    /**
     * A last check on what was read, before anything is recorded as handed out: an error refuses
     * the read (audited as a failure) and the value never leaves this function.
     */
    admit?: (objectId: string, orgId: string | null) => ActionError | null;
  },
): Promise<ActionResult<VaultObject>> {
  let object: VaultObject;
  try {
    object = await (ctx.budget ?? direct)(() =>
      getWorkOS().vault.readObject({ id: input.objectId }),
    );
  } catch (err) {
    const error = await explainVaultFailure(await getDb(), err, 'read', {
      objectId: input.objectId,
    });
    if (input.auditFailure)
      await recordAudit({
        user: ctx.session.user,
        action: input.action,
        outcome: 'failure',
        objectId: input.objectId,
        reason: input.reason,
        detail: { ...ctx.detail, error: error.code },
      });
    return fail(error);
  }
  const versionId = object.metadata.versionId ?? null;
  const orgId = orgIdOf(object);
  const refused = input.admit?.(object.id, orgId) ?? null;
  if (refused) {
    await recordAudit({
      user: ctx.session.user,
      action: input.action,
      outcome: 'failure',
      orgId,
      objectId: object.id,
      objectName: object.name,
      reason: input.reason,
      detail: { ...ctx.detail, error: refused.code },
    });
    return fail(refused);
  }
  const auditId = await recordAudit({
    user: ctx.session.user,
    action: input.action,
    orgId,
    objectId: object.id,
    objectName: object.name,
    reason: input.reason,
    versionId,
    ...(ctx.detail ? { detail: ctx.detail } : {}),
  });
  await event(
    ctx,
    auditId,
    input.action,
    { id: object.id, name: object.name, orgId },
    {
      ...(input.reason ? { reason: input.reason } : {}),
      ...(versionId ? { version_id: versionId } : {}),
    },
  );
  return { ok: true, data: object };
}

/**
 * A decrypting read whose value never leaves the server: the caller writes the same value back
 * (a re-wrap under a new key). Not a reveal, so not audited as one; the write that follows is.
 */
export function readForRewrite(ctx: WriteContext, objectId: string): Promise<VaultObject> {
  return (ctx.budget ?? direct)(() => getWorkOS().vault.readObject({ id: objectId }));
}

/** A new object. Names are unique per environment, so WorkOS may answer `name_taken`. */
export async function auditedCreate(
  ctx: WriteContext,
  input: { name: string; value: string; context: Record<string, string> },
): Promise<ActionResult<{ id: string; versionId: string | null }>> {
  const db = await getDb();
  const orgId = input.context.organization_id ?? null;
  const auditId = await intent(ctx, 'object.created', { orgId, objectName: input.name });
  let created = false;
  try {
    const meta = await (ctx.budget ?? direct)(() =>
      getWorkOS().vault.createObject({
        name: input.name,
        value: input.value,
        context: input.context,
      }),
    );
    created = true;
    await upsertObject(db, toIndexRow({ id: meta.id, name: input.name, metadata: meta }));
    await markIndexChanged(db);
    const versionId = meta.versionId ?? null;
    await completeAudit(auditId, 'success', {
      objectId: meta.id,
      objectName: input.name,
      versionId,
      orgId,
    });
    await event(ctx, auditId, 'object.created', { id: meta.id, name: input.name, orgId }, {});
    return { ok: true, data: { id: meta.id, versionId } };
  } catch (err) {
    const error = await explainVaultFailure(db, err, 'create', { orgId });
    if (!created && error.code !== 'unknown_outcome') await settleFailure(auditId, error.code);
    return fail(error);
  }
}

/** A new version of an object's value, checked against the version the writer started from. */
export async function auditedUpdate(
  ctx: WriteContext,
  input: {
    objectId: string;
    value: string;
    versionCheck: string;
    objectName?: string | null;
    orgId?: string | null;
  },
  opts: { before?: BeforeWrite } = {},
): Promise<ActionResult<{ name: string; versionId: string; keyId: string; updatedAt: Date }>> {
  const db = await getDb();
  const target = {
    objectId: input.objectId,
    objectName: input.objectName ?? null,
    orgId: input.orgId ?? null,
    versionCheck: input.versionCheck,
  };
  const auditId = await intent(
    ctx,
    'object.updated',
    { ...target, versionId: input.versionCheck },
    { previous_version_id: input.versionCheck },
  );
  await runBefore(ctx, auditId, { kind: 'overwrite', ...target }, opts.before);
  let applied = false;
  try {
    const updated = await (ctx.budget ?? direct)(() =>
      getWorkOS().vault.updateObject({
        id: input.objectId,
        value: input.value,
        versionCheck: input.versionCheck,
      }),
    );
    applied = true;
    const row = toIndexRow(updated);
    const versionId = row.version_id ?? '';
    const orgId = orgIdOf(updated);
    await upsertObject(db, row);
    await completeAudit(auditId, 'success', {
      objectId: updated.id,
      objectName: updated.name,
      versionId,
      orgId,
      detail: { key_id: updated.metadata.keyId },
    });
    await event(
      ctx,
      auditId,
      'object.updated',
      { id: updated.id, name: updated.name, orgId },
      {
        version_id: versionId,
      },
    );
    return {
      ok: true,
      data: {
        name: updated.name,
        versionId,
        keyId: updated.metadata.keyId,
        updatedAt: updated.metadata.updatedAt,
      },
    };
  } catch (err) {
    const error = await explainVaultFailure(db, err, 'write', {
      objectId: input.objectId,
      orgId: input.orgId,
    });
    // Applied at WorkOS but a later step failed, or a lost reply that may have been applied: the
    // intent stays 'pending', which is what we know.
    if (!applied && error.code !== 'unknown_outcome') await settleFailure(auditId, error.code);
    if (!applied && error.code === 'conflict')
      return conflictFailure(ctx, error, target, 'object.update_conflict');
    return fail(error);
  }
}

/**
 * Deletes an object at the version the person (or the plan) saw. A 404 means it is gone already:
 * the index row goes too, and the caller decides whether that is a failure or what it wanted.
 */
export async function auditedDelete(
  ctx: WriteContext,
  input: { objectId: string; objectName: string; orgId: string | null; versionCheck: string },
  opts: { before?: BeforeWrite } = {},
): Promise<ActionResult<{ name: string; orgId: string | null }>> {
  const db = await getDb();
  const auditId = await intent(ctx, 'object.deleted', {
    ...input,
    versionId: input.versionCheck,
  });
  await runBefore(ctx, auditId, { kind: 'delete', ...input }, opts.before);
  try {
    await (ctx.budget ?? direct)(() =>
      getWorkOS().vault.deleteObject({ id: input.objectId, versionCheck: input.versionCheck }),
    );
  } catch (err) {
    const error = toConsoleError(err, 'write');
    if (error.code === 'not_found') {
      await removeObject(db, input.objectId);
      await markIndexChanged(db);
    }
    if (error.code !== 'unknown_outcome') await settleFailure(auditId, error.code);
    if (error.code === 'conflict')
      return conflictFailure(ctx, error, input, 'object.delete_conflict');
    return fail(error);
  }
  await removeObject(db, input.objectId);
  await markIndexChanged(db);
  await completeAudit(auditId, 'success', {
    objectId: input.objectId,
    objectName: input.objectName,
    versionId: input.versionCheck,
    orgId: input.orgId,
  });
  await event(
    ctx,
    auditId,
    'object.deleted',
    { id: input.objectId, name: input.objectName, orgId: input.orgId },
    { version_id: input.versionCheck },
  );
  return { ok: true, data: { name: input.objectName, orgId: input.orgId } };
}
