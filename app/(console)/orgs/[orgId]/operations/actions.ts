'use server';

import { GenerateLinkIntent } from '@workos-inc/node';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import type { ActionResult } from '@/lib/actions/result';
import { can, type Permission } from '@/lib/auth/permissions';
import type { ConsoleSession } from '@/lib/auth/session';
import { byokStatuses } from '@/lib/byok/queries';
import { getDb } from '@/lib/db/client';
import { advanceRun, type AdvanceResult } from '@/lib/operations/engine';
import { RUN_NEEDS } from '@/lib/operations/kinds';
import * as plans from '@/lib/operations/plans';
import {
  createRun,
  getRun,
  markCancelled,
  markStarted,
  type OperationKind,
  type PlannedRow,
} from '@/lib/operations/store';
import { getOrganization } from '@/lib/orgs';
import { paths } from '@/lib/paths';
import { recordAudit } from '@/lib/audit/trail';
import { objectIdSchema, orgIdSchema } from '@/lib/vault/schemas';
import { getWorkOS } from '@/lib/workos/client';
import { consoleError, toConsoleError } from '@/lib/workos/errors';

const runIdSchema = z.string().regex(/^op_[a-z0-9]+_[a-f0-9]{8}$/, { message: 'Not a run id.' });

/** What running each kind needs, checked again at start and at every advance. */
const NEEDS: Record<OperationKind, readonly Permission[]> = RUN_NEEDS;

function refusedFor(session: ConsoleSession, kind: OperationKind) {
  const missing = NEEDS[kind].filter((p) => !can(session.permissions, p));
  return missing.length
    ? consoleError('forbidden', {
        message: `Your role does not include ${missing.join(' or ')}, which this operation needs.`,
      })
    : null;
}

async function plan(
  session: ConsoleSession,
  kind: OperationKind,
  orgId: string,
  rows: (orgName: string) => Promise<PlannedRow[] | { reason: string }>,
): Promise<ActionResult<{ runId: string; objects: number }>> {
  const org = await getOrganization(orgId);
  if (!org.ok) return { ok: false, error: org.error };
  const planned = await rows(org.data.name);
  if (!Array.isArray(planned))
    return { ok: false, error: consoleError('invalid_input', { message: planned.reason }) };
  if (planned.length === 0)
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message: 'Nothing to do: no object in this organization matches this operation.',
      }),
    };
  const db = await getDb();
  const runId = await createRun(db, {
    kind,
    orgId,
    orgName: org.data.name,
    user: session.user,
    rows: planned,
  });
  await recordAudit({
    user: session.user,
    action: 'operation.planned',
    orgId,
    detail: { operation_run: runId, kind, objects: planned.length },
  });
  return { ok: true, data: { runId, objects: planned.length } };
}

/** Offboarding: a plan to delete every object the index holds under the organization. */
export const planOffboard = defineAction(
  {
    name: 'planOffboard',
    schema: z.object({ orgId: orgIdSchema }),
    permission: 'vault.objects:delete',
    // A plan writes only ids and versions to the console database.
    policy: POLICY.metadata,
    probe: () => ({ orgId: 'org_matrixnosuchorg' }),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId }, { session }) =>
    plan(session, 'offboard', orgId, async () => plans.planOffboard(await getDb(), orgId)),
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
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, objectIds }, { session }) =>
    plan(session, 'bulk_delete', orgId, async () => {
      const rows = await plans.planSelected(await getDb(), orgId, objectIds);
      if (rows.length !== new Set(objectIds).size)
        return {
          reason: `${new Set(objectIds).size - rows.length} of the chosen objects are not in this organization's index. Reload the list and choose again.`,
        };
      return rows;
    }),
);

/** BYOK migrator: a plan to re-encrypt every object not yet on the verified customer key. */
export const planRewrap = defineAction(
  {
    name: 'planRewrap',
    schema: z.object({ orgId: orgIdSchema }),
    permission: ['vault.objects:write', 'vault.values:reveal'],
    policy: POLICY.metadata,
    probe: () => ({ orgId: 'org_matrixnosuchorg' }),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId }, { session }) =>
    plan(session, 'rewrap', orgId, async () => {
      const db = await getDb();
      const status = (await byokStatuses(db, [orgId])).get(orgId)!;
      const r = await plans.planRewrap(db, orgId, status);
      return r.ok ? r.rows : { reason: r.reason };
    }),
);

/** Starts a planned run. Deletes need the organization's name typed, as on a single delete. */
export const startOperation = defineAction(
  {
    name: 'startOperation',
    schema: z.object({
      orgId: orgIdSchema,
      runId: runIdSchema,
      confirmName: z.string().max(300).optional(),
    }),
    permission: 'vault.metadata:read',
    policy: POLICY.write,
    probe: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000', confirmName: 'x' }),
    returnTo: (i) => paths.orgOperation(i.orgId, i.runId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, runId, confirmName }, { session }): Promise<ActionResult<AdvanceResult>> => {
    const db = await getDb();
    const run = await getRun(db, runId);
    if (!run || run.org_id !== orgId) return { ok: false, error: consoleError('not_found') };
    const refused = refusedFor(session, run.kind);
    if (refused) return { ok: false, error: refused };
    if (run.kind !== 'rewrap' && confirmName !== run.org_name)
      return {
        ok: false,
        error: {
          ...consoleError('invalid_input', {
            message: 'Type the organization’s exact name to confirm the delete.',
          }),
          fieldErrors: { confirmName: ['This does not match the organization’s name.'] },
        },
      };
    if (!(await markStarted(db, runId, session.user.email)))
      return {
        ok: false,
        error: consoleError('conflict', {
          message: 'This run has already been started or cancelled. Reload to see where it is.',
        }),
      };
    await recordAudit({
      user: session.user,
      action: 'operation.started',
      orgId,
      detail: { operation_run: runId, kind: run.kind },
    });
    const r = await advanceRun(session, db, runId, 3_000);
    return r ? { ok: true, data: r } : { ok: false, error: consoleError('not_found') };
  },
);

/** Works through a started run for a few seconds; the page calls it until the run finishes. */
export const advanceOperation = defineAction(
  {
    name: 'advanceOperation',
    schema: z.object({ orgId: orgIdSchema, runId: runIdSchema }),
    permission: 'vault.metadata:read',
    // No per-person budget: each row's WorkOS calls go through the process's WorkOS limiter, and
    // the run was counted as one write when it started.
    policy: { ...POLICY.write, rateLimit: null },
    probe: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000' }),
    returnTo: (i) => paths.orgOperation(i.orgId, i.runId),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, runId }, { session }): Promise<ActionResult<AdvanceResult>> => {
    const db = await getDb();
    const run = await getRun(db, runId);
    if (!run || run.org_id !== orgId) return { ok: false, error: consoleError('not_found') };
    const refused = refusedFor(session, run.kind);
    if (refused) return { ok: false, error: refused };
    const r = await advanceRun(session, db, runId, 3_000);
    return r ? { ok: true, data: r } : { ok: false, error: consoleError('not_found') };
  },
);

export const cancelOperation = defineAction(
  {
    name: 'cancelOperation',
    schema: z.object({ orgId: orgIdSchema, runId: runIdSchema }),
    permission: 'vault.metadata:read',
    policy: { ...POLICY.metadata, stepUp: 'write' },
    returnTo: (i) => paths.orgOperation(i.orgId, i.runId),
    probe: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000' }),
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId, runId }, { session }): Promise<ActionResult<{ cancelled: boolean }>> => {
    const db = await getDb();
    const run = await getRun(db, runId);
    if (!run || run.org_id !== orgId) return { ok: false, error: consoleError('not_found') };
    const refused = refusedFor(session, run.kind);
    if (refused) return { ok: false, error: refused };
    return { ok: true, data: { cancelled: await markCancelled(db, runId) } };
  },
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
