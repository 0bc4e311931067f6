import type { Db } from '../db/client';
import { actorLabel } from './labels';
import type { ActivityKind } from './store';

/** One activity row as both object-page queries read it. */
type ActivityDbRow<E extends string> = {
  id: string;
  event: E;
  actor_id: string | null;
  actor_name: string | null;
  actor_source: 'api' | 'dashboard' | null;
  occurred_at: Date;
};
const ACTIVITY_COLUMNS = 'id, event, actor_id, actor_name, actor_source, occurred_at';

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
function decodeActivityCursor(raw: string | null | undefined): { at: Date; id: string } | null {
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
  const r = await db.query<ActivityDbRow<ActivityKind>>(
    `select ${ACTIVITY_COLUMNS} from vault_activity
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

/**
 * How far a version's time may sit from its write event. WorkOS lists version times in whole
 * seconds (the emulator does too), so two writes in one second cannot be told apart by time.
 */
const AUTHOR_MATCH_WINDOW_MS = 5_000;

/** "API key Prod backend" (label), where it came from, and when. */
export type EventAuthor = { label: string; source: 'api' | 'dashboard' | null; at: string };

/**
 * Authors for versions from vault.data.created / vault.data.updated. Neither event names the
 * version it made, so they are paired by order: the newest write event with the newest version,
 * the next with the next, while each pair lies within AUTHOR_MATCH_WINDOW_MS. The first pair that
 * does not (an event missing, or history that ends) stops the matching: older versions get no
 * author and the page says so, rather than guess.
 */
export async function versionAuthorsFromEvents(
  db: Q,
  name: string,
  versions: { id: string; createdAt: string; current?: boolean }[],
): Promise<Map<string, EventAuthor>> {
  const out = new Map<string, EventAuthor>();
  const sorted = versions
    .map((v) => ({ ...v, t: Date.parse(v.createdAt) }))
    .filter((v) => Number.isFinite(v.t))
    .sort((a, b) => b.t - a.t || Number(b.current ?? false) - Number(a.current ?? false));
  if (sorted.length === 0) return out;
  const r = await db.query<ActivityDbRow<string>>(
    `select ${ACTIVITY_COLUMNS} from vault_activity
     where kv_name = $1 and event in ('vault.data.created', 'vault.data.updated')
       and occurred_at >= $2 order by occurred_at desc, id desc limit $3`,
    [name, new Date(sorted[sorted.length - 1]!.t - AUTHOR_MATCH_WINDOW_MS), sorted.length + 50],
  );
  // Events after the newest version belong to no version listed here (a later write in flight).
  const newest = sorted[0]!.t + AUTHOR_MATCH_WINDOW_MS;
  const events = r.rows.filter((e) => new Date(e.occurred_at).getTime() <= newest);
  for (let i = 0; i < sorted.length && i < events.length; i++) {
    const v = sorted[i]!;
    const e = events[i]!;
    const isOldest = i === sorted.length - 1;
    if (Math.abs(new Date(e.occurred_at).getTime() - v.t) > AUTHOR_MATCH_WINDOW_MS) break;
    // A create event can only be the first version; an update never is.
    if ((e.event === 'vault.data.created') !== isOldest) break;
    out.set(v.id, {
      label: actorLabel(e.actor_id, e.actor_name),
      source: e.actor_source,
      at: new Date(e.occurred_at).toISOString(),
    });
  }
  return out;
}
