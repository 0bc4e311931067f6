'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { previewImport as preview } from '@/lib/operations/import';
import { applyOrPlanImport } from '@/lib/operations/import-plan';
import { paths } from '@/lib/paths';
import {
  objectIdSchema,
  objectNameSchema,
  orgIdSchema,
  secretValueSchema,
  versionIdSchema,
} from '@/lib/vault/schemas';

const MAX_ENTRIES = 500;
const entries = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, { message: 'The file has no entries.' })
    .max(MAX_ENTRIES, { message: `At most ${MAX_ENTRIES} entries per import.` })
    .refine((list) => new Set(list.map((e) => (e as { name: string }).name)).size === list.length, {
      message: 'Each name may appear once.',
    });

/** New, changed or unchanged per name; "unchanged" after an audited read. Returns no values. */
export const previewImport = defineAction(
  {
    name: 'previewImport',
    schema: z.object({
      orgId: orgIdSchema,
      entries: entries(z.object({ name: objectNameSchema, value: secretValueSchema })),
    }),
    permission: ['vault.objects:write', 'vault.values:reveal'],
    // Compares with an audited read of each existing name, so it is a value read. The probe's
    // name nobody holds: it answers "new" and reads nothing.
    policy: POLICY.valueRead,
    probe: (c) => ({ orgId: c.orgId, entries: [{ name: 'e2e/matrix-import-probe', value: 'x' }] }),
    // One unit per row of the batch (R3-06), not one per call.
    rateUnits: (i) => i.entries.length,
    returnTo: (i) => paths.orgImport(i.orgId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, entries }, { session }) => ({
    ok: true,
    data: { rows: await preview(session, orgId, entries) },
  }),
);

/**
 * Creates new names and saves changed ones with the version the preview read. Where the
 * organization's approval policy lists import, writes nothing: the rows become a plan (values
 * staged sealed) that waits for a second person's approval (lib/operations/import-plan.ts).
 */
export const applyImport = defineAction(
  {
    name: 'applyImport',
    schema: z.object({
      orgId: orgIdSchema,
      rows: entries(
        z.object({
          name: objectNameSchema,
          value: secretValueSchema,
          objectId: objectIdSchema.optional(),
          versionCheck: versionIdSchema.optional(),
        }),
      ),
    }),
    permission: 'vault.objects:write',
    // The probe's update has a stale version: refused by WorkOS (409), nothing written.
    policy: POLICY.write,
    probe: (c) => ({
      orgId: c.orgId,
      rows: [
        {
          name: c.objectName,
          value: 'matrix',
          objectId: c.objectId,
          versionCheck: 'stale-version',
        },
      ],
    }),
    // One unit per row of the batch (R3-06), not one per call.
    rateUnits: (i) => i.rows.length,
    returnTo: (i) => paths.orgImport(i.orgId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, rows }, { session }) => applyOrPlanImport(session, orgId, rows),
);
