'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import type { ActionResult } from '@/lib/actions/result';
import { getDb } from '@/lib/db/client';
import { paths } from '@/lib/paths';
import { stewardshipSchema } from '@/lib/stewardship/schema';
import { saveStewardship as save, type Stewardship } from '@/lib/stewardship/store';
import { recordAudit } from '@/lib/audit/trail';
import { describeObject } from '@/lib/vault/objects';
import { consoleError } from '@/lib/workos/errors';

/**
 * Owner, notes, rotation period and expiry of one object, in the console database. Admin only
 * (vault.objects:write); checked against the record's updated_at so two editors never overwrite
 * each other silently; audited in the same transaction as the change.
 */
export const saveStewardship = defineAction(
  {
    name: 'saveStewardship',
    schema: stewardshipSchema,
    permission: 'vault.objects:write',
    // Console-side metadata, no secret material. The probe's version check no record can have.
    policy: { ...POLICY.metadata, stepUp: 'write', rateLimit: 'writes' },
    probe: (c) => ({
      objectId: c.objectId,
      owner: 'matrix',
      notes: '',
      rotationDays: null,
      expiresOn: null,
      expectedUpdatedAt: '2000-01-01T00:00:00.000Z',
    }),
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
  },
  async (input, { session }): Promise<ActionResult<Stewardship>> => {
    const described = await describeObject(input.objectId);
    if (!described.ok) return { ok: false, error: described.error };
    const meta = described.data;
    const db = await getDb();
    const r = await save(
      db,
      {
        ...input,
        objectName: meta.name,
        orgId: meta.orgId,
        by: session.user.email,
      },
      async (tx, changed) => {
        await recordAudit(
          {
            user: session.user,
            action: 'object.stewardship_updated',
            objectId: meta.id,
            objectName: meta.name,
            orgId: meta.orgId,
            detail: {
              changed: changed.join(', ') || 'nothing',
              owner: input.owner,
              rotation_days: input.rotationDays,
              expires_on: input.expiresOn,
            },
          },
          tx,
        );
      },
    );
    if (!r.ok)
      return {
        ok: false,
        error: consoleError('conflict', {
          message: r.current
            ? `${r.current.updatedBy} saved owner and rotation for this object after you loaded it. Reload to see their change, then edit again.`
            : 'The owner and rotation record was removed after you loaded it. Reload and edit again.',
        }),
      };
    revalidatePath(paths.object(input.objectId));
    return { ok: true, data: r.value };
  },
);
