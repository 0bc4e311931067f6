import 'server-only';
import type { Db } from '../db/client';

/** What a person opened or pinned: an organization or an object, by id and name. Never a value. */
export type PlaceKind = 'org' | 'object';
export type Place = { kind: PlaceKind; id: string; label: string; at: string };

export const RECENT_KEEP = 12;

/**
 * Remembers that this person opened an org or object page, keeps the last RECENT_KEEP, and says
 * whether the place is pinned: one statement (one round trip) per page view. The trim keeps this
 * place and the RECENT_KEEP - 1 most recent others (the statement sees the table as it was before
 * the upsert, so the place itself is left out of the trim and counted separately).
 */
export async function recordVisit(
  db: Pick<Db, 'query'>,
  userId: string,
  kind: PlaceKind,
  id: string,
  label: string,
): Promise<{ pinned: boolean }> {
  const r = await db.query<{ pinned: boolean }>(
    `with visit as (
       insert into user_recents (user_id, kind, target_id, label, visited_at) values ($1, $2, $3, $4, now())
       on conflict (user_id, kind, target_id) do update set label = excluded.label, visited_at = now()
     ), trimmed as (
       delete from user_recents where user_id = $1 and (kind, target_id) <> ($2, $3)
         and (kind, target_id) not in (
           select kind, target_id from user_recents where user_id = $1 and (kind, target_id) <> ($2, $3)
           order by visited_at desc limit ${RECENT_KEEP - 1})
     )
     select exists (select 1 from user_favourites where user_id = $1 and kind = $2 and target_id = $3) as pinned`,
    [userId, kind, id, label.slice(0, 300)],
  );
  return { pinned: Boolean(r.rows[0]?.pinned) };
}

/**
 * Recent places, newest first. Objects deleted since (no longer in the index) are left out, so
 * the list never points at something that is gone.
 */
export async function recentPlaces(db: Db, userId: string, limit = 8): Promise<Place[]> {
  const r = await db.query<{ kind: PlaceKind; target_id: string; label: string; at: Date }>(
    `select r.kind, r.target_id, r.label, r.visited_at as at from user_recents r
     where r.user_id = $1 and (r.kind = 'org' or exists (select 1 from vault_objects o where o.id = r.target_id))
     order by r.visited_at desc limit $2`,
    [userId, limit],
  );
  return r.rows.map(toPlace);
}

export async function favouritePlaces(db: Db, userId: string, limit = 20): Promise<Place[]> {
  const r = await db.query<{ kind: PlaceKind; target_id: string; label: string; at: Date }>(
    `select f.kind, f.target_id, f.label, f.created_at as at from user_favourites f
     where f.user_id = $1 and (f.kind = 'org' or exists (select 1 from vault_objects o where o.id = f.target_id))
     order by f.label asc limit $2`,
    [userId, limit],
  );
  return r.rows.map(toPlace);
}

export async function setFavourite(
  db: Pick<Db, 'query'>,
  userId: string,
  kind: PlaceKind,
  id: string,
  label: string,
  pinned: boolean,
): Promise<void> {
  if (pinned)
    await db.query(
      `insert into user_favourites (user_id, kind, target_id, label) values ($1, $2, $3, $4)
       on conflict (user_id, kind, target_id) do update set label = excluded.label`,
      [userId, kind, id, label.slice(0, 300)],
    );
  else
    await db.query(
      'delete from user_favourites where user_id = $1 and kind = $2 and target_id = $3',
      [userId, kind, id],
    );
}

function toPlace(row: { kind: PlaceKind; target_id: string; label: string; at: Date }): Place {
  return {
    kind: row.kind,
    id: row.target_id,
    label: row.label,
    at: new Date(row.at).toISOString(),
  };
}
