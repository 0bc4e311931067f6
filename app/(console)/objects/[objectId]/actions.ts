'use server';

import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { deleteObject, loadForEdit, revealValue, updateValue } from '@/lib/vault/commands';
import {
  deleteObjectSchema,
  loadForEditSchema,
  revealObjectSchema,
  updateObjectSchema,
} from '@/lib/vault/schemas';
import { paths } from '@/lib/paths';
import { restoreVersion } from '@/lib/vault/restore';
import { z } from 'zod';
import { objectIdSchema, versionIdSchema } from '@/lib/vault/schemas';
import { directWriteRefusal, proposeChange } from '@/lib/vault/change-requests';
import { proposeDeleteSchema, proposeValueChangeSchema } from '@/lib/vault/schemas';
import { fail, type ActionResult } from '@/lib/actions/result';

/** Every action here is about one object: a step-up returns to its page, a refusal names it. */
const ON_OBJECT = {
  returnTo: (i: { objectId: string }) => paths.object(i.objectId),
  auditTarget: (i: { objectId: string }) => ({ objectId: i.objectId }),
};

/** A direct write, unless policy puts this kind of change behind approval (then only a change request can make it). */
async function unlessProposalOnly<T>(
  op: 'update' | 'delete',
  objectId: string,
  write: () => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const refused = await directWriteRefusal(op, { objectId });
  return refused ? fail(refused) : write();
}

/** Reveal or copy a value. A POST, audited, behind a recent sign-in; the one way a value leaves. */
export const revealObjectValue = defineAction(
  {
    name: 'revealObjectValue',
    schema: revealObjectSchema,
    permission: 'vault.values:reveal',
    policy: POLICY.valueRead,
    probe: (c) => ({ objectId: c.objectId, purpose: 'reveal' }),
    ...ON_OBJECT,
    // Support with an approved, running access grant for this object (or its organization).
    grant: 'reveal',
  },
  async (input, { session, grant }) => revealValue(session, input, grant),
);

/** The editor's starting value and version. Needs write and reveal rights, and a recent sign-in. */
export const loadObjectForEdit = defineAction(
  {
    name: 'loadObjectForEdit',
    schema: loadForEditSchema,
    // Editing shows the current value, so it needs reveal as well as write.
    permission: ['vault.objects:write', 'vault.values:reveal'],
    policy: POLICY.valueRead,
    probe: (c) => ({ objectId: c.objectId }),
    ...ON_OBJECT,
  },
  async (input, { session }) => loadForEdit(session, input.objectId),
);

/** A save that carries the version the editor started from; a conflict never overwrites. */
export const updateObjectValue = defineAction(
  {
    name: 'updateObjectValue',
    schema: updateObjectSchema,
    permission: 'vault.objects:write',
    policy: POLICY.write,
    probe: (c) => ({ objectId: c.objectId, value: 'matrix', versionCheck: 'stale-version' }),
    ...ON_OBJECT,
  },
  // No revalidatePath: the reply is only the outcome, so "Saved" shows as soon as WorkOS has
  // the new version. The editor then refreshes the page (version list, header) in the background.
  async (input, { session }) =>
    unlessProposalOnly('update', input.objectId, () => updateValue(session, input)),
);

export const deleteVaultObject = defineAction(
  {
    name: 'deleteVaultObject',
    schema: deleteObjectSchema,
    permission: 'vault.objects:delete',
    policy: POLICY.write,
    probe: (c) => ({
      objectId: c.objectId,
      versionCheck: c.versionId,
      confirmName: 'not-the-name',
    }),
    ...ON_OBJECT,
  },
  // No revalidatePath: pages render per request, and re-rendering the deleted object's page in
  // the reply would cost two WorkOS calls for a page the browser is leaving.
  async (input, { session }) =>
    unlessProposalOnly('delete', input.objectId, () => deleteObject(session, input)),
);

/**
 * "Restore this version": the kept copy of a version the console replaced, written back as a new
 * version with a version check, audited as a restore. The value never reaches the browser.
 */
export const restoreObjectVersion = defineAction(
  {
    name: 'restoreObjectVersion',
    schema: z.object({
      objectId: objectIdSchema,
      copyId: z.string().regex(/^rcp_[a-z0-9_]{1,80}$/, 'A recovery copy id starts with rcp_.'),
      versionCheck: versionIdSchema,
    }),
    permission: 'vault.objects:write',
    policy: POLICY.write,
    probe: (c) => ({
      objectId: c.objectId,
      copyId: 'rcp_matrix_no_such_copy',
      versionCheck: 'stale-version',
    }),
    ...ON_OBJECT,
  },
  // Restoring a version is a value change: the same policy applies.
  async (input, { session }) =>
    unlessProposalOnly('update', input.objectId, () => restoreVersion(session, input)),
);

/**
 * Where policy puts value changes behind approval: the new value, sealed under the object's own
 * key context and staged, with a reason, for approvers to apply. Based on the version the editor
 * loaded; a newer one answers a conflict with who and when, and nothing is filed.
 */
export const proposeValueChange = defineAction(
  {
    name: 'proposeValueChange',
    schema: proposeValueChangeSchema,
    permission: 'vault.objects:write',
    policy: POLICY.write,
    // With no policy asking for approval, nothing is filed ("make the change directly").
    probe: (c) => ({
      objectId: c.objectId,
      value: 'matrix',
      versionCheck: 'stale-version',
      reason: 'auth matrix probe',
    }),
    ...ON_OBJECT,
  },
  async (input, { session }) => proposeChange(session, { op: 'update', ...input }),
);

/** Where policy puts deletes behind approval: a delete request, at the version the person saw. */
export const proposeObjectDelete = defineAction(
  {
    name: 'proposeObjectDelete',
    schema: proposeDeleteSchema,
    permission: 'vault.objects:delete',
    policy: POLICY.write,
    probe: (c) => ({
      objectId: c.objectId,
      versionCheck: 'stale-version',
      reason: 'auth matrix probe',
    }),
    ...ON_OBJECT,
  },
  async (input, { session }) => proposeChange(session, { op: 'delete', ...input }),
);
