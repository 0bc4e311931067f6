'use server';

import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { createObject } from '@/lib/vault/commands';
import { createObjectSchema } from '@/lib/vault/schemas';
import { paths } from '@/lib/paths';

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
  // The browser goes on to the new object's page; nothing cached needs revalidating.
  async (input, { session }) => createObject(session, input),
);
