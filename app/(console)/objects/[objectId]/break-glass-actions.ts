'use server';

import { defineAction } from '@/lib/actions/define-action';
import { refusalForRevealer } from '@/lib/approvals/grants';
import { breakGlassRevealSchema } from '@/lib/approvals/schemas';
import { POLICY } from '@/lib/auth/step-up';
import { paths } from '@/lib/paths';
import { revealUnderBreakGlass } from '@/lib/vault/break-glass';

/**
 * Reveal or copy without approval, with a typed reason, where the organization's policy allows
 * break-glass (checked in lib/approvals/break-glass.ts, on the server). Same step-up, rate limit
 * and impersonation rules as any reveal; recorded loudly, notified, and shown on the org page.
 */
export const breakGlassReveal = defineAction(
  {
    name: 'breakGlassReveal',
    schema: breakGlassRevealSchema,
    permission: 'vault.metadata:read',
    policy: POLICY.valueRead,
    // An id nobody holds: answered not_found (or "you can reveal already") before any policy check.
    probe: () => ({
      objectId: 'obj_matrix_no_such_object',
      purpose: 'reveal',
      reason: 'auth matrix probe',
    }),
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
  },
  async (input, { session }) => {
    const revealer = refusalForRevealer(
      session,
      'use Reveal (break-glass is for people who would need a grant).',
    );
    return revealer ?? revealUnderBreakGlass(session, input);
  },
);
