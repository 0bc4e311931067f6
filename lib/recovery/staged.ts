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
  return r.rows.length + (await eraseClosedImportPlans(q));
}

/**
 * Import plans (lib/operations/import-plan.ts) whose approval request closed without starting
 * them (expired, or an approval that lapsed unused) are discarded, and every staged value of a
 * plan that is discarded or finished is erased. A plan with no request at all (the policy was
 * turned off after it was made) keeps its values until it is started or discarded.
 */
async function eraseClosedImportPlans(q: Pick<Db, 'query'>): Promise<number> {
  await q.query(
    `update operation_runs o set status = 'cancelled', finished_at = now()
     where o.kind = 'import' and o.status = 'planned'
       and exists (
         select 1 from (
           select r.status, r.expires_at, r.grant_expires_at, r.ended_at from access_requests r
           where r.kind = 'operation' and r.detail->>'run_id' = o.id
           order by r.created_at desc, r.id desc limit 1
         ) latest
         where not ((latest.status = 'pending' and latest.expires_at > now())
           or (latest.status = 'approved' and latest.ended_at is null and latest.grant_expires_at > now())))`,
  );
  const r = await q.query<{ run_id: string }>(
    `delete from operation_row_values v using operation_runs o
     where o.id = v.run_id and o.status in ('cancelled', 'finished') returning v.run_id`,
  );
  return r.rows.length;
}
