import type { Db } from '../db/client';
import type { ActivityKind } from './store';

export type ActivityRow = {
  id: string;
  event: ActivityKind;
  actorId: string | null;
  actorName: string | null;
  actorSource: 'api' | 'dashboard' | null;
  occurredAt: Date;
};

export type ActivitySummary = {
  lastReadAt: Date | null;
  lastChangedAt: Date | null;
  createdAt: Date | null;
};

type Q = Pick<Db, 'query'>;

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** A cursor from a URL: null when it is not one this module made (the first page is shown). */
export function decodeActivityCursor(
  raw: string | null | undefined,
): { at: Date; id: string } | null {
  if (!raw) return null;
  const [iso, id] = Buffer.from(raw, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) return null;
  return { at, id };
}

/**
 * One object's activity, newest first, by keyset (occurred_at, id) on the (kv_name, …) index: a
 * page costs the same at 10 or 10,000,000 events. Vault events name the object, not its id.
 */
export async function activityFor(
  db: Q,
  name: string,
  opts: { limit: number; cursor?: string | null; kinds?: ActivityKind[] },
): Promise<{ rows: ActivityRow[]; nextCursor: string | null }> {
  const args: unknown[] = [name];
  const arg = (v: unknown) => (args.push(v), `$${args.length}`);
  const where = ['kv_name = $1'];
  if (opts.kinds?.length) where.push(`event = any(${arg(opts.kinds)}::text[])`);
  const after = decodeActivityCursor(opts.cursor);
  if (after) where.push(`(occurred_at, id) < (${arg(after.at)}, ${arg(after.id)})`);
  const r = await db.query<{
    id: string;
    event: ActivityKind;
    actor_id: string | null;
    actor_name: string | null;
    actor_source: 'api' | 'dashboard' | null;
    occurred_at: Date;
  }>(
    `select id, event, actor_id, actor_name, actor_source, occurred_at from vault_activity
     where ${where.join(' and ')} order by occurred_at desc, id desc limit ${arg(opts.limit + 1)}`,
    args,
  );
  const rows = r.rows.slice(0, opts.limit).map((row) => ({
    id: row.id,
    event: row.event,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorSource: row.actor_source,
    occurredAt: new Date(row.occurred_at),
  }));
  const last = rows[rows.length - 1];
  return {
    rows,
    nextCursor: r.rows.length > opts.limit && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}

export async function summariesFor(db: Q, names: string[]): Promise<Map<string, ActivitySummary>> {
  if (names.length === 0) return new Map();
  const r = await db.query<{
    kv_name: string;
    last_read_at: Date | null;
    last_changed_at: Date | null;
    created_at: Date | null;
  }>(
    'select kv_name, last_read_at, last_changed_at, created_at from vault_activity_summary where kv_name = any($1::text[])',
    [names],
  );
  const d = (v: Date | null) => (v ? new Date(v) : null);
  return new Map(
    r.rows.map((row) => [
      row.kv_name,
      {
        lastReadAt: d(row.last_read_at),
        lastChangedAt: d(row.last_changed_at),
        createdAt: d(row.created_at),
      },
    ]),
  );
}

/** How far back matching may look for a version's write event (clocks and commit order differ). */
export const AUTHOR_MATCH_WINDOW_MS = 5_000;

export type EventAuthor = { name: string; source: 'api' | 'dashboard' | null; at: string };

/**
 * Authors for versions from vault.data.created / vault.data.updated. Neither event names the
 * version it made, so each version takes the write event of its name nearest in time (within
 * AUTHOR_MATCH_WINDOW_MS), each event used once, newest versions first. A version with no event
 * that close gets no author: the page says so rather than guess.
 */
export async function versionAuthorsFromEvents(
  db: Q,
  name: string,
  versions: { id: string; createdAt: string }[],
): Promise<Map<string, EventAuthor>> {
  const out = new Map<string, EventAuthor>();
  if (versions.length === 0) return out;
  const times = versions.map((v) => Date.parse(v.createdAt)).filter(Number.isFinite);
  if (times.length === 0) return out;
  const r = await db.query<{
    id: string;
    actor_name: string | null;
    actor_source: 'api' | 'dashboard' | null;
    occurred_at: Date;
  }>(
    `select id, actor_name, actor_source, occurred_at from vault_activity
     where kv_name = $1 and event in ('vault.data.created', 'vault.data.updated')
       and occurred_at between $2 and $3 order by occurred_at desc, id desc limit 1000`,
    [
      name,
      new Date(Math.min(...times) - AUTHOR_MATCH_WINDOW_MS),
      new Date(Math.max(...times) + AUTHOR_MATCH_WINDOW_MS),
    ],
  );
  const used = new Set<string>();
  for (const v of versions) {
    const at = Date.parse(v.createdAt);
    let best: (typeof r.rows)[number] | null = null;
    let bestGap = Infinity;
    for (const e of r.rows) {
      if (used.has(e.id)) continue;
      const gap = Math.abs(new Date(e.occurred_at).getTime() - at);
      if (gap <= AUTHOR_MATCH_WINDOW_MS && gap < bestGap) {
        best = e;
        bestGap = gap;
      }
    }
    if (best?.actor_name) {
      used.add(best.id);
      out.set(v.id, {
        name: best.actor_name,
        source: best.actor_source,
        at: new Date(best.occurred_at).toISOString(),
      });
    }
  }
  return out;
}
