import 'server-only';
import type { Db } from './client';

/**
 * The console's key-value state (the `index_state` table): cursors, watermarks, sync leases and
 * markers, one JSON value per key. Infrastructure: the index, the BYOK and activity syncs and the
 * event cursor all keep their place here, so none of them depends on another for it.
 */

export async function getState<T>(db: Pick<Db, 'query'>, key: string): Promise<T | null> {
  const r = await db.query<{ value: T }>('select value from index_state where key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

/** Several state keys in one statement; a key never set is absent from the map. */
export async function getStates(
  db: Pick<Db, 'query'>,
  keys: string[],
): Promise<Map<string, unknown>> {
  const r = await db.query<{ key: string; value: unknown }>(
    'select key, value from index_state where key = any($1)',
    [keys],
  );
  return new Map(r.rows.map((row) => [row.key, row.value]));
}

export async function setState(db: Pick<Db, 'query'>, key: string, value: unknown): Promise<void> {
  await db.query(
    'insert into index_state (key, value, updated_at) values ($1, $2, now()) on conflict (key) do update set value = excluded.value, updated_at = now()',
    [key, JSON.stringify(value)],
  );
}

/** Takes or renews the sync lease; only one replica syncs at a time. */
export async function acquireLease(db: Db, owner: string, ttlMs: number): Promise<boolean> {
  const expires = new Date(Date.now() + ttlMs).toISOString();
  const r = await db.query<{ key: string }>(
    `insert into index_state (key, value, updated_at) values ('lease', $1, now())
     on conflict (key) do update set value = excluded.value, updated_at = now()
     where (index_state.value->>'owner') = $2 or (index_state.value->>'expiresAt')::timestamptz < now()
     returning key`,
    [JSON.stringify({ owner, expiresAt: expires }), owner],
  );
  return r.rows.length === 1;
}
