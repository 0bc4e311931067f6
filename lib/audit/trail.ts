import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { getDb } from '../db/client';
import { notifyFromAudit } from '../notify/outbox';

export const AUDIT_ACTIONS = [
  'object.revealed',
  'object.copied',
  'object.edit_loaded',
  'object.created',
  'object.updated',
  'object.deleted',
  'object.update_conflict',
  'object.delete_conflict',
  'index.resynced',
  'portal.link_generated',
  'key.decrypted',
  'action.denied',
  'action.rate_limited',
  'object.stewardship_updated',
  'operation.planned',
  'operation.plan_edited',
  'operation.started',
  'export.downloaded',
  'object.restored',
  'copy.purged',
  'copy.erased',
  'copy.settled',
  'byok.key_tested',
  'policy.updated',
  'policy.removed',
  'request.created',
  'request.approved',
  'request.denied',
  'request.withdrawn',
  'request.revoked',
  'breakglass.used',
  'breakglass.acknowledged',
  // change requests (lib/vault/change-requests.ts)
  'request.stale',
  'request.rebased',
  'request.applied',
  'request.apply_failed',
  'request.diff_revealed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  id: string;
  occurred_at: Date;
  user_id: string;
  user_email: string;
  org_id: string | null;
  object_id: string | null;
  object_name: string | null;
  action: string;
  outcome: string;
  reason: string | null;
  version_id: string | null;
  /** On `object.restored`: the id the object had before it was deleted (the new id is object_id). */
  restored_from?: string | null;
};

export type AuditInput = {
  user: { id: string; email: string };
  action: AuditAction;
  /** 'pending': intent recorded before a WorkOS write; completeAudit() settles it afterwards. */
  outcome?: 'success' | 'failure' | 'pending';
  orgId?: string | null;
  objectId?: string | null;
  objectName?: string | null;
  reason?: string | null;
  versionId?: string | null;
  detail?: Record<string, string | number | boolean | null>;
};

/** Appends to the console's own audit trail. Never called with a value in `detail`. */
export async function recordAudit(entry: AuditInput, db?: Pick<Db, 'query'>): Promise<string> {
  const q = db ?? (await getDb());
  const id = `audit_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  await q.query(
    `insert into audit_events (id, occurred_at, user_id, user_email, org_id, object_id, object_name, action, outcome, reason, version_id, detail)
     values ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      entry.user.id,
      entry.user.email,
      entry.orgId ?? null,
      entry.objectId ?? null,
      entry.objectName ?? null,
      entry.action,
      entry.outcome ?? 'success',
      entry.reason ?? null,
      entry.versionId ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
  // Requests, break-glass and key failures also notify (the webhook), in the same transaction.
  await notifyFromAudit(entry, q);
  return id;
}

/**
 * Settles a 'pending' write intent with its outcome and what WorkOS answered (ids, never values).
 * A row left 'pending' means the console stopped between the WorkOS call and this update: the
 * change may or may not have been applied, and the trail says so.
 */
export async function completeAudit(
  id: string,
  outcome: 'success' | 'failure',
  fields: {
    objectId?: string | null;
    objectName?: string | null;
    versionId?: string | null;
    orgId?: string | null;
    detail?: Record<string, string | number | boolean | null>;
  } = {},
  db?: Pick<Db, 'query'>,
): Promise<void> {
  const q = db ?? (await getDb());
  await q.query(
    `update audit_events set outcome = $2,
       object_id = coalesce($3, object_id), object_name = coalesce($4, object_name),
       version_id = coalesce($5, version_id), org_id = coalesce($6, org_id),
       detail = detail || $7::jsonb
     where id = $1`,
    [
      id,
      outcome,
      fields.objectId ?? null,
      fields.objectName ?? null,
      fields.versionId ?? null,
      fields.orgId ?? null,
      JSON.stringify(fields.detail ?? {}),
    ],
  );
}

/** The name of an object this console deleted in this organization (for the banner), or null. */
export async function deletedObjectName(objectId: string, orgId: string): Promise<string | null> {
  const db = await getDb();
  const r = await db.query<{ object_name: string | null }>(
    `select object_name from audit_events
     where action = 'object.deleted' and outcome = 'success' and object_id = $1 and org_id = $2
     order by occurred_at desc limit 1`,
    [objectId, orgId],
  );
  return r.rows[0]?.object_name ?? null;
}

/** Console-made versions of an object: version id → who and when. */
export async function versionAuthors(
  objectId: string,
): Promise<Map<string, { email: string; at: Date }>> {
  const db = await getDb();
  const r = await db.query<{ version_id: string; user_email: string; occurred_at: Date }>(
    `select version_id, user_email, occurred_at from audit_events
     where object_id = $1 and action in ('object.created', 'object.updated', 'object.restored') and outcome = 'success' and version_id is not null`,
    [objectId],
  );
  return new Map(
    r.rows.map((row) => [row.version_id, { email: row.user_email, at: row.occurred_at }]),
  );
}

export type AuditFilter = {
  orgId?: string;
  user?: string;
  action?: string;
  from?: Date;
  to?: Date;
  objectId?: string;
  /** An object's id or its exact name (names outlive ids when an object is recreated). */
  object?: string;
};

export async function listAudit(
  filter: AuditFilter,
  page: { before?: { at: string; id: string } | null; limit: number },
): Promise<{ rows: AuditEntry[]; next: { at: string; id: string } | null }> {
  const db = await getDb();
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => (args.push(v), `$${args.length}`);
  if (filter.orgId) where.push(`org_id = ${arg(filter.orgId)}`);
  if (filter.user)
    where.push(
      `lower(user_email) like ${arg(`%${filter.user.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`,
    );
  if (filter.action) where.push(`action = ${arg(filter.action)}`);
  if (filter.objectId) where.push(`object_id = ${arg(filter.objectId)}`);
  if (filter.object) {
    const o = arg(filter.object);
    // A restored object's entries are found from its old id too (the restore row names both).
    where.push(`(object_id = ${o} or object_name = ${o} or detail->>'restored_from' = ${o})`);
  }
  if (filter.from) where.push(`occurred_at >= ${arg(filter.from)}`);
  if (filter.to) where.push(`occurred_at < ${arg(filter.to)}`);
  if (page.before)
    where.push(`(occurred_at, id) < (${arg(page.before.at)}::timestamptz, ${arg(page.before.id)})`);
  const r = await db.query<AuditEntry>(
    `select id, occurred_at, user_id, user_email, org_id, object_id, object_name, action, outcome, reason, version_id,
            detail->>'restored_from' as restored_from from audit_events
     ${where.length ? `where ${where.join(' and ')}` : ''} order by occurred_at desc, id desc limit ${arg(page.limit + 1)}`,
    args,
  );
  const rows = r.rows.slice(0, page.limit);
  const last = rows[rows.length - 1];
  return {
    rows,
    next:
      r.rows.length > page.limit && last
        ? { at: last.occurred_at.toISOString(), id: last.id }
        : null,
  };
}
