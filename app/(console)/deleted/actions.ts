'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { eraseCopy, restoreDeleted } from '@/lib/vault/restore';
import { objectNameSchema } from '@/lib/vault/schemas';
import { paths } from '@/lib/paths';

const copyIdSchema = z
  .string()
  .regex(
    /^rcp_[a-z0-9_]{1,80}$/,
    'A recovery copy id starts with rcp_ (from the Recently deleted list).',
  );

/**
 * Restore a deleted object from its recovery copy: the same name (or a new one after a name
 * conflict), context and value. Needs write: support sees the list but cannot restore. Where the
 * organization's change policy puts new objects behind approval, it is proposed as a change
 * request (with a reason) instead of written.
 */
export const restoreDeletedObject = defineAction(
  {
    name: 'restoreDeletedObject',
    schema: z.object({
      copyId: copyIdSchema,
      name: objectNameSchema.optional(),
      // Where the change policy puts new objects behind approval, the restore is proposed
      // as a change request with this reason (lib/vault/restore.ts).
      reason: z
        .string()
        .trim()
        .max(500, { error: 'The reason is at most 500 characters.' })
        .optional(),
    }),
    permission: 'vault.objects:write',
    policy: POLICY.write,
    probe: () => ({ copyId: 'rcp_matrix_no_such_copy' }),
    returnTo: () => paths.deleted(),
  },
  async (input, { session }) => restoreDeleted(session, input),
);

/** Delete forever: a recent sign-in and the object's typed name; audited, then the copy is gone. */
export const eraseRecoveryCopy = defineAction(
  {
    name: 'eraseRecoveryCopy',
    schema: z.object({ copyId: copyIdSchema, confirmName: z.string().max(500) }),
    permission: 'vault.objects:delete',
    policy: POLICY.write,
    probe: () => ({ copyId: 'rcp_matrix_no_such_copy', confirmName: 'not-the-name' }),
    returnTo: () => paths.deleted(),
  },
  async (input, { session }) => eraseCopy(session, input),
);
