import type { Db } from '../db/client';

export type CellState = 'present' | 'missing' | 'stale' | 'overdue';

export type MatrixCell = { state: CellState; objectId: string | null; name: string | null };

export type Matrix = {
  orgIds: string[];
  kinds: { kind: string; count: number }[];
  /** cells[kind][orgId] */
  cells: Record<string, Record<string, MatrixCell>>;
  /** The name prefix each organization's objects use (majority), for pre-filled creates. */
  prefixes: Record<string, string | null>;
  hasMoreOrgs: boolean;
  hasMoreKinds: boolean;
};

/** An object's kind: its name without the first `strip` "/"-segments (the org prefix). */
const kindSql = (strip: number) =>
  `array_to_string((string_to_array(name, '/'))[${strip + 1}:], '/')`;
const prefixSql = (strip: number) =>
  `array_to_string((string_to_array(name, '/'))[1:${strip}], '/')`;

/**
 * The kind list (a group-by over every indexed name) is the one part of the matrix that grows
 * with the whole index; when it took longer than KIND_CACHE_MIN_COST_MS, a page of it is kept for
 * KIND_CACHE_MS per process, per query (so a new kind can take a minute to appear). Cells,
 * states and the organization list are always read fresh.
 */
const KIND_CACHE_MS = 60_000;
const KIND_CACHE_MIN_COST_MS = 200;
const kindCache = new Map<string, { at: number; value: { rows: { kind: string; n: number }[] } }>();

/** Not read for this long (and known that long) shows as stale in the matrix. */
export const MATRIX_STALE_DAYS = 90;

/**
 * The tenant matrix, served from the index: one page of organizations (columns) and one page of
 * object kinds (rows, most common first), then only the cells of that page. Each query is bounded
 * by the page sizes, so 1,000 organizations × 200 kinds costs one page's worth of cells.
 */
export async function tenantMatrix(
  db: Pick<Db, 'query'>,
  opts: {
    orgIds?: string[] | null;
    /** Only kinds containing this text (case-insensitive). */
    kindFilter?: string | null;
    strip: number;
    orgLimit: number;
    orgOffset: number;
    kindLimit: number;
    kindOffset: number;
  },
): Promise<Matrix> {
  const strip = Math.min(Math.max(1, Math.trunc(opts.strip)), 5);
  let orgIds: string[];
  let hasMoreOrgs = false;
  if (opts.orgIds?.length) {
    orgIds = opts.orgIds.slice(opts.orgOffset, opts.orgOffset + opts.orgLimit);
    hasMoreOrgs = opts.orgIds.length > opts.orgOffset + opts.orgLimit;
  } else {
    // A loose index scan on (org_id, name): one index probe per organization, not a full scan.
    const r = await db.query<{ org_id: string }>(
      `with recursive t as (
         select min(org_id) as org_id from vault_objects where org_id is not null
         union all
         select (select min(org_id) from vault_objects where org_id > t.org_id) from t
         where t.org_id is not null)
       select org_id from t where org_id is not null order by org_id limit $1 offset $2`,
      [opts.orgLimit + 1, opts.orgOffset],
    );
    orgIds = r.rows.slice(0, opts.orgLimit).map((x) => x.org_id);
    hasMoreOrgs = r.rows.length > opts.orgLimit;
  }
  // Kinds of the chosen organizations (all organizations when none are chosen).
  const kArgs: unknown[] = [opts.kindLimit + 1, opts.kindOffset, strip];
  const kWhere = ['org_id is not null', "array_length(string_to_array(name, '/'), 1) > $3"];
  if (opts.orgIds?.length) kWhere.push(`org_id = any($${kArgs.push(opts.orgIds)}::text[])`);
  if (opts.kindFilter)
    kWhere.push(
      `strpos(lower(${kindSql(strip)}), $${kArgs.push(opts.kindFilter.toLowerCase())}) > 0`,
    );
  const kindKey = JSON.stringify(kArgs);
  const cached = kindCache.get(kindKey);
  const started = Date.now();
  const k =
    cached && started - cached.at < KIND_CACHE_MS
      ? cached.value
      : await db.query<{ kind: string; n: number }>(
          `select ${kindSql(strip)} as kind, count(*)::int as n from vault_objects
           where ${kWhere.join(' and ')}
           group by 1 order by n desc, kind limit $1 offset $2`,
          kArgs,
        );
  // Only a slow list is kept: a small index always shows a new kind at once.
  if (k !== cached?.value && Date.now() - started > KIND_CACHE_MIN_COST_MS) {
    if (kindCache.size > 200) kindCache.clear();
    kindCache.set(kindKey, { at: Date.now(), value: k });
  }
  const kinds = k.rows.slice(0, opts.kindLimit).map((x) => ({ kind: x.kind, count: x.n }));
  const cells: Matrix['cells'] = {};
  for (const { kind } of kinds) {
    cells[kind] = {};
    for (const o of orgIds) cells[kind][o] = { state: 'missing', objectId: null, name: null };
  }
  const prefixes: Matrix['prefixes'] = Object.fromEntries(orgIds.map((o) => [o, null]));
  if (orgIds.length && kinds.length) {
    const c = await db.query<{
      id: string;
      name: string;
      org_id: string;
      kind: string;
      stale: boolean;
      overdue: boolean;
    }>(
      `select o.id, o.name, o.org_id, ${kindSql(strip).replaceAll('name', 'o.name')} as kind,
         ((s.last_read_at is null or s.last_read_at < now() - make_interval(days => $4))
           and coalesce(s.created_at, o.updated_at) < now() - make_interval(days => $4)) as stale,
         coalesce((st.expires_on is not null and st.expires_on <= current_date)
           or (st.rotation_days is not null and o.updated_at + make_interval(days => st.rotation_days) <= now()), false) as overdue
       from vault_objects o
       left join vault_activity_summary s on s.kv_name = o.name
       left join object_stewardship st on st.object_id = o.id
       where o.org_id = any($1::text[]) and ${kindSql(strip).replaceAll('name', 'o.name')} = any($2::text[])
         and array_length(string_to_array(o.name, '/'), 1) > $3`,
      [orgIds, kinds.map((x) => x.kind), strip, MATRIX_STALE_DAYS],
    );
    for (const row of c.rows) {
      const cell = cells[row.kind]?.[row.org_id];
      if (!cell) continue;
      const state: CellState = row.overdue ? 'overdue' : row.stale ? 'stale' : 'present';
      // Two objects of one kind in one org (different prefixes): the worse state shows.
      const rank = { missing: 0, present: 1, stale: 2, overdue: 3 } as const;
      if (rank[state] >= rank[cell.state])
        cells[row.kind]![row.org_id] = { state, objectId: row.id, name: row.name };
    }
    const p = await db.query<{ org_id: string; prefix: string }>(
      `select distinct on (org_id) org_id, prefix from (
         select org_id, ${prefixSql(strip)} as prefix, count(*) as n from vault_objects
         where org_id = any($1::text[]) and array_length(string_to_array(name, '/'), 1) > $2
         group by 1, 2) x order by org_id, n desc, prefix`,
      [orgIds, strip],
    );
    for (const row of p.rows) prefixes[row.org_id] = row.prefix;
  }
  return {
    orgIds,
    kinds,
    cells,
    prefixes,
    hasMoreOrgs,
    hasMoreKinds: k.rows.length > opts.kindLimit,
  };
}
