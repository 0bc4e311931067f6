import type { Db } from '../db/client';
import { eventContentKey } from '../workos/event-identity';

/**
 * The Vault events the console keeps (spec `@workos/openapi-spec`: each carries `actor_id`,
 * `actor_source` (api | dashboard), `actor_name` and `kv_name` in `data`).
 */
export const ACTIVITY_EVENTS = [
  'vault.data.created',
  'vault.data.updated',
  'vault.data.read',
  'vault.data.deleted',
  'vault.metadata.read',
] as const;
export type ActivityKind = (typeof ACTIVITY_EVENTS)[number];

const CHANGE_EVENTS = new Set<string>(['vault.data.created', 'vault.data.updated']);

/**
 * An event as the Events API and a webhook both deliver it (snake_case, raw JSON). The spec's event
 * object has no top-level organization (F3-12): the organization is read from the data's
 * `key_context.organization_id`, where created and updated events carry it.
 */
export type RawVaultEvent = {
  id: string;
  event: string;
  created_at: string;
  data: Record<string, unknown>;
};

function orgOf(data: Record<string, unknown>): string | null {
  const ctx = data.key_context;
  return ctx && typeof ctx === 'object'
    ? text((ctx as Record<string, unknown>).organization_id)
    : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Stores one Vault event once (by WorkOS event id, and by its content: the same event through a
 * webhook and the Events API gives one row whatever ids they carry) and folds it into the per-name summary.
 * Returns false for an event that is not kept (not a Vault data event, no kv_name, or a repeat).
 */
export async function storeActivityEvent(
  db: Pick<Db, 'query'>,
  e: RawVaultEvent,
): Promise<boolean> {
  if (!(ACTIVITY_EVENTS as readonly string[]).includes(e.event)) return false;
  const name = text(e.data.kv_name);
  const at = new Date(e.created_at);
  if (!name || Number.isNaN(at.getTime())) return false;
  const source = text(e.data.actor_source);
  const r = await db.query(
    `insert into vault_activity (id, event, kv_name, org_id, actor_id, actor_name, actor_source, key_id, occurred_at, dedupe_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing returning id`,
    [
      e.id,
      e.event,
      name,
      orgOf(e.data),
      text(e.data.actor_id),
      text(e.data.actor_name),
      source === 'api' || source === 'dashboard' ? source : null,
      text(e.data.key_id),
      at,
      eventContentKey(e, name, text(e.data.actor_id), text(e.data.key_id)),
    ],
  );
  if (r.rows.length === 0) return false;
  const read = e.event === 'vault.data.read' ? at : null;
  const changed = CHANGE_EVENTS.has(e.event) ? at : null;
  const created = e.event === 'vault.data.created' ? at : null;
  if (read || changed)
    await db.query(
      `insert into vault_activity_summary (kv_name, last_read_at, last_changed_at, created_at)
       values ($1, $2, $3, $4)
       on conflict (kv_name) do update set
         last_read_at = greatest(vault_activity_summary.last_read_at, excluded.last_read_at),
         last_changed_at = greatest(vault_activity_summary.last_changed_at, excluded.last_changed_at),
         created_at = greatest(vault_activity_summary.created_at, excluded.created_at)`,
      [name, read, changed, created],
    );
  return true;
}

/** Drops events older than the retention; the summary keeps each name's latest times. */
export async function pruneActivity(db: Pick<Db, 'query'>, retentionDays: number): Promise<void> {
  await db.query(
    `delete from vault_activity where occurred_at < now() - make_interval(days => $1::int)`,
    [retentionDays],
  );
}

/**
 * The horizon (below) and when the activity sync last finished, in one statement: what the
 * object page's activity panel states about how complete its list is.
 */
export async function activityFreshness(
  db: Pick<Db, 'query'>,
): Promise<{ horizon: Date | null; syncedAt: string | null }> {
  const r = await db.query<{ at: Date | null; synced_at: string | null }>(
    `select (select min(occurred_at) from vault_activity) as at,
       (select value from index_state where key = 'activity_synced_at') as synced_at`,
  );
  const at = r.rows[0]?.at;
  return { horizon: at ? new Date(at) : null, syncedAt: r.rows[0]?.synced_at || null };
}

/** The oldest event the console holds: how far back "not read since" can be trusted. */
export async function activityHorizon(db: Pick<Db, 'query'>): Promise<Date | null> {
  const r = await db.query<{ at: Date | null }>(
    'select min(occurred_at) as at from vault_activity',
  );
  const at = r.rows[0]?.at;
  return at ? new Date(at) : null;
}
