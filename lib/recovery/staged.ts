import { getDb, type Db } from '../db/client';

/**
 * A change request's staged value (lib/vault/change-requests.ts) is a sealed value like a
 * recovery copy, and is swept with them: the index sync's housekeeping calls this, and so do the
 * request pages on each read.
 */
/**
 * Erases staged values no open request needs any more: expired ones (pending or stale past
 * their expiry), and any left by a crash between a decision and its erase. Returns how many.
 */
export async function eraseFinishedStaged(db?: Pick<Db, 'query'>): Promise<number> {
  const q = db ?? (await getDb());
  const r = await q.query<{ request_id: string }>(
    `delete from change_request_values v using access_requests r
     where r.id = v.request_id
       and not ((r.status = 'pending' and r.expires_at > now()) or (r.status = 'approved' and r.applied_at is null))
     returning v.request_id`,
  );
  return r.rows.length;
}
