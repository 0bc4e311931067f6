'use server';

import { defineAction } from '@/lib/actions/define-action';
import { markInboxSeenSchema } from '@/lib/approvals/schemas';
import { POLICY } from '@/lib/auth/step-up';
import { markInboxSeen as markSeen } from '@/lib/notify/inbox';
import { paths } from '@/lib/paths';

/** Marks the person's own inbox read up to the moment their page was rendered. */
export const markInboxSeen = defineAction(
  {
    name: 'markInboxSeen',
    schema: markInboxSeenSchema,
    permission: 'vault.metadata:read',
    policy: POLICY.metadata,
    // A mark before anything happened: moves nothing forward.
    probe: () => ({ until: '2000-01-01T00:00:00.000Z' }),
    returnTo: () => paths.inbox(),
  },
  async (input, { session }) => ({
    ok: true,
    data: { seenAt: (await markSeen(session.user.id, new Date(input.until))).toISOString() },
  }),
);
