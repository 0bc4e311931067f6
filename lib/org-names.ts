import 'server-only';
import { getDb } from './db/client';

/**
 * The organization-name cache (`org_cache`): infrastructure for every view that shows an
 * organization by name. Filled by lib/orgs.ts whenever the Organizations API answers; read by
 * the index, BYOK, stewardship and audit views without a WorkOS call.
 */

/**
 * What this process last wrote for each id, per database handle: a page view of an organization
 * whose name has not changed skips the upsert (it was one write per org page). Another replica's
 * write is not seen here, which only means one redundant upsert. Bounded: cleared past 10,000 ids.
 */
const written = new WeakMap<object, Map<string, string>>();
const WRITTEN_CAP = 10_000;

/** Remembers organization names seen in a WorkOS answer, for pages that show ids. */
export async function cacheOrgNames(all: { id: string; name: string }[]) {
  if (all.length === 0) return;
  const db = await getDb();
  let seen = written.get(db);
  if (!seen) written.set(db, (seen = new Map()));
  const rows = all.filter((r) => seen.get(r.id) !== r.name);
  if (rows.length === 0) return;
  if (seen.size + rows.length > WRITTEN_CAP) seen.clear();
  await db.query(
    `insert into org_cache (id, name, updated_at) select * from unnest($1::text[], $2::text[], array_fill(now(), array[$3::int]))
     on conflict (id) do update set name = excluded.name, updated_at = now()`,
    [rows.map((r) => r.id), rows.map((r) => r.name), rows.length],
  );
  for (const r of rows) seen.set(r.id, r.name);
}

/** Names of organizations the console has seen, from the cache (no WorkOS call). */
export async function cachedOrgNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const r = await db.query<{ id: string; name: string }>(
    'select id, name from org_cache where id = any($1)',
    [ids],
  );
  return new Map(r.rows.map((row) => [row.id, row.name]));
}
