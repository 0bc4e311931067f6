'use server';

import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { deleteObject, loadForEdit, revealValue, updateValue } from '@/lib/vault/commands';
import { ensureIndexSync } from '@/lib/index/runtime';
import {
  deleteObjectSchema,
  loadForEditSchema,
  revealObjectSchema,
  updateObjectSchema,
} from '@/lib/vault/schemas';
import { paths } from '@/lib/paths';

/** Reveal or copy a value. A POST, audited, behind a recent sign-in; the one way a value leaves. */
export const revealObjectValue = defineAction(
  {
    name: 'revealObjectValue',
    schema: revealObjectSchema,
    permission: 'vault.values:reveal',
    policy: POLICY.valueRead,
    probe: (c) => ({ objectId: c.objectId, purpose: 'reveal' }),
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
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
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
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
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
  },
  // No revalidatePath: the reply is only the outcome, so "Saved" shows as soon as WorkOS has
  // the new version. The editor then refreshes the page (version list, header) in the background.
  async (input, { session }) => updateValue(session, input),
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
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
  },
  async (input, { session }) => {
    const result = await deleteObject(session, input);
    // No revalidatePath: pages render per request, and re-rendering the deleted object's page in
    // the reply would cost two WorkOS calls for a page the browser is leaving.
    if (result.ok) (await ensureIndexSync()).markChanged();
    return result;
  },
);
