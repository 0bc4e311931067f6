'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import {
  applyCreateInOrgs as apply,
  previewCreateInOrgs as preview,
} from '@/lib/operations/import';
import { paths } from '@/lib/paths';
import { directWriteRefusal } from '@/lib/vault/change-requests';
import { fail } from '@/lib/actions/result';
import { objectNameSchema, orgIdSchema, secretValueSchema } from '@/lib/vault/schemas';

const MAX_ORGS = 200;
const targets = <T extends z.ZodType<{ orgId: string; name: string }>>(item: T) =>
  z
    .array(item)
    .min(1, { message: 'Choose at least one organization.' })
    .max(MAX_ORGS, { message: `At most ${MAX_ORGS} organizations at once.` })
    .refine((list) => new Set(list.map((t) => t.orgId)).size === list.length, {
      message: 'Each organization may appear once.',
    })
    .refine((list) => new Set(list.map((t) => t.name)).size === list.length, {
      message: 'Each name may appear once (names are unique across organizations).',
    });

/** Per organization: will create, already exists (skipped) or name taken. Needs no values. */
export const previewCreateInOrgs = defineAction(
  {
    name: 'previewCreateInOrgs',
    schema: z.object({
      targets: targets(z.object({ orgId: orgIdSchema, name: objectNameSchema })),
    }),
    permission: 'vault.objects:write',
    // Reads no value (existing names are skipped).
    policy: POLICY.metadata,
    probe: (c) => ({ targets: [{ orgId: c.orgId, name: 'e2e/matrix-fanout-probe' }] }),
    returnTo: () => paths.createInOrgs(),
  },
  async ({ targets }) => ({ ok: true, data: { rows: await preview(targets) } }),
);

/** Creates each name under its own `{ organization_id }`; an existing name is skipped. */
export const applyCreateInOrgs = defineAction(
  {
    name: 'applyCreateInOrgs',
    schema: z.object({
      rows: targets(
        z.object({ orgId: orgIdSchema, name: objectNameSchema, value: secretValueSchema }),
      ),
    }),
    permission: 'vault.objects:write',
    // The probe's name is the fixture's own in its own org: WorkOS answers "taken".
    policy: POLICY.write,
    probe: (c) => ({ rows: [{ orgId: c.orgId, name: c.objectName, value: 'matrix' }] }),
    // One unit per row of the batch (R3-06), not one per call.
    rateUnits: (i) => i.rows.length,
    returnTo: () => paths.createInOrgs(),
  },
  async ({ rows }, { session }) => {
    // An organization whose policy puts new objects behind approval takes change requests only.
    for (const orgId of new Set(rows.map((r) => r.orgId))) {
      const refused = await directWriteRefusal('create', { orgId });
      if (refused)
        return fail({ ...refused, message: `${orgId}: ${refused.message} Nothing was created.` });
    }
    return { ok: true, data: { rows: await apply(session, rows) } };
  },
);
