import 'server-only';
import type { Db } from '../db/client';
import { foldByokEvents, type ByokEventRow, type ByokStatus } from './state';

export async function byokEventsFor(db: Db, orgIds: string[]): Promise<Map<string, ByokEventRow[]>> {
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
