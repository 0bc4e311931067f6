import 'server-only';
import type { Db } from '../db/client';
import type { ByokStatus } from '../byok/state';
import type { PlannedRow } from './store';

type IndexRow = {
  id: string;
  name: string;
  version_id: string | null;
  key_id: string | null;
  updated_at: Date | null;
};

const toPlanned = (r: IndexRow): PlannedRow => ({
  objectId: r.id,
  name: r.name,
  expectedVersion: r.version_id,
  keyIdBefore: r.key_id,
});

/** Every object the index holds under the organization's context, by name. */
export async function planOffboard(db: Db, orgId: string): Promise<PlannedRow[]> {
  const r = await db.query<IndexRow>(
    'select id, name, version_id, key_id, updated_at from vault_objects where org_id = $1 order by name, id',
    [orgId],
  );
  return r.rows.map(toPlanned);
}

/** The chosen objects, only if they belong to this organization (by the index). */
export async function planSelected(db: Db, orgId: string, ids: string[]): Promise<PlannedRow[]> {
  const r = await db.query<IndexRow>(
    'select id, name, version_id, key_id, updated_at from vault_objects where org_id = $1 and id = any($2) order by name, id',
    [orgId, ids],
  );
  return r.rows.map(toPlanned);
}

/**
 * How the console tells which objects sit on the customer key. WorkOS's documented BYOK events
 * carry no key id, so: 'key_id' when an event did name it (exact), otherwise 'time': WorkOS wraps
 * at write time, so an object last written before the key was last verified is on a WorkOS key.
 */
export type KeyMethod = 'key_id' | 'time';

export type RewrapPlan =
  { ok: true; method: KeyMethod; rows: PlannedRow[] } | { ok: false; reason: string };

export function keyMethod(status: ByokStatus): KeyMethod | null {
  if (status.keyId) return 'key_id';
  if (status.lastVerifiedAt) return 'time';
  return null;
}

/** Objects that are not (known to be) on the organization's verified customer key. */
export async function planRewrap(db: Db, orgId: string, status: ByokStatus): Promise<RewrapPlan> {
  if (status.state !== 'verified')
    return {
      ok: false,
      reason:
        'This organization has no verified customer key, so re-encrypting would land on WorkOS-managed keys again. Verify the key first.',
    };
  const method = keyMethod(status);
  if (!method) return { ok: false, reason: 'The key’s verification time is not known yet.' };
  const r =
    method === 'key_id'
      ? await db.query<IndexRow>(
          `select id, name, version_id, key_id, updated_at from vault_objects
           where org_id = $1 and (key_id is null or key_id <> $2) order by name, id`,
          [orgId, status.keyId],
        )
      : await db.query<IndexRow>(
          `select id, name, version_id, key_id, updated_at from vault_objects
           where org_id = $1 and (updated_at is null or updated_at < $2) order by name, id`,
          [orgId, status.lastVerifiedAt],
        );
  return { ok: true, method, rows: r.rows.map(toPlanned) };
}

export type BlastRow = { id: string; name: string; key_id: string | null; updated_at: Date | null };

/**
 * What becomes unreadable if the customer revokes or replaces its key: every object on it
 * (exactly, when the key id is known; else every object written since the key was verified).
 */
export async function blastRadius(
  db: Db,
  orgId: string,
  status: ByokStatus,
): Promise<{ method: KeyMethod | null; rows: BlastRow[] }> {
  if (status.state === 'unknown') return { method: null, rows: [] };
  const method = keyMethod(status);
  if (!method) return { method: null, rows: [] };
  const r =
    method === 'key_id'
      ? await db.query<BlastRow>(
          'select id, name, key_id, updated_at from vault_objects where org_id = $1 and key_id = $2 order by name, id',
          [orgId, status.keyId],
        )
      : await db.query<BlastRow>(
          'select id, name, key_id, updated_at from vault_objects where org_id = $1 and updated_at >= $2 order by name, id',
          [orgId, status.lastVerifiedAt],
        );
  return { method, rows: r.rows };
}
