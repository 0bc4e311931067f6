import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';

/**
 * Recovery copies: rows in `recovery_copies` (migration 85). `sealed` is ciphertext only (see
 * seal.ts); nothing here ever holds a value. The states:
 *  - pending:   written before the delete or save it protects; settled once that write is known.
 *  - kept:      the write happened; listed under Recently deleted or beside the version it holds.
 *  - restoring: a restore has started; dropped once the object is back, or set back to kept.
 */
export type CopyKind = 'deleted' | 'replaced-version';
export type CopyState = 'pending' | 'kept' | 'restoring';

export type CopyMeta = {
  id: string;
  kind: CopyKind;
  state: CopyState;
  object_id: string;
  object_name: string;
  version_id: string | null;
  replaced_by_version: string | null;
  org_id: string | null;
  context: Record<string, string>;
  key_id: string | null;
  data_key_id: string | null;
  created_by_email: string;
  created_at: Date;
  purge_after: Date;
  state_since: Date;
};

export type CopyRow = CopyMeta & { sealed: string };

const META_COLUMNS = `id, kind, state, object_id, object_name, version_id, replaced_by_version, org_id, context, key_id, data_key_id, created_by_email, created_at, purge_after, state_since`;

type Q = Pick<Db, 'query'>;

export function newCopyId(): string {
  return `rcp_${Date.now().toString(36)}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export async function insertCopy(
  db: Q,
  row: {
    id: string;
    kind: CopyKind;
    objectId: string;
    objectName: string;
    versionId: string | null;
    orgId: string | null;
    context: Record<string, string>;
    keyId: string | null;
    dataKeyId: string | null;
    sealed: string;
    user: { id: string; email: string };
    days: number;
    operationRun?: string | null;
  },
): Promise<void> {
  await db.query(
    `insert into recovery_copies (id, kind, state, object_id, object_name, version_id, org_id, context, key_id, data_key_id, sealed, created_by_id, created_by_email, purge_after, operation_run)
     values ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(days => $13::int), $14)`,
    [
      row.id,
      row.kind,
      row.objectId,
      row.objectName,
      row.versionId,
      row.orgId,
      JSON.stringify(row.context),
      row.keyId,
      row.dataKeyId,
      row.sealed,
      row.user.id,
      row.user.email,
      row.days,
      row.operationRun ?? null,
    ],
  );
}

/** The protected write happened: the copy is kept (and, for a save, names the version that replaced it). */
export async function keepCopy(db: Q, id: string, replacedBy?: string | null): Promise<void> {
  await db.query(
    `update recovery_copies set state = 'kept', state_since = now(), replaced_by_version = coalesce($2, replaced_by_version) where id = $1`,
    [id, replacedBy ?? null],
  );
}

export async function dropCopy(db: Q, id: string): Promise<void> {
  await db.query(`delete from recovery_copies where id = $1`, [id]);
}

export async function getCopy(db: Q, id: string): Promise<CopyRow | null> {
  const r = await db.query<CopyRow>(
    `select ${META_COLUMNS}, sealed from recovery_copies where id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

/** Claims a kept copy for one restore; a second restore of the same copy gets null. */
export async function claimForRestore(db: Q, id: string): Promise<CopyRow | null> {
  const r = await db.query<CopyRow>(
    `update recovery_copies set state = 'restoring', state_since = now() where id = $1 and state = 'kept' returning ${META_COLUMNS}, sealed`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function releaseRestore(db: Q, id: string): Promise<void> {
  await db.query(
    `update recovery_copies set state = 'kept', state_since = now() where id = $1 and state = 'restoring'`,
    [id],
  );
}

/** Recently deleted (kept copies), newest first: one organization's, or all (orgId null). */
export async function listDeleted(
  db: Q,
  opts: { orgId: string | null; limit: number; offset: number },
): Promise<{ rows: CopyMeta[]; total: number }> {
  // Only settled copies: a pending one's delete is not known to have happened yet.
  const where = opts.orgId
    ? `kind = 'deleted' and state = 'kept' and org_id = $3`
    : `kind = 'deleted' and state = 'kept'`;
  const params: unknown[] = [opts.limit, opts.offset, ...(opts.orgId ? [opts.orgId] : [])];
  const [rows, total] = await Promise.all([
    db.query<CopyMeta>(
      `select ${META_COLUMNS} from recovery_copies where ${where} order by created_at desc, id desc limit $1 offset $2`,
      params,
    ),
    db.query<{ n: string | number }>(
      `select count(*) as n from recovery_copies where ${where.replace('$3', '$1')}`,
      opts.orgId ? [opts.orgId] : [],
    ),
  ]);
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
}

/** Kept copies of an object's replaced versions, by the version id whose value each holds. */
export async function versionCopies(db: Q, objectId: string): Promise<Map<string, CopyMeta>> {
  const r = await db.query<CopyMeta>(
    `select ${META_COLUMNS} from recovery_copies where object_id = $1 and kind = 'replaced-version' and state = 'kept' order by created_at desc`,
    [objectId],
  );
  const out = new Map<string, CopyMeta>();
  for (const row of r.rows)
    if (row.version_id && !out.has(row.version_id)) out.set(row.version_id, row);
  return out;
}

export const SYSTEM_PURGER = { id: 'system', email: 'system:recovery-purge' } as const;

/**
 * Purges up to `limit` expired copies in one statement, writing one `copy.purged` audit row per
 * copy in the same statement: either both happen or neither. `for update skip locked` lets two
 * replicas run it at once without purging (or auditing) a copy twice.
 */
export async function purgeExpired(db: Q, limit: number): Promise<number> {
  const r = await db.query<{ n: string | number }>(
    `with gone as (
       delete from recovery_copies where id in (
         select id from recovery_copies where purge_after <= now() and state <> 'restoring'
         order by purge_after limit $1 for update skip locked)
       returning id, kind, object_id, object_name, version_id, org_id
     ), audited as (
       insert into audit_events (id, occurred_at, user_id, user_email, org_id, object_id, object_name, action, outcome, reason, version_id, detail)
       select 'audit_' || replace(gen_random_uuid()::text, '-', ''), now(), $2, $3, org_id, object_id, object_name, 'copy.purged', 'success', null, version_id,
              jsonb_build_object('copy_id', id, 'kind', kind)
       from gone returning 1
     )
     select count(*) as n from audited`,
    [limit, SYSTEM_PURGER.id, SYSTEM_PURGER.email],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Copies whose write was never settled (the console stopped in between), oldest first. */
export async function unsettledCopies(
  db: Q,
  olderThanMs: number,
  limit: number,
): Promise<CopyRow[]> {
  const r = await db.query<CopyRow>(
    `select ${META_COLUMNS}, sealed from recovery_copies where state <> 'kept' and state_since < now() - make_interval(secs => $1::float / 1000) order by state_since limit $2`,
    [olderThanMs, limit],
  );
  return r.rows;
}

/** Every copy an organization has (any kind), for erasure and the BYOK migrator. */
export async function copiesOfOrg(db: Q, orgId: string): Promise<CopyRow[]> {
  const r = await db.query<CopyRow>(
    `select ${META_COLUMNS}, sealed from recovery_copies where org_id = $1 order by created_at`,
    [orgId],
  );
  return r.rows;
}

export async function replaceSealed(
  db: Q,
  id: string,
  sealed: string,
  dataKeyId: string | null,
): Promise<void> {
  await db.query(`update recovery_copies set sealed = $2, data_key_id = $3 where id = $1`, [
    id,
    sealed,
    dataKeyId,
  ]);
}
