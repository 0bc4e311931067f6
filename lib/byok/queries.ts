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

export type ByokCoverage = {
  total: number;
  customerKey: number;
  workosManaged: number;
  method: 'key_id' | 'time' | 'none';
};

/**
 * How many of an organization's objects the customer key covers. With the key's id (the emulator
 * sends it with BYOK events) it is exact; otherwise an estimate: objects written since the key was
 * verified (WorkOS wraps at write time, so older objects stay on WorkOS-managed keys).
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
  if (status.state === 'none')
    return { total, customerKey: 0, workosManaged: total, method: 'none' };
  let covered = 0;
  let method: ByokCoverage['method'] = 'none';
  if (status.keyId) {
    covered = await count(' and key_id = $2', [status.keyId]);
    method = 'key_id';
  } else if (status.lastVerifiedAt) {
    covered = await count(' and updated_at >= $2', [status.lastVerifiedAt]);
    method = 'time';
  }
  return { total, customerKey: covered, workosManaged: total - covered, method };
}

/** Every organization that ever had a BYOK event, with its current status. */
export async function allByokStatuses(db: Db): Promise<Map<string, ByokStatus>> {
  const r = await db.query<{ org_id: string }>('select distinct org_id from byok_events');
  return byokStatuses(
    db,
    r.rows.map((row) => row.org_id),
  );
}
