import 'server-only';
import { fail, type ActionError, type ActionResult } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { completeAudit, recordAudit } from '../audit/trail';
import { emitWorkosAudit } from '../audit/workos';
import { explainVaultFailure } from '../byok/explain';
import { getDb } from '../db/client';
import { upsertObject } from '../index/store';
import { updateValue } from '../vault/commands';
import { getWorkOS } from '../workos/client';
import { consoleError } from '../workos/errors';
import { openSealed, type OpenFailure } from './seal';
import { claimForRestore, dropCopy, getCopy, releaseRestore, type CopyRow } from './store';

const GONE =
  'This recovery copy is no longer here: it was restored, purged at the end of its window, or deleted forever.';

function unreadable(copy: CopyRow, failure: OpenFailure): ActionError {
  if (failure.reason === 'unavailable')
    return consoleError('upstream_unavailable', {
      message:
        'WorkOS did not answer when the console asked it to unwrap this copy’s data key. Nothing was changed; try again.',
    });
  return consoleError('customer_key_unavailable', {
    message: `This copy is unreadable: WorkOS refused to unwrap its data key for the key context ${JSON.stringify(copy.context)} (HTTP ${failure.status ?? 'none'}). If the organization’s customer key was revoked or deleted, the copy comes back only when the customer restores that key. Nothing was changed.`,
  });
}

/**
 * Restore a deleted object: create the name again with the same context and the copy's value,
 * then drop the copy (create first: a crash in between leaves the object and the copy). A name
 * that exists again is never overwritten: the answer names the holder, and the person can pick
 * another name. Audited as `object.restored` on the new id, with the old id beside it.
 */
export async function restoreDeleted(
  session: ConsoleSession,
  input: { copyId: string; name?: string },
): Promise<
  ActionResult<{ id: string; name: string; previousId: string; versionId: string | null }>
> {
  const db = await getDb();
  const copy = await claimForRestore(db, input.copyId);
  if (!copy) return fail(consoleError('not_found', { message: GONE }));
  if (copy.kind !== 'deleted') {
    await releaseRestore(db, copy.id);
    return fail(
      consoleError('invalid_input', {
        message:
          'This copy is of a replaced version, not of a deleted object: restore it from the object’s version history.',
      }),
    );
  }
  const name = input.name || copy.object_name;
  const opened = await openSealed(getWorkOS().vault, copy.sealed, copy.id);
  if (!opened.ok) {
    await releaseRestore(db, copy.id);
    return fail(unreadable(copy, opened.failure));
  }
  const auditId = await recordAudit({
    user: session.user,
    action: 'object.restored',
    outcome: 'pending',
    orgId: copy.org_id,
    objectName: name,
    detail: {
      restored_from: copy.object_id,
      restored_version_id: copy.version_id,
      copy_id: copy.id,
      ...(session.impersonator ? { impersonator: session.impersonator.email } : {}),
    },
  });
  let meta;
  try {
    meta = await getWorkOS().vault.createObject({
      name,
      value: opened.value,
      context: copy.context,
    });
  } catch (err) {
    const error = await explainVaultFailure(db, err, 'create', { orgId: copy.org_id });
    // A lost reply may have created it: the copy stays 'restoring' and the purge job settles it.
    if (error.code === 'unknown_outcome') return fail(error);
    await completeAudit(auditId, 'failure', { detail: { error: error.code } });
    await releaseRestore(db, copy.id);
    if (error.code === 'name_taken') return fail(await nameTaken(name, error));
    return fail(error);
  }
  await upsertObject(db, {
    id: meta.id,
    name,
    context: copy.context,
    key_id: meta.keyId,
    version_id: meta.versionId ?? null,
    updated_at: meta.updatedAt,
  });
  await completeAudit(auditId, 'success', {
    objectId: meta.id,
    objectName: name,
    versionId: meta.versionId ?? null,
  });
  await emitWorkosAudit({
    session,
    orgId: copy.org_id,
    action: 'vault.object.restored',
    object: { id: meta.id, name },
    idempotencyKey: auditId,
    metadata: { restored_from: copy.object_id },
  });
  await dropCopy(db, copy.id);
  return {
    ok: true,
    data: { id: meta.id, name, previousId: copy.object_id, versionId: meta.versionId ?? null },
  };
}

/** The conflict flow for a name that exists again: who holds it, since when; never overwritten. */
async function nameTaken(name: string, error: ActionError): Promise<ActionError> {
  try {
    const page = await getWorkOS().vault.listObjects({ search: name, limit: 100 });
    const holder = page.data.find((o) => o.name === name);
    if (!holder) return { ...error, fieldErrors: { name: ['This name is taken.'] } };
    const d = await getWorkOS().vault.describeObject({ id: holder.id });
    return {
      ...error,
      message: `An object named “${name}” exists again (id ${holder.id}, last written ${d.metadata.updatedAt.toISOString()} by ${d.metadata.updatedBy.name}). Restoring never overwrites it: open it, or restore under another name.`,
      existingObjectId: holder.id,
      conflict: {
        currentVersionId: d.metadata.versionId ?? null,
        updatedAt: d.metadata.updatedAt.toISOString(),
        updatedBy: d.metadata.updatedBy.name,
        consoleUser: null,
      },
      fieldErrors: { name: ['This name is taken. Choose another to restore under.'] },
    };
  } catch {
    return { ...error, fieldErrors: { name: ['This name is taken.'] } };
  }
}

/**
 * "Restore this version": a version-checked save of the copy's value over the current version,
 * audited as `object.restored` (and itself undoable: the version it replaces is kept too).
 */
export async function restoreVersion(
  session: ConsoleSession,
  input: { objectId: string; copyId: string; versionCheck: string },
): Promise<ActionResult<{ versionId: string; updatedAt: string }>> {
  const db = await getDb();
  const copy = await getCopy(db, input.copyId);
  if (
    !copy ||
    copy.kind !== 'replaced-version' ||
    copy.state !== 'kept' ||
    copy.object_id !== input.objectId ||
    !copy.version_id
  )
    return fail(consoleError('not_found', { message: GONE }));
  const opened = await openSealed(getWorkOS().vault, copy.sealed, copy.id);
  if (!opened.ok) return fail(unreadable(copy, opened.failure));
  return updateValue(
    session,
    { objectId: input.objectId, value: opened.value, versionCheck: input.versionCheck },
    { versionId: copy.version_id, copyId: copy.id },
  );
}

/** Delete forever (step-up and the typed name are checked by the action): audited, then gone. */
export async function eraseCopy(
  session: ConsoleSession,
  input: { copyId: string; confirmName: string },
): Promise<ActionResult<{ name: string }>> {
  const db = await getDb();
  const copy = await getCopy(db, input.copyId);
  if (!copy || copy.state === 'restoring')
    return fail(consoleError('not_found', { message: GONE }));
  if (input.confirmName !== copy.object_name)
    return fail({
      ...consoleError('invalid_input', {
        message: 'Type the object’s exact name to confirm deleting its copy forever.',
      }),
      fieldErrors: { confirmName: ['This does not match the object’s name.'] },
    });
  await eraseCopies(session, [copy], { reason: 'delete_forever' });
  return { ok: true, data: { name: copy.object_name } };
}

/**
 * Erases copies for good, each with a `copy.erased` row in our trail and an event in the
 * organization's WorkOS Audit Log. Used by Delete forever and by offboarding.
 */
export async function eraseCopies(
  session: ConsoleSession,
  copies: Pick<CopyRow, 'id' | 'kind' | 'object_id' | 'object_name' | 'version_id' | 'org_id'>[],
  detail: Record<string, string>,
): Promise<void> {
  const db = await getDb();
  for (const copy of copies) {
    const auditId = await db.transaction(async (tx) => {
      const id = await recordAudit(
        {
          user: session.user,
          action: 'copy.erased',
          orgId: copy.org_id,
          objectId: copy.object_id,
          objectName: copy.object_name,
          versionId: copy.version_id,
          detail: { copy_id: copy.id, kind: copy.kind, ...detail },
        },
        tx,
      );
      await dropCopy(tx, copy.id);
      return id;
    });
    await emitWorkosAudit({
      session,
      orgId: copy.org_id,
      action: 'vault.copy.erased',
      object: { id: copy.object_id, name: copy.object_name, type: 'vault_recovery_copy' },
      idempotencyKey: auditId,
      metadata: { copy_id: copy.id, kind: copy.kind, ...detail },
    });
  }
}
