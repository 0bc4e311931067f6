import type { Db } from '../db/client';

export const STALE_SORTS = ['name', 'last_read', 'last_changed', 'age'] as const;
export type StaleSort = (typeof STALE_SORTS)[number];
export const READ_WINDOWS = ['30', '90'] as const;

export type StaleRow = {
  id: string;
  name: string;
  orgId: string | null;
  lastReadAt: Date | null;
  lastChangedAt: Date | null;
  /** From the vault.data.created event when the console holds it. */
  createdAt: Date | null;
  /** The earliest time the object is known to exist (created, else its last change). */
  knownSince: Date | null;
};

export type StaleFilter = {
  orgId: string | null;
  /** Not read in this many days (and existing at least that long). */
  notReadDays?: number | null;
  /** Not changed in this many days. */
  notChangedDays?: number | null;
  search?: string | null;
};

const SORT_EXPR: Record<StaleSort, string> = {
  name: 'o.name',
  last_read: "coalesce(s.last_read_at, 'epoch'::timestamptz)",
  last_changed: "coalesce(greatest(o.updated_at, s.last_changed_at), 'epoch'::timestamptz)",
  age: "coalesce(s.created_at, o.updated_at, 'epoch'::timestamptz)",
};

/**
 * Objects with their last read, last change and age, from the index joined to the per-name
 * activity summary (one row per name, so no aggregate over events). "Not read in N days" means
 * no vault.data.read in the console's event history for N days AND the object known to exist
 * that long: a day-old object is not stale. Offset paging, at most `limit` rows.
 */
export async function listStale(
  db: Pick<Db, 'query'>,
  filter: StaleFilter,
  opts: { sort: StaleSort; dir: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ rows: StaleRow[]; hasMore: boolean }> {
  const args: unknown[] = [];
  const arg = (v: unknown) => (args.push(v), `$${args.length}`);
  const where: string[] = [];
  if (filter.orgId) where.push(`o.org_id = ${arg(filter.orgId)}`);
  if (filter.search)
    where.push(
      `lower(o.name) like ${arg(`%${filter.search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`,
    );
  if (filter.notReadDays) {
    const d = arg(filter.notReadDays);
    where.push(
      `(s.last_read_at is null or s.last_read_at < now() - make_interval(days => ${d}::int))`,
      `coalesce(s.created_at, o.updated_at) < now() - make_interval(days => ${d}::int)`,
    );
  }
  if (filter.notChangedDays) {
    const d = arg(filter.notChangedDays);
    where.push(
      `coalesce(greatest(o.updated_at, s.last_changed_at), 'epoch'::timestamptz) < now() - make_interval(days => ${d}::int)`,
    );
  }
  const dir = opts.dir === 'asc' ? 'asc' : 'desc';
  const r = await db.query<{
    id: string;
    name: string;
    org_id: string | null;
    last_read_at: Date | null;
    changed_at: Date | null;
    created_at: Date | null;
    known_since: Date | null;
  }>(
    `select o.id, o.name, o.org_id, s.last_read_at,
            greatest(o.updated_at, s.last_changed_at) as changed_at, s.created_at,
            coalesce(s.created_at, o.updated_at) as known_since
     from vault_objects o left join vault_activity_summary s on s.kv_name = o.name
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by ${SORT_EXPR[opts.sort]} ${dir}, o.id ${dir}
     limit ${arg(opts.limit + 1)} offset ${arg(opts.offset)}`,
    args,
  );
  const d = (v: Date | null) => (v ? new Date(v) : null);
  return {
    rows: r.rows.slice(0, opts.limit).map((row) => ({
      id: row.id,
      name: row.name,
      orgId: row.org_id,
      lastReadAt: d(row.last_read_at),
      lastChangedAt: d(row.changed_at),
      createdAt: d(row.created_at),
      knownSince: d(row.known_since),
    })),
    hasMore: r.rows.length > opts.limit,
  };
}

/** Whole days since `from` (by the clock; a plain function so components stay pure). */
export function ageDays(from: Date, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - from.getTime()) / 86_400_000));
}
