'use server';

import { GenerateLinkIntent } from '@workos-inc/node';
import { z } from 'zod';
import { defineAction, type MatrixFixture } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import {
  advanceOperationRun,
  cancelRun,
  planBulkDeleteRun,
  planOffboardRun,
  planRewrapRun,
  refreshPlan,
  removeFromPlan,
  requestRunApproval,
  startRun,
} from '@/lib/operations/service';
import { paths } from '@/lib/paths';
import { recordAudit } from '@/lib/audit/trail';
import { objectIdSchema, orgIdSchema } from '@/lib/vault/schemas';
import { getWorkOS } from '@/lib/workos/client';
import { toConsoleError } from '@/lib/workos/errors';

const runIdSchema = z.string().regex(/^op_[a-z0-9]+_[a-f0-9]{8}$/, { message: 'Not a run id.' });
const runSchema = z.object({ orgId: orgIdSchema, runId: runIdSchema });

/**
 * What every action on one run shares: its ids, a probe naming no run, the run's page. The
 * service checks the permission the run's kind needs (delete, or write and reveal).
 */
const ON_RUN = {
  schema: runSchema,
  permission: 'vault.metadata:read' as const,
  probe: (c: MatrixFixture) => ({ orgId: c.orgId, runId: 'op_0_00000000' }),
  returnTo: (i: z.output<typeof runSchema>) => paths.orgOperation(i.orgId, i.runId),
  auditTarget: (i: { orgId: string }) => ({ orgId: i.orgId }),
};

/** A new plan for a whole organization: a probe naming none. A plan writes only ids and versions to the console database. */
const NEW_PLAN = {
  schema: z.object({ orgId: orgIdSchema }),
  policy: POLICY.metadata,
  probe: () => ({ orgId: 'org_matrixnosuchorg' }),
  auditTarget: (i: { orgId: string }) => ({ orgId: i.orgId }),
};

/** Offboarding: a plan to delete every object the index holds under the organization. */
export const planOffboard = defineAction(
  {
    name: 'planOffboard',
    ...NEW_PLAN,
    permission: 'vault.objects:delete',
  },
  async ({ orgId }, { session }) => planOffboardRun(session, orgId),
);

/** Multi-select delete: a plan for the chosen objects of one organization. */
export const planBulkDelete = defineAction(
  {
    name: 'planBulkDelete',
    schema: z.object({
      orgId: orgIdSchema,
      objectIds: z
        .array(objectIdSchema)
        .min(1, { message: 'Choose at least one object.' })
        .max(1000, { message: 'At most 1,000 objects per bulk delete.' }),
    }),
    permission: 'vault.objects:delete',
    policy: POLICY.metadata,
    probe: (c) => ({ orgId: c.orgId, objectIds: ['no-such-object'] }),
    auditTarget: NEW_PLAN.auditTarget,
  },
  async ({ orgId, objectIds }, { session }) => planBulkDeleteRun(session, orgId, objectIds),
);

/** BYOK migrator: a plan to re-encrypt every object not yet on the verified customer key. */
export const planRewrap = defineAction(
  {
    name: 'planRewrap',
    ...NEW_PLAN,
    permission: ['vault.objects:write', 'vault.values:reveal'],
  },
  async ({ orgId }, { session }) => planRewrapRun(session, orgId),
);

/** Starts a planned run. Deletes need the organization's name typed, as on a single delete. */
export const startOperation = defineAction(
  {
    name: 'startOperation',
    ...ON_RUN,
    schema: runSchema.extend({ confirmName: z.string().max(300).optional() }),
    permission: 'vault.metadata:read',
    policy: POLICY.write,
    probe: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000', confirmName: 'x' }),
  },
  async (input, { session }) => startRun(session, input),
);

/** Works through a started run for a few seconds; the page calls it until the run finishes. */
export const advanceOperation = defineAction(
  {
    name: 'advanceOperation',
    ...ON_RUN,
    // No per-person budget: each row's WorkOS calls go through the process's WorkOS limiter, and
    // the run was counted as one write when it started.
    policy: { ...POLICY.write, rateLimit: null },
  },
  async (input, { session }) => advanceOperationRun(session, input),
);

export const cancelOperation = defineAction(
  { name: 'cancelOperation', ...ON_RUN, policy: POLICY.consoleWrite },
  async (input, { session }) => cancelRun(session, input),
);

/**
 * Takes one object out of a plan that has not started: a new plan version, so an approval given
 * for the old one no longer lets it start (dual control).
 */
export const removePlannedObject = defineAction(
  {
    name: 'removePlannedObject',
    ...ON_RUN,
    schema: runSchema.extend({ seq: z.number().int().min(1) }),
    permission: 'vault.metadata:read',
    // The plan lives in the console database; nothing at WorkOS changes.
    policy: POLICY.consoleWrite,
    probe: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000', seq: 1 }),
  },
  async (input, { session }) => removeFromPlan(session, input),
);

/** Re-plans a run that has not started from the index as it is now: a new plan version if anything changed. */
export const refreshOperationPlan = defineAction(
  { name: 'refreshOperationPlan', ...ON_RUN, policy: POLICY.consoleWrite },
  async (input, { session }) => refreshPlan(session, input),
);

/** Dual control: asks a second person (vault.requests:approve) to approve a plan as it stands. */
export const requestOperationApproval = defineAction(
  { name: 'requestOperationApproval', ...ON_RUN, policy: POLICY.metadata },
  async (input, { session }) => requestRunApproval(session, input),
);

/**
 * Admin Portal links for the customer's own IT: `audit_logs` shows them every access by our
 * staff to their secrets (with reasons); `log_streams` sends the same events to their SIEM.
 */
export const generateTenantPortalLink = defineAction(
  {
    name: 'generateTenantPortalLink',
    schema: z.object({
      orgId: orgIdSchema,
      intent: z.enum(['audit_logs', 'log_streams'], {
        message: 'intent must be audit_logs or log_streams.',
      }),
    }),
    permission: 'vault.byok:manage',
    policy: POLICY.write,
    probe: (c) => ({ orgId: c.orgId, intent: 'audit_logs' }),
    returnTo: (i) => paths.orgOperations(i.orgId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, intent }, { session }) => {
    try {
      const { link } = await getWorkOS().adminPortal.generateLink({
        organization: orgId,
        intent:
          intent === 'audit_logs' ? GenerateLinkIntent.AuditLogs : GenerateLinkIntent.LogStreams,
      });
      await recordAudit({
        user: session.user,
        action: 'portal.link_generated',
        orgId,
        detail: { intent },
      });
      return {
        ok: true,
        data: { link, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() },
      };
    } catch (err) {
      return { ok: false, error: toConsoleError(err) };
    }
  },
);
