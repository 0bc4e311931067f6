import 'server-only';
import { getDb } from './db/client';

/**
 * The organization-name cache (`org_cache`): infrastructure for every view that shows an
 * organization by name. Filled by lib/orgs.ts whenever the Organizations API answers; read by
 * the index, BYOK, stewardship and audit views without a WorkOS call.
 */

/** Remembers organization names seen in a WorkOS answer, for pages that show ids. */
export async function cacheOrgNames(rows: { id: string; name: string }[]) {
  if (rows.length === 0) return;
  const db = await getDb();
  await db.query(
    `insert into org_cache (id, name, updated_at) select * from unnest($1::text[], $2::text[], array_fill(now(), array[$3::int]))
     on conflict (id) do update set name = excluded.name, updated_at = now()`,
    [rows.map((r) => r.id), rows.map((r) => r.name), rows.length],
  );
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
