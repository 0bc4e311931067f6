'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { ok } from '@/lib/actions/result';
import { getDb } from '@/lib/db/client';
import { getOrganization } from '@/lib/orgs';
import { consoleError } from '@/lib/workos/errors';
import { getIndexedObject } from '@/lib/index/store';
import { setFavourite } from '@/lib/comfort/recents';

/**
 * Pins or unpins an organization or object for the signed-in person. The label is looked up
 * here (an org's name, an object's name from the index), never taken from the browser.
 */
export const setPinned = defineAction(
  {
    name: 'setPinned',
    schema: z
      .object({
        kind: z.enum(['org', 'object']),
        id: z.string().min(1).max(200),
        pinned: z.boolean(),
      })
      .strict(),
    permission: 'vault.metadata:read',
    // Pinning writes only a name to the person's own list in the console database; the probe
    // unpins something never pinned.
    policy: POLICY.metadata,
    probe: (c) => ({ kind: 'object', id: c.objectId, pinned: false }),
  },
  async ({ kind, id, pinned }, { session }) => {
    const db = await getDb();
    let label: string;
    if (kind === 'object') {
      const obj = await getIndexedObject(db, id);
      if (!obj)
        return {
          ok: false,
          error: consoleError('not_found', { message: `No indexed object has the id ${id}.` }),
        };
      label = obj.name;
    } else {
      const org = await getOrganization(id);
      if (!org.ok) return org;
      label = org.data.name;
    }
    await setFavourite(db, session.user.id, kind, id, label, pinned);
    return ok({ pinned });
  },
);
