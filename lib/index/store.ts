import 'server-only';
import type { Db } from '../db/client';

export type IndexedObject = {
  id: string;
  name: string;
  org_id: string | null;
  context: Record<string, string>;
  key_id: string | null;
  version_id: string | null;
  updated_at: Date | null;
};

export type ObjectSort = 'name' | 'updated';
export type SortDir = 'asc' | 'desc';

export type ObjectPage = {
  rows: IndexedObject[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** With `orgTotal`: how many objects the organization has (no search applied). */
  orgTotal?: number;
};

const COLUMNS = 'id, name, org_id, context, key_id, version_id, updated_at';

type Cursor = { v: string | null; id: string; back?: boolean };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(raw: string | undefined | null): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || (c.v !== null && typeof c.v !== 'string')) return null;
    return c;
  } catch {
    return null;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Keyset pagination over one organization's objects (or all, with orgId null), by name or by
 * updated time. Cursors carry the sort value and id of the edge row, so pages stay stable and
 * cost the same at page 1 and page 1,000.
 */
export async function listObjects(
  db: Db,
  opts: {
    orgId: string | null;
    search?: string;
    sort: ObjectSort;
    dir: SortDir;
    cursor?: string | null;
    limit: number;
    /**
     * Also count the organization's objects in the same statement (the org page's first page
     * and its total in one round trip instead of two).
     */
    orgTotal?: boolean;
  },
): Promise<ObjectPage> {
  const args: unknown[] = [];
  const arg = (v: unknown) => (args.push(v), `$${args.length}`);
  const where: string[] = [];
  if (opts.orgId !== null) where.push(`org_id = ${arg(opts.orgId)}`);
  if (opts.search)
    where.push(`lower(name) like ${arg(`%${escapeLike(opts.search.toLowerCase())}%`)}`);
  // Sort expressions; null updated times sort as the epoch so the keyset stays total.
  const sortExpr = opts.sort === 'name' ? 'name' : "coalesce(updated_at, 'epoch'::timestamptz)";
  let cursor = decodeCursor(opts.cursor);
  // A cursor made for the other sort (or by hand) starts over instead of failing the query.
  if (cursor && opts.sort === 'updated' && cursor.v !== null && Number.isNaN(Date.parse(cursor.v)))
    cursor = null;
  const backwards = Boolean(cursor?.back);
  const effectiveDir = backwards ? (opts.dir === 'asc' ? 'desc' : 'asc') : opts.dir;
  if (cursor) {
    const cmp = effectiveDir === 'asc' ? '>' : '<';
    const value =
      opts.sort === 'name'
        ? arg(cursor.v)
        : `${arg(cursor.v ?? new Date(0).toISOString())}::timestamptz`;
    where.push(`(${sortExpr}, id) ${cmp} (${value}, ${arg(cursor.id)})`);
  }
  const order = `order by ${sortExpr} ${effectiveDir}, id ${effectiveDir}`;
  let sql = `select ${COLUMNS} from vault_objects ${where.length ? `where ${where.join(' and ')}` : ''}
    ${order} limit ${arg(opts.limit + 1)}`;
  const counted = Boolean(opts.orgTotal) && opts.orgId !== null;
  if (counted) {
    // One row even for an empty page (its object columns null), carrying the count; the outer
    // order by restates the page's order, which a join alone does not promise to keep.
    sql = `select page.*, total.n as org_total
      from (select count(*)::int as n from vault_objects where org_id = $1) total
      left join lateral (${sql}) page on true ${order}`;
  }
  const r = await db.query<IndexedObject & { org_total?: number }>(sql, args);
  const found = counted ? r.rows.filter((row) => row.id !== null) : r.rows;
  const more = found.length > opts.limit;
  let rows = found.slice(0, opts.limit).map((row) => {
    if (!counted) return row;
    const { org_total: _total, ...object } = row;
    return object;
  });
  if (backwards) rows = rows.reverse();
  const sortValue = (row: IndexedObject) =>
    opts.sort === 'name' ? row.name : (row.updated_at ?? new Date(0)).toISOString();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : Boolean(cursor);
  return {
    rows,
    nextCursor: hasNext && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null,
    prevCursor:
      hasPrev && first ? encodeCursor({ v: sortValue(first), id: first.id, back: true }) : null,
    ...(counted ? { orgTotal: Number(r.rows[0]?.org_total ?? 0) } : {}),
  };
}

export async function countByOrg(db: Db, orgIds: string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const r = await db.query<{ org_id: string; n: number }>(
    'select org_id, count(*)::int as n from vault_objects where org_id = any($1) group by org_id',
    [orgIds],
  );
  return new Map(r.rows.map((row) => [row.org_id, Number(row.n)]));
}

export async function countOrg(db: Db, orgId: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    'select count(*)::int as n from vault_objects where org_id = $1',
    [orgId],
  );
  return Number(r.rows[0]?.n ?? 0);
}

export async function getIndexedObject(db: Db, id: string): Promise<IndexedObject | null> {
  const r = await db.query<IndexedObject>(`select ${COLUMNS} from vault_objects where id = $1`, [
    id,
  ]);
  return r.rows[0] ?? null;
}

export async function knownIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ id: string }>('select id from vault_objects where id = any($1)', [
    ids,
  ]);
  return new Set(r.rows.map((row) => row.id));
}

export async function upsertObject(
  db: Pick<Db, 'query'>,
  o: Omit<IndexedObject, 'org_id'> & { org_id?: string | null },
): Promise<void> {
  await db.query(
    `insert into vault_objects (id, name, org_id, context, key_id, version_id, updated_at, indexed_at)
     values ($1, $2, $3, $4, $5, $6, $7, now())
     on conflict (id) do update set name = excluded.name, key_id = coalesce(excluded.key_id, vault_objects.key_id),
       version_id = excluded.version_id, updated_at = excluded.updated_at, indexed_at = now()`,
    [
      o.id,
      o.name,
      o.context.organization_id ?? null,
      JSON.stringify(o.context),
      o.key_id,
      o.version_id,
      o.updated_at,
    ],
  );
}

/** Many rows in one statement (the cold build stores a page at a time). */
export async function upsertObjects(
  db: Pick<Db, 'query'>,
  rows: (Omit<IndexedObject, 'org_id'> & { org_id?: string | null })[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `insert into vault_objects (id, name, org_id, context, key_id, version_id, updated_at, indexed_at)
     select id, name, org_id, context::jsonb, key_id, version_id, updated_at, now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) as t(id, name, org_id, context, key_id, version_id, updated_at)
     on conflict (id) do update set name = excluded.name, key_id = coalesce(excluded.key_id, vault_objects.key_id),
       version_id = excluded.version_id, updated_at = excluded.updated_at, indexed_at = now()`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.name),
      rows.map((r) => r.context.organization_id ?? null),
      rows.map((r) => JSON.stringify(r.context)),
      rows.map((r) => r.key_id),
      rows.map((r) => r.version_id),
      rows.map((r) => r.updated_at),
    ],
  );
}

/** From a list row: the name and time may change; context and key id are left as they are. */
export async function touchObject(
  db: Pick<Db, 'query'>,
  id: string,
  name: string,
  updatedAt: Date | null,
): Promise<void> {
  await db.query(
    `update vault_objects set name = $2, updated_at = $3, indexed_at = now(),
       version_id = case when updated_at is distinct from $3 then null else version_id end where id = $1`,
    [id, name, updatedAt],
  );
}

export async function setKeyIdByName(
  db: Pick<Db, 'query'>,
  name: string,
  keyId: string,
): Promise<void> {
  await db.query('update vault_objects set key_id = $2 where name = $1', [name, keyId]);
}

export async function removeObject(db: Pick<Db, 'query'>, id: string): Promise<void> {
  await db.query('delete from vault_objects where id = $1', [id]);
}

/**
 * The console added or removed an object itself: drop the stored object count, so status reads
 * count afresh and the next sync pass (of any replica) stores a new one. No runtime needed.
 */
export async function markIndexChanged(db: Pick<Db, 'query'>): Promise<void> {
  await db.query("delete from index_state where key = 'object_count'");
}

export async function idsByName(db: Db, name: string): Promise<string[]> {
  const r = await db.query<{ id: string }>('select id from vault_objects where name = $1', [name]);
  return r.rows.map((row) => row.id);
}

export async function totalObjects(db: Db): Promise<number> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from vault_objects');
  return Number(r.rows[0]?.n ?? 0);
}
