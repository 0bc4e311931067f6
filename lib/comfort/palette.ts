import 'server-only';
import type { Db } from '../db/client';

export type PaletteObject = { id: string; name: string; orgId: string | null };
export type PaletteOrg = { id: string; name: string };

const PALETTE_LIMIT = 8;
export const PALETTE_QUERY_MAX = 100;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Object names from the console's metadata index (never Vault, never a value), in three steps,
 * each only if the one before found fewer than `limit`:
 * 1. an exact object id (primary key);
 * 2. names starting with the query, in name order: a range scan of the text_pattern_ops index on
 *    lower(name), ordered by that index (`using ~<~`), so it stops after `limit` rows;
 * 3. names containing the query, unordered so the scan stops at `limit` hits (sorted afterwards).
 *    A rare or missing substring reads the whole index table; see docs/decisions.md.
 */
export async function searchObjectNames(
  db: Pick<Db, 'query'>,
  query: string,
  limit = PALETTE_LIMIT,
): Promise<PaletteObject[]> {
  const raw = query.trim().slice(0, PALETTE_QUERY_MAX);
  const q = raw.toLowerCase();
  if (!q) return [];
  type Row = { id: string; name: string; org_id: string | null };
  const out: Row[] = [];
  const seen = new Set<string>();
  const add = (rows: Row[]) => {
    for (const r of rows) {
      if (seen.has(r.id) || out.length >= limit) continue;
      seen.add(r.id);
      out.push(r);
    }
  };
  add(
    (await db.query<Row>('select id, name, org_id from vault_objects where id = $1', [raw])).rows,
  );
  if (out.length < limit)
    add(
      (
        await db.query<Row>(
          `select id, name, org_id from vault_objects where lower(name) like $1
           order by lower(name) using ~<~ limit $2`,
          [`${escapeLike(q)}%`, limit],
        )
      ).rows,
    );
  if (out.length < limit) {
    const more = (
      await db.query<Row>(
        `select id, name, org_id from vault_objects where lower(name) like $1 and lower(name) not like $2
         limit $3`,
        [`%${escapeLike(q)}%`, `${escapeLike(q)}%`, limit - out.length],
      )
    ).rows;
    add(
      more.sort(
        (a, b) =>
          a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id),
      ),
    );
  }
  return out.map((row) => ({ id: row.id, name: row.name, orgId: row.org_id }));
}

/** Organizations whose names the console has seen (org list, org and object pages). */
export async function searchCachedOrgs(
  db: Pick<Db, 'query'>,
  query: string,
  limit = 5,
): Promise<PaletteOrg[]> {
  const q = query.trim().slice(0, PALETTE_QUERY_MAX);
  if (!q) return [];
  const r = await db.query<{ id: string; name: string }>(
    `select id, name from org_cache where id = $1 or lower(name) like $2
     order by (id = $1) desc, (lower(name) like $3) desc, lower(name) limit $4`,
    [q, `%${escapeLike(q.toLowerCase())}%`, `${escapeLike(q.toLowerCase())}%`, limit],
  );
  return r.rows;
}
