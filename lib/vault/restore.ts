import 'server-only';
import { fail, type ActionError, type ActionResult } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { getDb } from '../db/client';
import { eraseCopies } from '../recovery/runs';
import { openSealed, type OpenFailure } from '../recovery/seal';
import {
  claimForRestore,
  dropCopy,
  getCopy,
  releaseRestore,
  type CopyRow,
} from '../recovery/store';
import { getWorkOS } from '../workos/client';
import { consoleError } from '../workos/errors';
import { proposeChange, policyRequiring } from './change-requests';
import { updateValue } from './commands';
import { auditedCreate } from './write';

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
  input: { copyId: string; name?: string; reason?: string },
): Promise<
  ActionResult<
    | { id: string; name: string; previousId: string; versionId: string | null }
    | { requestId: string; name: string; previousId: string }
  >
> {
  const db = await getDb();
  // A restore creates the object again: where the change policy puts new objects behind
  // approval, it is proposed as a change request instead of written (never a way around it).
  const meta = await getCopy(db, input.copyId);
  if (meta && meta.kind === 'deleted' && meta.state === 'kept') {
    const orgId = meta.org_id ?? meta.context.organization_id ?? null;
    const policy = orgId ? await policyRequiring('create', { orgId }) : null;
    if (policy) return proposeRestore(session, meta, input);
  }
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
  // Create first, then drop the copy: the write path records `object.restored` (intent before
  // the call) with the old id beside the new one, and the organization's Audit Log gets it too.
  const created = await auditedCreate(
    {
      session,
      auditAs: 'object.restored',
      detail: {
        restored_from: copy.object_id,
        restored_copy_id: copy.id,
        ...(copy.version_id ? { restored_version_id: copy.version_id } : {}),
      },
      metadata: { restored_from: copy.object_id },
    },
    { name, value: opened.value, context: copy.context },
  );
  if (!created.ok) {
    // A lost reply may have created it: the copy stays 'restoring' and the purge job settles it.
    if (created.error.code === 'unknown_outcome') return created;
    await releaseRestore(db, copy.id);
    if (created.error.code === 'name_taken') return fail(await nameTaken(name, created.error));
    return created;
  }
  await dropCopy(db, copy.id);
  return {
    ok: true,
    data: {
      id: created.data.id,
      name,
      previousId: copy.object_id,
      versionId: created.data.versionId,
    },
  };
}

/**
 * A restore under a change policy: the copy's value, re-sealed as the change request's staged value
 * (under the same key context), proposed as a new object with the person's reason. The copy stays
 * until the request is applied (then it is dropped) or its window ends; one open request per copy.
 */
async function proposeRestore(
  session: ConsoleSession,
  copy: CopyRow,
  input: { name?: string; reason?: string },
): Promise<ActionResult<{ requestId: string; name: string; previousId: string }>> {
  const orgId = (copy.org_id ?? copy.context.organization_id)!;
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 5)
    return fail({
      ...consoleError('invalid_input', {
        message:
          'This organization’s approval policy puts new objects behind approval, and a restore creates the object again. Give a reason (at least 5 characters): the restore is then proposed as a change request and made once an approver approves it.',
      }),
      fieldErrors: { reason: ['Say why this object should come back (at least 5 characters).'] },
    });
  const db = await getDb();
  const open = await db.query<{ id: string }>(
    `select id from access_requests where kind = 'change' and status in ('pending', 'approved')
       and applied_at is null and expires_at > now() and detail->>'restored_copy_id' = $1 limit 1`,
    [copy.id],
  );
  if (open.rows[0])
    return fail(
      consoleError('conflict', {
        message: `Restoring this object is already proposed (change request ${open.rows[0].id}); it waits for an approver.`,
      }),
    );
  const opened = await openSealed(getWorkOS().vault, copy.sealed, copy.id);
  if (!opened.ok) return fail(unreadable(copy, opened.failure));
  const name = input.name || copy.object_name;
  const proposed = await proposeChange(session, {
    op: 'create',
    orgId,
    name,
    value: opened.value,
    context: copy.context,
    reason,
    restoredFrom: { copyId: copy.id, objectId: copy.object_id },
  });
  if (!proposed.ok) return proposed;
  return { ok: true, data: { requestId: proposed.data.id, name, previousId: copy.object_id } };
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
