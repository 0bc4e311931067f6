'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { ok } from '@/lib/actions/result';
import { recordAudit } from '@/lib/audit/trail';
import { ensureIndexSync } from '@/lib/index/runtime';

/** Runs an index sync now, including a deletion reconcile (for people who may write). */
export const resyncIndex = defineAction(
  {
    name: 'resyncIndex',
    schema: z.object({}).strict(),
    permission: 'vault.objects:write',
    policy: POLICY.metadata,
    probe: () => ({}),
  },
  async (_input, { session }) => {
    const sync = await ensureIndexSync();
    await sync.runOnce({ reconcile: true });
    await recordAudit({ user: session.user, action: 'index.resynced' });
    revalidatePath('/settings');
    return ok({ at: new Date().toISOString() });
  },
);
