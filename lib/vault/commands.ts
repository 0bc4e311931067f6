import 'server-only';
import { fail, type ActionError, type ActionResult } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { orgIdOf } from '../index/sdk-row';
import { getWorkOS } from '../workos/client';
import { consoleError, toConsoleError } from '../workos/errors';
import {
  toContext,
  type CreateObjectInput,
  type DeleteObjectInput,
  type RevealObjectInput,
  type UpdateObjectInput,
} from './schemas';
import { auditedCreate, auditedDelete, auditedRead, auditedUpdate, type Budget } from './write';
import { RecoveryCopyError, recoveryStep } from '../recovery/copies';
import { grantCovers, type ActiveGrant } from '../approvals/requests';

/**
 * A write made on someone else's behalf: an approved change request (lib/vault/change-requests.ts).
 * Its trail rows and the organization's Audit Log event say which request and who proposed it.
 */
export type WriteVia = {
  detail: Record<string, string>;
  metadata: Record<string, string>;
  /** A batch's writes (the import's apply) spend the process's WorkOS budget. */
  budget?: Budget;
};

/**
 * Runs a delete or an overwrite with a recovery copy made first (the write path's before-step)
 * and settled from the result. No copy could be made: nothing was written, and the answer says why.
 */
async function withRecoveryCopy<T extends ActionResult<unknown>>(
  step: ReturnType<typeof recoveryStep>,
  write: () => Promise<T>,
): Promise<T | { ok: false; error: ActionError }> {
  let result: T;
  try {
    result = await write();
  } catch (err) {
    if (err instanceof RecoveryCopyError) return fail(err.error);
    throw err;
  }
  await step.settle(result);
  return result;
}

/**
 * The object page's and the create form's commands: what a person asked for, checked and
 * answered in the console's words. Every Vault read and write goes through ./write.ts.
 */

/** Reveal or copy: one decrypting read, audited before the value is handed back. */
export async function revealValue(
  session: ConsoleSession,
  input: RevealObjectInput,
  /** Set when an approved access grant stands in for reveal permission (lib/approvals). */
  grant?: ActiveGrant,
): Promise<ActionResult<{ value: string; versionId: string | null; name: string }>> {
  const read = await auditedRead(
    grant
      ? {
          session,
          detail: { grant_id: grant.id },
          metadata: { access_request_id: grant.id, approved_by: grant.approvedBy.join(', ') },
        }
      : { session },
    {
      objectId: input.objectId,
      action: input.purpose === 'copy' ? 'object.copied' : 'object.revealed',
      reason: input.reason,
      auditFailure: true,
      // The value's own key context decides, not the index the grant was matched against.
      ...(grant
        ? {
            admit: (objectId: string, orgId: string | null) =>
              grantCovers(grant, objectId, orgId)
                ? null
                : consoleError('forbidden', {
                    message: 'Your access grant does not cover this object.',
                  }),
          }
        : {}),
    },
  );
  return read.ok
    ? { ok: true, data: { ...valueOf(read.data), versionId: read.data.metadata.versionId ?? null } }
    : read;
}

/** What a reveal or an edit-load hands back: the value, its version and the object's name. */
function valueOf(object: {
  value?: string | null;
  name: string;
  metadata: { versionId?: string | null };
}) {
  return {
    value: object.value ?? '',
    versionId: object.metadata.versionId ?? '',
    name: object.name,
  };
}

/** The editor's starting point: the value and the version it belongs to. Audited like a reveal. */
export async function loadForEdit(
  session: ConsoleSession,
  objectId: string,
): Promise<ActionResult<{ value: string; versionId: string; name: string }>> {
  const read = await auditedRead({ session }, { objectId, action: 'object.edit_loaded' });
  return read.ok ? { ok: true, data: valueOf(read.data) } : read;
}

/** A version-checked save. A 409 comes back with who changed the object and when. */
export async function updateValue(
  session: ConsoleSession,
  input: UpdateObjectInput,
  /** "Restore this version": the same version-checked save, recorded as a restore. */
  restoredFrom?: { versionId: string; copyId: string },
  via?: WriteVia,
): Promise<ActionResult<{ versionId: string; updatedAt: string }>> {
  // The value this save replaces is kept first (undo), sealed under the object's own context.
  const step = recoveryStep('replaced-version');
  const ctx = via
    ? { session, ...via }
    : restoredFrom
      ? {
          session,
          auditAs: 'object.restored' as const,
          detail: {
            restored_version_id: restoredFrom.versionId,
            restored_copy_id: restoredFrom.copyId,
          },
          metadata: { restored_version_id: restoredFrom.versionId },
        }
      : { session };
  const r = await withRecoveryCopy(step, () => auditedUpdate(ctx, input, { before: step.before }));
  if (!r.ok) return r;
  return {
    ok: true,
    data: { versionId: r.data.versionId, updatedAt: r.data.updatedAt.toISOString() },
  };
}

export async function createObject(
  session: ConsoleSession,
  input: CreateObjectInput,
  via?: WriteVia,
): Promise<ActionResult<{ id: string; versionId: string | null }>> {
  const context = toContext([
    { key: 'organization_id', value: input.orgId },
    ...input.extraContext,
  ]);
  const r = await auditedCreate(via ? { session, ...via } : { session }, {
    name: input.name,
    value: input.value,
    context,
  });
  if (r.ok) return r;
  const error = r.error;
  if (error.code === 'name_taken' || error.code === 'unknown_outcome') {
    // Names are unique per environment: point at the holder. After a lost reply it may be the
    // object this very request created, so say that rather than guess.
    const existing = await findByName(input.name, via?.budget);
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

async function findByName(name: string, budget: Budget = (call) => call()): Promise<string | null> {
  try {
    const page = await budget(() => getWorkOS().vault.listObjects({ search: name, limit: 100 }));
    return page.data.find((o) => o.name === name)?.id ?? null;
  } catch {
    return null;
  }
}

/** A delete confirmed by the object's exact name, at the version the person saw. */
export async function deleteObject(
  session: ConsoleSession,
  input: DeleteObjectInput,
  via?: WriteVia,
): Promise<ActionResult<{ name: string; orgId: string | null }>> {
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
  // Copy first, then delete: a crash in between leaves the original and a copy, never neither.
  const step = recoveryStep('deleted');
  return withRecoveryCopy(step, () =>
    auditedDelete(
      via ? { session, ...via } : { session },
      {
        objectId: input.objectId,
        objectName: described.name,
        orgId: orgIdOf(described),
        versionCheck: input.versionCheck,
      },
      { before: step.before },
    ),
  );
}
