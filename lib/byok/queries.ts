import 'server-only';
import type { Db } from '../db/client';
import { foldByokEvents, type ByokEventRow, type ByokStatus } from './state';

export async function byokEventsFor(
  db: Db,
  orgIds: string[],
): Promise<Map<string, ByokEventRow[]>> {
  const out = new Map<string, ByokEventRow[]>();
  if (orgIds.length === 0) return out;
  const r = await db.query<ByokEventRow>(
    'select id, org_id, event, provider, verified, key_id, occurred_at from byok_events where org_id = any($1) order by occurred_at, id',
    [orgIds],
  );
  for (const row of r.rows) {
    const list = out.get(row.org_id) ?? [];
    list.push(row);
    out.set(row.org_id, list);
  }
  return out;
}

export async function byokStatuses(db: Db, orgIds: string[]): Promise<Map<string, ByokStatus>> {
  const events = await byokEventsFor(db, orgIds);
  return new Map(orgIds.map((id) => [id, foldByokEvents(events.get(id) ?? [])]));
}

/** A fact from the index: one key id seen on the organization's objects. */
export type KeyFact = {
  keyId: string;
  objects: number;
  /** The oldest current write of an object on this key id. */
  since: Date | null;
  /**
   * 'known': a BYOK event named this key id (WorkOS's documented events carry none, so only if
   * that ever changes); 'estimate': every object on it was written after the customer key was
   * last verified; null: nothing says.
   */
  customerKey: 'known' | 'estimate' | null;
};

export type ByokCoverage = {
  total: number;
  customerKey: number;
  workosManaged: number;
  /** 'key_id': exact (the key id is known); 'time': an estimate from write times. */
  /** 'unknown': no BYOK event is known, so the split cannot be told (F3-02). */
  method: 'key_id' | 'time' | 'none' | 'unknown';
  keys: KeyFact[];
};

/** For each key id seen on the organization's objects (from the index): how many, since when. */
async function keyFacts(db: Db, orgId: string, status: ByokStatus): Promise<KeyFact[]> {
  const r = await db.query<{ key_id: string; n: number; since: Date | null }>(
    `select key_id, count(*)::int as n, min(updated_at) as since from vault_objects
     where org_id = $1 and key_id is not null group by key_id order by min(updated_at), key_id`,
    [orgId],
  );
  return r.rows.map((row) => {
    const since = row.since ? new Date(row.since) : null;
    let customerKey: KeyFact['customerKey'] = null;
    if (status.keyId) customerKey = status.keyId === row.key_id ? 'known' : null;
    else if (status.state !== 'unknown' && status.lastVerifiedAt && since)
      customerKey = since >= status.lastVerifiedAt ? 'estimate' : null;
    return { keyId: row.key_id, objects: Number(row.n), since, customerKey };
  });
}

/**
 * How many of an organization's objects the customer key covers. Exact only when the key's id is
 * known from a real source (a BYOK event naming it; WorkOS's documented events do not); otherwise
 * an estimate: objects written since the key was verified (WorkOS wraps at write time, so older
 * objects stay on WorkOS-managed keys).
 */
export async function byokCoverage(
  db: Db,
  orgId: string,
  status: ByokStatus,
): Promise<ByokCoverage> {
  const count = async (extra = '', params: unknown[] = []) =>
    Number(
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from vault_objects where org_id = $1${extra}`,
          [orgId, ...params],
        )
      ).rows[0]?.n ?? 0,
    );
  const total = await count();
  const keys = await keyFacts(db, orgId, status);
  if (status.state === 'unknown')
    return { total, customerKey: 0, workosManaged: 0, method: 'unknown', keys };
  let covered = 0;
  let method: ByokCoverage['method'] = 'none';
  if (status.keyId) {
    covered = await count(' and key_id = $2', [status.keyId]);
    method = 'key_id';
  } else if (status.lastVerifiedAt) {
    covered = await count(' and updated_at >= $2', [status.lastVerifiedAt]);
    method = 'time';
  }
  return { total, customerKey: covered, workosManaged: total - covered, method, keys };
}

/** Every organization that ever had a BYOK event, with its current status. */
export async function allByokStatuses(db: Db): Promise<Map<string, ByokStatus>> {
  const r = await db.query<{ org_id: string }>('select distinct org_id from byok_events');
  return byokStatuses(
    db,
    r.rows.map((row) => row.org_id),
  );
}
