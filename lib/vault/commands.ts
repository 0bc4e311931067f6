import 'server-only';
import { fail, type ActionError, type ActionResult, type Conflict } from '../actions/result';
import { getDb } from '../db/client';
import type { ConsoleSession } from '../auth/session';
import { explainVaultFailure } from '../byok/explain';
import { consoleError, toConsoleError } from '../workos/errors';
import { getWorkOS } from '../workos/client';
import { completeAudit, recordAudit, type AuditInput } from '../audit/trail';
import { removeObject, upsertObject } from '../index/store';
import {
  toContext,
  type CreateObjectInput,
  type DeleteObjectInput,
  type RevealObjectInput,
  type UpdateObjectInput,
} from './schemas';
import { emitWorkosAudit, type WorkosAuditedAction } from '../audit/workos';
import { grantCovers, type ActiveGrant } from '../approvals/requests';

/** A write refused for a stale version: audited as a conflict, answered with who and when. */
async function conflictFailure(
  session: ConsoleSession,
  error: ActionError,
  input: { objectId: string; versionCheck: string; objectName?: string },
  action: 'object.update_conflict' | 'object.delete_conflict',
): Promise<{ ok: false; error: ActionError }> {
  const conflict = await conflictDetails(input.objectId);
  await recordAudit({
    user: session.user,
    action,
    outcome: 'failure',
    objectId: input.objectId,
    objectName: input.objectName ?? null,
    versionId: input.versionCheck,
    detail: { current_version_id: conflict?.currentVersionId ?? null },
  });
  return fail({ ...error, ...(conflict ? { conflict } : {}) });
}

type AuditedObjectOp = {
  action: WorkosAuditedAction;
  orgId: string | null;
  objectId: string;
  objectName: string;
};

/** The organization's WorkOS Audit Logs event for an audited object operation (once per row). */
function workosEvent(
  session: ConsoleSession,
  auditId: string,
  entry: AuditedObjectOp,
  metadata?: Record<string, string>,
): ReturnType<typeof emitWorkosAudit> {
  return emitWorkosAudit({
    session,
    orgId: entry.orgId,
    action: `vault.${entry.action}`,
    object: { id: entry.objectId, name: entry.objectName },
    idempotencyKey: auditId,
    metadata,
  });
}

/**
 * A completed operation on an object: our trail first (if it cannot be written the caller fails,
 * so nothing is handed back unaudited), then the organization's WorkOS Audit Logs event.
 */
async function auditDone(
  session: ConsoleSession,
  entry: Omit<AuditInput, 'user' | 'outcome' | 'action' | 'orgId'> & AuditedObjectOp,
  metadata?: Record<string, string>,
): Promise<void> {
  const auditId = await recordAudit({ user: session.user, ...entry });
  await workosEvent(session, auditId, entry, metadata);
}

/**
 * A write's intent, recorded before the WorkOS call: if the console dies or the database fails
 * after WorkOS applied the change, the trail still shows who tried what ('pending').
 */
async function writeIntent(
  session: ConsoleSession,
  entry: Omit<AuditInput, 'user' | 'outcome'>,
): Promise<string> {
  return recordAudit({
    user: session.user,
    outcome: 'pending',
    ...entry,
    detail: {
      ...entry.detail,
      ...(session.impersonator ? { impersonator: session.impersonator.email } : {}),
    },
  });
}

/** The write's outcome, then (on success) the organization's WorkOS Audit Logs event. */
async function writeDone(
  session: ConsoleSession,
  auditId: string,
  entry: AuditedObjectOp & { versionId?: string | null },
  metadata?: Record<string, string>,
): Promise<void> {
  await completeAudit(auditId, 'success', {
    objectId: entry.objectId,
    objectName: entry.objectName,
    versionId: entry.versionId ?? null,
    orgId: entry.orgId,
  });
  await workosEvent(session, auditId, entry, metadata);
}

/** A write WorkOS refused (or whose answer was lost): the intent row says so. Never throws. */
async function writeFailed(auditId: string, error: ActionError): Promise<void> {
  try {
    await completeAudit(auditId, 'failure', { detail: { error: error.code } });
  } catch {
    // the intent row stays 'pending', which is the honest answer when we cannot record more
  }
}

/** Who changed the object last, and when: describe plus our audit trail. Never decrypts. */
async function conflictDetails(objectId: string): Promise<Conflict | null> {
  try {
    const o = await getWorkOS().vault.describeObject({ id: objectId });
    const db = await getDb();
    const by = await db.query<{ user_email: string }>(
      `select user_email from audit_events where object_id = $1 and version_id = $2 and action in ('object.updated', 'object.created') and outcome = 'success' order by occurred_at desc limit 1`,
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

/** Reveal or copy: one decrypting read, audited before the value is handed back. */
export async function revealValue(
  session: ConsoleSession,
  input: RevealObjectInput,
  /** Set when an approved access grant stands in for reveal permission (lib/approvals). */
  grant?: ActiveGrant,
): Promise<ActionResult<{ value: string; versionId: string | null; name: string }>> {
  let object;
  try {
    object = await getWorkOS().vault.readObject({ id: input.objectId });
  } catch (err) {
    const error = await explainVaultFailure(await getDb(), err, 'read', {
      objectId: input.objectId,
    });
    await recordAudit({
      user: session.user,
      action: input.purpose === 'copy' ? 'object.copied' : 'object.revealed',
      outcome: 'failure',
      objectId: input.objectId,
      reason: input.reason,
      detail: { error: error.code },
    });
    return fail(error);
  }
  const orgId = (object.metadata.context as Record<string, string>).organization_id ?? null;
  // The value's own key context decides, not the index the grant was matched against.
  if (grant && !grantCovers(grant, object.id, orgId)) {
    await recordAudit({
      user: session.user,
      action: input.purpose === 'copy' ? 'object.copied' : 'object.revealed',
      outcome: 'failure',
      objectId: input.objectId,
      detail: { error: 'forbidden', grant_id: grant.id },
    });
    return fail(
      consoleError('forbidden', { message: 'Your access grant does not cover this object.' }),
    );
  }
  // Our trail first: if it cannot be written, the value is not returned (fail closed).
  await auditDone(
    session,
    {
      action: input.purpose === 'copy' ? 'object.copied' : 'object.revealed',
      orgId,
      objectId: object.id,
      objectName: object.name,
      reason: input.reason,
      versionId: object.metadata.versionId,
      ...(grant ? { detail: { grant_id: grant.id } } : {}),
    },
    {
      ...(input.reason ? { reason: input.reason } : {}),
      ...(object.metadata.versionId ? { version_id: object.metadata.versionId } : {}),
      ...(grant ? { access_request_id: grant.id, approved_by: grant.approvedBy.join(', ') } : {}),
    },
  );
  return {
    ok: true,
    data: {
      value: object.value ?? '',
      versionId: object.metadata.versionId ?? null,
      name: object.name,
    },
  };
}

/** The editor's starting point: the value and the version it belongs to. Audited like a reveal. */
export async function loadForEdit(
  session: ConsoleSession,
  objectId: string,
): Promise<ActionResult<{ value: string; versionId: string; name: string }>> {
  try {
    const object = await getWorkOS().vault.readObject({ id: objectId });
    await auditDone(session, {
      action: 'object.edit_loaded',
      orgId: (object.metadata.context as Record<string, string>).organization_id ?? null,
      objectId: object.id,
      objectName: object.name,
      versionId: object.metadata.versionId,
    });
    return {
      ok: true,
      data: {
        value: object.value ?? '',
        versionId: object.metadata.versionId ?? '',
        name: object.name,
      },
    };
  } catch (err) {
    return fail(await explainVaultFailure(await getDb(), err, 'read', { objectId }));
  }
}

/** A version-checked save. A 409 comes back with who changed the object and when. */
export async function updateValue(
  session: ConsoleSession,
  input: UpdateObjectInput,
): Promise<ActionResult<{ versionId: string; updatedAt: string }>> {
  const db = await getDb();
  const auditId = await writeIntent(session, {
    action: 'object.updated',
    objectId: input.objectId,
    versionId: input.versionCheck,
    detail: { previous_version_id: input.versionCheck },
  });
  let applied = false;
  try {
    const updated = await getWorkOS().vault.updateObject({
      id: input.objectId,
      value: input.value,
      versionCheck: input.versionCheck,
    });
    applied = true;
    const context = updated.metadata.context as Record<string, string>;
    const versionId = updated.metadata.versionId ?? '';
    await upsertObject(db, {
      id: updated.id,
      name: updated.name,
      context,
      key_id: updated.metadata.keyId,
      version_id: versionId,
      updated_at: updated.metadata.updatedAt,
    });
    await writeDone(
      session,
      auditId,
      {
        action: 'object.updated',
        orgId: context.organization_id ?? null,
        objectId: updated.id,
        objectName: updated.name,
        versionId,
      },
      { version_id: versionId },
    );
    return { ok: true, data: { versionId, updatedAt: updated.metadata.updatedAt.toISOString() } };
  } catch (err) {
    const error = await explainVaultFailure(db, err, 'write', { objectId: input.objectId });
    // Applied at WorkOS but a later step failed, or a lost reply that may have been applied: the
    // intent stays 'pending', which is what we know.
    if (!applied && error.code !== 'unknown_outcome') await writeFailed(auditId, error);
    if (error.code === 'conflict')
      return conflictFailure(session, error, input, 'object.update_conflict');
    return fail(error);
  }
}

export async function createObject(
  session: ConsoleSession,
  input: CreateObjectInput,
): Promise<ActionResult<{ id: string; versionId: string | null }>> {
  const db = await getDb();
  const context = toContext([
    { key: 'organization_id', value: input.orgId },
    ...input.extraContext,
  ]);
  const auditId = await writeIntent(session, {
    action: 'object.created',
    orgId: input.orgId,
    objectName: input.name,
  });
  let created = false;
  try {
    const meta = await getWorkOS().vault.createObject({
      name: input.name,
      value: input.value,
      context,
    });
    created = true;
    await upsertObject(db, {
      id: meta.id,
      name: input.name,
      context,
      key_id: meta.keyId,
      version_id: meta.versionId ?? null,
      updated_at: meta.updatedAt,
    });
    await writeDone(session, auditId, {
      action: 'object.created',
      orgId: input.orgId,
      objectId: meta.id,
      objectName: input.name,
      versionId: meta.versionId,
    });
    return { ok: true, data: { id: meta.id, versionId: meta.versionId ?? null } };
  } catch (err) {
    const error = await explainVaultFailure(db, err, 'create', { orgId: input.orgId });
    if (!created && error.code !== 'unknown_outcome') await writeFailed(auditId, error);
    if (error.code === 'name_taken' || error.code === 'unknown_outcome') {
      // Names are unique per environment: point at the holder. After a lost reply it may be the
      // object this very request created, so say that rather than guess.
      const existing = await findByName(input.name);
      if (error.code === 'name_taken') {
        return fail({
          ...error,
          fieldErrors: {
            name: [
              existing
                ? 'This name is taken (names are unique across all organizations). Choose another.'
                : 'This name is taken.',
            ],
          },
          ...(existing ? { existingObjectId: existing } : {}),
        });
      }
      if (existing) {
        const message =
          'The connection dropped before WorkOS answered, and an object with this name now exists: it is probably the one you just created. Open it to check before trying again.';
        return fail({
          ...consoleError('unknown_outcome', { message }),
          existingObjectId: existing,
        });
      }
    }
    return fail(error);
  }
}

async function findByName(name: string): Promise<string | null> {
  try {
    const page = await getWorkOS().vault.listObjects({ search: name, limit: 100 });
    return page.data.find((o) => o.name === name)?.id ?? null;
  } catch {
    return null;
  }
}

export async function deleteObject(
  session: ConsoleSession,
  input: DeleteObjectInput,
): Promise<ActionResult<{ name: string; orgId: string | null }>> {
  const db = await getDb();
  let described;
  try {
    described = await getWorkOS().vault.describeObject({ id: input.objectId });
  } catch (err) {
    return fail(toConsoleError(err));
  }
  if (input.confirmName !== described.name) {
    return fail({
      ...consoleError('invalid_input', {
        message: 'Type the object’s exact name to confirm the delete.',
      }),
      fieldErrors: { confirmName: ['This does not match the object’s name.'] },
    });
  }
  const context = described.metadata.context as Record<string, string>;
  const auditId = await writeIntent(session, {
    action: 'object.deleted',
    orgId: context.organization_id ?? null,
    objectId: input.objectId,
    objectName: described.name,
    versionId: input.versionCheck,
  });
  try {
    await getWorkOS().vault.deleteObject({ id: input.objectId, versionCheck: input.versionCheck });
  } catch (err) {
    const error = toConsoleError(err, 'write');
    if (error.code !== 'unknown_outcome') await writeFailed(auditId, error);
    if (error.code === 'conflict')
      return conflictFailure(
        session,
        error,
        { ...input, objectName: described.name },
        'object.delete_conflict',
      );
    return fail(error);
  }
  await removeObject(db, input.objectId);
  await writeDone(session, auditId, {
    action: 'object.deleted',
    orgId: context.organization_id ?? null,
    objectId: input.objectId,
    objectName: described.name,
    versionId: input.versionCheck,
  });
  return { ok: true, data: { name: described.name, orgId: context.organization_id ?? null } };
}
