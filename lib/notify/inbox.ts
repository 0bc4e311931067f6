import 'server-only';
import { getDb, type Db } from '../db/client';

/**
 * The in-app inbox: requests waiting for this person's decision (approvers), and what happened to
 * their own requests (approvals, denials, revocations, expiry). Derived from the requests tables,
 * so it is exact without a notification row per person; one read mark per person (`inbox_seen`)
 * tells new from seen.
 */
export type InboxDecision = {
  requestId: string;
  kind: 'approved' | 'denied' | 'revoked' | 'expired';
  at: Date;
  by: string | null;
  comment: string | null;
  objectId: string | null;
  objectName: string | null;
  orgId: string;
  unseen: boolean;
};

export type InboxWaiting = {
  requestId: string;
  requesterEmail: string;
  objectId: string | null;
  objectName: string | null;
  orgId: string;
  createdAt: Date;
  expiresAt: Date;
};

async function seenAt(q: Pick<Db, 'query'>, userId: string): Promise<Date> {
  const r = await q.query<{ seen_at: Date }>('select seen_at from inbox_seen where user_id = $1', [
    userId,
  ]);
  return r.rows[0] ? new Date(r.rows[0].seen_at) : new Date(0);
}

/**
 * Everything that happened to this person's requests, newest first: each approver's decision,
 * a revocation by someone else, and expiry of an unanswered request.
 */
const DECISIONS_SQL = `
  select * from (
    select r.id as request_id, case d.decision when 'approve' then 'approved' else 'denied' end as kind,
           d.decided_at as at, d.approver_email as by, nullif(d.comment, '') as comment,
           r.object_id, r.object_name, r.org_id
      from access_request_decisions d join access_requests r on r.id = d.request_id
     where r.requester_id = $1
    union all
    select r.id, 'revoked', r.ended_at, r.ended_by_email, null, r.object_id, r.object_name, r.org_id
      from access_requests r where r.requester_id = $1 and r.status = 'revoked' and r.ended_at is not null
    union all
    select r.id, 'expired', r.expires_at, null, null, r.object_id, r.object_name, r.org_id
      from access_requests r where r.requester_id = $1 and r.status = 'pending' and r.expires_at <= now()
  ) x`;

/** The header badge: requests waiting for me (approvers only) + news on my requests not seen yet. */
export async function inboxCounts(
  userId: string,
  mayApprove: boolean,
  db?: Pick<Db, 'query'>,
): Promise<{ awaitingMe: number; unseen: number }> {
  const q = db ?? (await getDb());
  const since = await seenAt(q, userId);
  const [waiting, unseen] = await Promise.all([
    mayApprove
      ? q.query<{ n: number }>(
          `select count(*)::int as n from access_requests r where status = 'pending' and expires_at > now()
             and requester_id <> $1
             and not exists (select 1 from access_request_decisions d where d.request_id = r.id and d.approver_id = $1)`,
          [userId],
        )
      : Promise.resolve({ rows: [{ n: 0 }] }),
    q.query<{ n: number }>(`select count(*)::int as n from (${DECISIONS_SQL}) y where at > $2`, [
      userId,
      since,
    ]),
  ]);
  return {
    awaitingMe: Number(waiting.rows[0]?.n ?? 0),
    unseen: Number(unseen.rows[0]?.n ?? 0),
  };
}

export async function inboxItems(
  userId: string,
  mayApprove: boolean,
  limit = 50,
  db?: Pick<Db, 'query'>,
): Promise<{ waiting: InboxWaiting[]; decisions: InboxDecision[]; seenAt: Date }> {
  const q = db ?? (await getDb());
  const since = await seenAt(q, userId);
  const waiting = mayApprove
    ? (
        await q.query<{
          id: string;
          requester_email: string;
          object_id: string | null;
          object_name: string | null;
          org_id: string;
          created_at: Date;
          expires_at: Date;
        }>(
          `select id, requester_email, object_id, object_name, org_id, created_at, expires_at
             from access_requests r where status = 'pending' and expires_at > now() and requester_id <> $1
              and not exists (select 1 from access_request_decisions d where d.request_id = r.id and d.approver_id = $1)
            order by created_at desc, id desc limit $2`,
          [userId, limit],
        )
      ).rows.map((r) => ({
        requestId: r.id,
        requesterEmail: r.requester_email,
        objectId: r.object_id,
        objectName: r.object_name,
        orgId: r.org_id,
        createdAt: new Date(r.created_at),
        expiresAt: new Date(r.expires_at),
      }))
    : [];
  const decisions = (
    await q.query<{
      request_id: string;
      kind: InboxDecision['kind'];
      at: Date;
      by: string | null;
      comment: string | null;
      object_id: string | null;
      object_name: string | null;
      org_id: string;
    }>(`${DECISIONS_SQL} order by at desc, request_id desc limit $2`, [userId, limit])
  ).rows.map((r) => ({
    requestId: r.request_id,
    kind: r.kind,
    at: new Date(r.at),
    by: r.by,
    comment: r.comment,
    objectId: r.object_id,
    objectName: r.object_name,
    orgId: r.org_id,
    unseen: new Date(r.at) > since,
  }));
  return { waiting, decisions, seenAt: since };
}

/**
 * Marks everything up to `until` as seen (the moment the person's page was rendered, so news that
 * arrived while they read stays new). The mark only moves forward.
 */
export async function markInboxSeen(
  userId: string,
  until: Date,
  db?: Pick<Db, 'query'>,
): Promise<Date> {
  const q = db ?? (await getDb());
  const at = until > new Date() ? new Date() : until;
  const r = await q.query<{ seen_at: Date }>(
    `insert into inbox_seen (user_id, seen_at) values ($1, $2)
     on conflict (user_id) do update set seen_at = greatest(inbox_seen.seen_at, excluded.seen_at)
     returning seen_at`,
    [userId, at],
  );
  return new Date(r.rows[0]!.seen_at);
}
