'use server';

import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { createObject } from '@/lib/vault/commands';
import { createObjectSchema } from '@/lib/vault/schemas';
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
    // The browser goes on to the new object's page; nothing cached needs revalidating.
    return createObject(session, input);
  },
);
