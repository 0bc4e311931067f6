'use server';

import { defineAction } from '@/lib/actions/define-action';
import { acknowledgeBreakGlass } from '@/lib/approvals/break-glass';
import { acknowledgeBreakGlassSchema } from '@/lib/approvals/schemas';
import { POLICY } from '@/lib/auth/step-up';
import { paths } from '@/lib/paths';

/** An approver acknowledges a break-glass use (audited); the org page's banner then goes. */
export const acknowledgeBreakGlassUse = defineAction(
  {
    name: 'acknowledgeBreakGlassUse',
    schema: acknowledgeBreakGlassSchema,
    permission: 'vault.requests:approve',
    policy: POLICY.metadata,
    probe: () => ({ id: 'bg_matrix_none' }),
    returnTo: () => paths.orgs(),
  },
  async (input, { session }) => acknowledgeBreakGlass(session, input.id),
);
