'use server';

import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { createObject } from '@/lib/vault/commands';
import { createObjectSchema, toContext } from '@/lib/vault/schemas';
import { directWriteRefusal, proposeChange } from '@/lib/vault/change-requests';
import { proposeNewObjectSchema } from '@/lib/vault/schemas';
import { paths } from '@/lib/paths';
import { missingOrgs } from '@/lib/operations/org-check';
import { consoleError } from '@/lib/workos/errors';

export const createVaultObject = defineAction(
  {
    name: 'createVaultObject',
    schema: createObjectSchema,
    permission: 'vault.objects:write',
    policy: POLICY.write,
    probe: (c) => ({ orgId: c.orgId, name: '', value: 'x', extraContext: [] }),
    returnTo: (i) => paths.orgNew(i.orgId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async (input, { session }) => {
    // Never an object filed under an organization that is not there (R3-15).
    const missing = (await missingOrgs([input.orgId])).get(input.orgId);
    if (missing) return { ok: false, error: consoleError('not_found', { message: missing }) };
    // Where policy puts new objects behind approval, only a change request can create one.
    const refused = await directWriteRefusal('create', { orgId: input.orgId });
    if (refused) return { ok: false, error: refused };
    // The browser goes on to the new object's page; nothing cached needs revalidating.
    return createObject(session, input);
  },
);

/**
 * Where policy puts new objects behind approval: the name, key context and value (sealed under
 * that context) staged with a reason, created once approvers approve.
 */
export const proposeNewObject = defineAction(
  {
    name: 'proposeNewObject',
    schema: proposeNewObjectSchema,
    permission: 'vault.objects:write',
    policy: POLICY.write,
    // With no policy asking for approval, nothing is filed ("make the change directly").
    probe: (c) => ({
      object: { orgId: c.orgId, name: 'e2e/matrix-propose-probe', value: 'x', extraContext: [] },
      reason: 'auth matrix probe',
    }),
    returnTo: (i) => paths.orgNew(i.object.orgId),
    auditTarget: (i) => ({ orgId: i.object.orgId }),
  },
  async ({ object, reason }, { session }) => {
    const missing = (await missingOrgs([object.orgId])).get(object.orgId);
    if (missing) return { ok: false, error: consoleError('not_found', { message: missing }) };
    return proposeChange(session, {
      op: 'create',
      orgId: object.orgId,
      name: object.name,
      value: object.value,
      context: toContext([{ key: 'organization_id', value: object.orgId }, ...object.extraContext]),
      reason,
    });
  },
);
