import 'server-only';
import type { ActionResult } from '../actions/result';
import { fail } from './refuse';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb, type Db } from '../db/client';
import { consoleError } from '../workos/errors';
import {
  NOTIFY_NAME_MODES,
  type PolicyFields,
  type SavePolicyInput,
  type TenantOperation,
} from './schemas';

/**
 * Approval policies: one environment default and per-organization overrides, in the console
 * database. With no row at all the console behaves as it did before approvals existed: nothing
 * needs approval and nobody without standing permission can ask for access.
 */
export type PolicyScope = 'environment' | (string & {});

export type StoredPolicy = PolicyFields & {
  scope: PolicyScope;
  version: number;
  updatedAt: Date;
  updatedByEmail: string;
};

/** What a new policy starts from: the defaults (24 h requests, 1 h grants). */
export const DEFAULT_POLICY_FIELDS: PolicyFields = {
  revealNeedsApproval: true,
  changeNeedsApproval: false,
  deleteNeedsApproval: false,
  operationsNeedApproval: [],
  keyDecryptNeedsApproval: false,
  approvalsRequired: 1,
  requestExpiryMinutes: 24 * 60,
  maxGrantMinutes: 60,
  breakGlassAllowed: false,
  ticketRequired: false,
  notifyNames: 'full',
};

type PolicyRow = {
  scope: string;
  reveal_needs_approval: boolean;
  change_needs_approval: boolean;
  delete_needs_approval: boolean;
  operations_need_approval: string[];
  key_decrypt_needs_approval: boolean;
  approvals_required: number;
  request_expiry_minutes: number;
  max_grant_minutes: number;
  break_glass_allowed: boolean;
  ticket_required: boolean;
  notify_names: string;
  version: number;
  updated_at: Date;
  updated_by_email: string;
};

function fromRow(r: PolicyRow): StoredPolicy {
  return {
    scope: r.scope,
    revealNeedsApproval: r.reveal_needs_approval,
    changeNeedsApproval: r.change_needs_approval,
    deleteNeedsApproval: r.delete_needs_approval,
    operationsNeedApproval: r.operations_need_approval as TenantOperation[],
    keyDecryptNeedsApproval: r.key_decrypt_needs_approval,
    approvalsRequired: r.approvals_required === 2 ? 2 : 1,
    requestExpiryMinutes: r.request_expiry_minutes,
    maxGrantMinutes: r.max_grant_minutes,
    breakGlassAllowed: r.break_glass_allowed,
    ticketRequired: r.ticket_required,
    notifyNames: NOTIFY_NAME_MODES.find((m) => m === r.notify_names) ?? 'full',
    version: r.version,
    updatedAt: new Date(r.updated_at),
    updatedByEmail: r.updated_by_email,
  };
}

export async function listPolicies(db?: Pick<Db, 'query'>): Promise<StoredPolicy[]> {
  const q = db ?? (await getDb());
  const r = await q.query<PolicyRow>(
    `select * from approval_policies order by (scope = 'environment') desc, scope`,
  );
  return r.rows.map(fromRow);
}

/** The policy that applies to an organization: its override, else the default, else none. */
export async function effectivePolicy(
  orgId: string | null,
  db?: Pick<Db, 'query'>,
): Promise<StoredPolicy | null> {
  const q = db ?? (await getDb());
  const r = await q.query<PolicyRow>(
    `select * from approval_policies where scope = any($1) order by (scope = 'environment') asc limit 1`,
    [orgId ? [orgId, 'environment'] : ['environment']],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Which fields differ, by name (the audit row lists names, never a whole policy). */
function changedFields(before: PolicyFields | null, after: PolicyFields): string {
  if (!before) return 'created';
  return (Object.keys(after) as (keyof PolicyFields)[])
    .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k]))
    .join(',');
}

/**
 * Creates or replaces the policy at one scope, if it is still at the version the form started
 * from (0: none yet). A stale save answers a conflict with who changed it and when.
 */
export async function savePolicy(
  session: ConsoleSession,
  input: SavePolicyInput,
  db?: Db,
): Promise<ActionResult<{ version: number }>> {
  const d = db ?? (await getDb());
  const f = input.fields;
  return d.transaction(async (tx) => {
    const current = (
      await tx.query<PolicyRow>('select * from approval_policies where scope = $1 for update', [
        input.scope,
      ])
    ).rows[0];
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.versionCheck) {
      return fail(
        consoleError('conflict', {
          message: current
            ? `${current.updated_by_email} changed this policy at ${new Date(current.updated_at).toISOString()} (version ${current.version}) after you loaded it. Reload to see their change.`
            : 'This policy was removed after you loaded it. Reload the page.',
        }),
      );
    }
    const values = [
      input.scope,
      f.revealNeedsApproval,
      f.changeNeedsApproval,
      f.deleteNeedsApproval,
      f.operationsNeedApproval,
      f.keyDecryptNeedsApproval,
      f.approvalsRequired,
      f.requestExpiryMinutes,
      f.maxGrantMinutes,
      f.breakGlassAllowed,
      f.ticketRequired,
      session.user.id,
      session.user.email,
      f.notifyNames,
    ];
    await tx.query(
      `insert into approval_policies (scope, reveal_needs_approval, change_needs_approval, delete_needs_approval,
         operations_need_approval, key_decrypt_needs_approval, approvals_required, request_expiry_minutes,
         max_grant_minutes, break_glass_allowed, ticket_required, updated_by_id, updated_by_email, notify_names)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       on conflict (scope) do update set reveal_needs_approval = $2, change_needs_approval = $3,
         delete_needs_approval = $4, operations_need_approval = $5, key_decrypt_needs_approval = $6,
         approvals_required = $7, request_expiry_minutes = $8, max_grant_minutes = $9,
         break_glass_allowed = $10, ticket_required = $11, updated_by_id = $12, updated_by_email = $13,
         notify_names = $14, version = approval_policies.version + 1, updated_at = now()`,
      values,
    );
    const version = currentVersion + 1;
    await recordAudit(
      {
        user: session.user,
        action: 'policy.updated',
        orgId: input.scope === 'environment' ? null : input.scope,
        detail: {
          scope: input.scope,
          version,
          changed: changedFields(current ? fromRow(current) : null, f),
        },
      },
      tx,
    );
    return { ok: true, data: { version } };
  });
}

/** Drops an organization's override (the environment default applies again), version-checked. */
export async function removePolicy(
  session: ConsoleSession,
  input: { scope: string; versionCheck: number },
  db?: Db,
): Promise<ActionResult<{ removed: true }>> {
  const d = db ?? (await getDb());
  return d.transaction(async (tx) => {
    const gone = await tx.query<{ scope: string }>(
      'delete from approval_policies where scope = $1 and version = $2 returning scope',
      [input.scope, input.versionCheck],
    );
    if (!gone.rows[0])
      return fail(
        consoleError('conflict', {
          message:
            'This override changed or was removed after you loaded it. Reload to see its current state.',
        }),
      );
    await recordAudit(
      {
        user: session.user,
        action: 'policy.removed',
        orgId: input.scope,
        detail: { scope: input.scope, version: input.versionCheck },
      },
      tx,
    );
    return { ok: true, data: { removed: true } };
  });
}

export type PolicyChange = {
  at: Date;
  email: string;
  action: string;
  scope: string;
  version: number | null;
  changed: string;
};

/** Every policy change, newest first, from the audit trail (who and when). */
export async function policyHistory(limit = 50): Promise<PolicyChange[]> {
  const db = await getDb();
  const r = await db.query<{
    occurred_at: Date;
    user_email: string;
    action: string;
    detail: Record<string, unknown>;
  }>(
    `select occurred_at, user_email, action, detail from audit_events
     where action in ('policy.updated', 'policy.removed') order by occurred_at desc, id desc limit $1`,
    [limit],
  );
  return r.rows.map((row) => ({
    at: new Date(row.occurred_at),
    email: row.user_email,
    action: row.action,
    scope: String(row.detail?.scope ?? ''),
    version: typeof row.detail?.version === 'number' ? row.detail.version : null,
    changed: String(row.detail?.changed ?? ''),
  }));
}
