import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ActionResult } from '../actions/result';
import { fail } from './refuse';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb, type Db } from '../db/client';
import { consoleError } from '../workos/errors';
import type { StoredPolicy } from './policy';

/**
 * Access requests: someone without standing permission asks for time-bound reveal access to one
 * object or to one organization; approvers decide; an approved request is a grant until
 * `grant_expires_at` or until someone ends it. Expiry is a comparison with now() wherever a grant
 * is used, so it is exact without a sweeper; `status` keeps the decision, `displayStatus` adds
 * time. Kind 'operation' is dual control for a planned tenant operation (lib/approvals/operations.ts):
 * its approval lets that run start, bound to the plan's version and hash; it is never a reveal grant.
 * Kind 'decrypt' is a grant to decrypt with key tools for one organization (lib/approvals/decrypt.ts);
 * it opens no object, and a reveal grant never opens key tools.
 */
export type RequestKind = 'reveal' | 'operation' | 'change' | 'decrypt';

/** What an operation approval is about: one run's plan, as it stood when approval was asked. */
export type OperationSubject = {
  runId: string;
  operation: string;
  planVersion: number;
  planHash: string;
  objects: number;
  /** Who planned or edited the plan: none of them may approve it. */
  authors: string[];
};
export type StoredStatus = 'pending' | 'approved' | 'denied' | 'withdrawn' | 'revoked';
/**
 * A change request (lib/vault/change-requests.ts) keeps the same stored statuses: `stale` is a
 * pending one whose object changed after it was proposed (`stale_at`), `applied` an approved one
 * whose change is written (`applied_at`); approved and not applied is `approved`.
 */
export type DisplayStatus = StoredStatus | 'expired' | 'active' | 'ended' | 'stale' | 'applied';
export type ChangeOp = 'update' | 'create' | 'delete';

export type Decision = {
  approverEmail: string;
  approverId: string;
  decision: 'approve' | 'deny';
  comment: string;
  decidedAt: Date;
};

export type AccessRequest = {
  id: string;
  kind: RequestKind;
  status: StoredStatus;
  requesterId: string;
  requesterEmail: string;
  orgId: string;
  objectId: string | null;
  objectName: string | null;
  reason: string;
  ticket: string | null;
  durationMinutes: number;
  approvalsRequired: number;
  createdAt: Date;
  expiresAt: Date;
  grantedAt: Date | null;
  grantExpiresAt: Date | null;
  endedAt: Date | null;
  endedByEmail: string | null;
  /** Kind 'operation' only. */
  operation: OperationSubject | null;
  /** Change requests only; null on reveal requests. */
  change: ChangeFields | null;
};

export type ChangeFields = {
  op: ChangeOp;
  /** The version the proposal was made against (null for a new object). */
  baseVersionId: string | null;
  stale: { at: Date; by: string | null; versionId: string | null } | null;
  appliedAt: Date | null;
  appliedVersionId: string | null;
};

type RequestRow = {
  id: string;
  kind: string;
  status: string;
  requester_id: string;
  requester_email: string;
  org_id: string;
  object_id: string | null;
  object_name: string | null;
  reason: string;
  ticket: string | null;
  duration_minutes: number;
  approvals_required: number;
  created_at: Date;
  expires_at: Date;
  granted_at: Date | null;
  grant_expires_at: Date | null;
  ended_at: Date | null;
  ended_by_email: string | null;
  detail: Record<string, unknown> | null;
  change_op: string | null;
  base_version_id: string | null;
  stale_at: Date | null;
  stale_by: string | null;
  stale_version_id: string | null;
  applied_at: Date | null;
  applied_version_id: string | null;
};

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

function fromRow(r: RequestRow): AccessRequest {
  return {
    id: r.id,
    kind: r.kind as RequestKind,
    status: r.status as StoredStatus,
    requesterId: r.requester_id,
    requesterEmail: r.requester_email,
    orgId: r.org_id,
    objectId: r.object_id,
    objectName: r.object_name,
    reason: r.reason,
    ticket: r.ticket,
    durationMinutes: r.duration_minutes,
    approvalsRequired: r.approvals_required,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    grantedAt: date(r.granted_at),
    grantExpiresAt: date(r.grant_expires_at),
    endedAt: date(r.ended_at),
    endedByEmail: r.ended_by_email,
    change:
      r.kind === 'change'
        ? {
            op: (r.change_op ?? 'update') as ChangeOp,
            baseVersionId: r.base_version_id,
            stale: r.stale_at
              ? { at: new Date(r.stale_at), by: r.stale_by, versionId: r.stale_version_id }
              : null,
            appliedAt: date(r.applied_at),
            appliedVersionId: r.applied_version_id,
          }
        : null,
    operation: r.kind === 'operation' ? operationSubject(r.detail) : null,
  };
}

function operationSubject(d: Record<string, unknown> | null): OperationSubject {
  const x = d ?? {};
  return {
    runId: String(x.run_id ?? ''),
    operation: String(x.operation ?? ''),
    planVersion: Number(x.plan_version ?? 0),
    planHash: String(x.plan_hash ?? ''),
    objects: Number(x.objects ?? 0),
    authors: Array.isArray(x.authors) ? x.authors.map(String) : [],
  };
}

/** The decision plus the clock: a pending request past its expiry, a grant past its end. */
export function displayStatus(r: AccessRequest, now = new Date()): DisplayStatus {
  if (r.status === 'pending') {
    if (r.expiresAt <= now) return 'expired';
    return r.change?.stale ? 'stale' : 'pending';
  }
  if (r.status === 'approved' && r.change) return r.change.appliedAt ? 'applied' : 'approved';
  if (r.status === 'approved')
    return r.grantExpiresAt && r.grantExpiresAt > now ? 'active' : 'ended';
  return r.status;
}

export type NewRequest = {
  /** 'reveal' unless said; 'decrypt' is key-tools access to the whole organization (no object). */
  kind?: 'reveal' | 'decrypt';
  orgId: string;
  objectId: string | null;
  objectName: string | null;
  minutes: number;
  reason: string;
  ticket: string;
};

/** Files a request under the policy that applies to its organization (checked by the caller). */
export async function createAccessRequest(
  session: ConsoleSession,
  input: NewRequest,
  policy: StoredPolicy,
  db?: Db,
): Promise<ActionResult<{ id: string }>> {
  if (input.minutes > policy.maxGrantMinutes)
    return fail(
      consoleError('invalid_input', {
        message: `This organization's policy grants at most ${policy.maxGrantMinutes} minutes; ask for less.`,
      }),
    );
  if (policy.ticketRequired && !input.ticket)
    return fail(
      consoleError('invalid_input', {
        message: 'This organization’s policy requires a ticket reference on every request.',
      }),
    );
  const d = db ?? (await getDb());
  const id = `areq_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  await d.transaction(async (tx) => {
    await tx.query(
      `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
         reason, ticket, duration_minutes, approvals_required, expires_at)
       values ($1, $12, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(mins => $11))`,
      [
        id,
        session.user.id,
        session.user.email,
        input.orgId,
        input.objectId,
        input.objectName,
        input.reason,
        input.ticket || null,
        input.minutes,
        policy.approvalsRequired,
        policy.requestExpiryMinutes,
        input.kind ?? 'reveal',
      ],
    );
    await recordAudit(
      {
        user: session.user,
        action: 'request.created',
        orgId: input.orgId,
        objectId: input.objectId,
        objectName: input.objectName,
        reason: input.reason,
        detail: {
          request_id: id,
          ...(input.kind === 'decrypt' ? { kind: 'decrypt' } : {}),
          scope: input.objectId ? 'object' : 'organization',
          minutes: input.minutes,
          ticket: input.ticket || null,
        },
      },
      tx,
    );
  });
  return { ok: true, data: { id } };
}

export async function getAccessRequest(
  id: string,
  db?: Pick<Db, 'query'>,
): Promise<{ request: AccessRequest; decisions: Decision[] } | null> {
  const q = db ?? (await getDb());
  const r = await q.query<RequestRow>('select * from access_requests where id = $1', [id]);
  if (!r.rows[0]) return null;
  return {
    request: fromRow(r.rows[0]),
    decisions: await decisionsOf(q, [id]).then((m) => m.get(id) ?? []),
  };
}

async function decisionsOf(q: Pick<Db, 'query'>, ids: string[]): Promise<Map<string, Decision[]>> {
  const out = new Map<string, Decision[]>();
  if (!ids.length) return out;
  const r = await q.query<{
    request_id: string;
    approver_id: string;
    approver_email: string;
    decision: 'approve' | 'deny';
    comment: string;
    decided_at: Date;
  }>('select * from access_request_decisions where request_id = any($1) order by decided_at', [
    ids,
  ]);
  for (const row of r.rows) {
    const list = out.get(row.request_id) ?? [];
    list.push({
      approverId: row.approver_id,
      approverEmail: row.approver_email,
      decision: row.decision,
      comment: row.comment,
      decidedAt: new Date(row.decided_at),
    });
    out.set(row.request_id, list);
  }
  return out;
}

/**
 * Runs `fn` in a transaction holding the request's row lock (decisions and ends are serialised
 * per request); an unknown id answers not_found without calling it.
 */
async function inLockedRequest<T>(
  db: Db | undefined,
  requestId: string,
  fn: (tx: Pick<Db, 'query'>, request: AccessRequest) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const d = db ?? (await getDb());
  return d.transaction(async (tx) => {
    const row = (
      await tx.query<RequestRow>('select * from access_requests where id = $1 for update', [
        requestId,
      ])
    ).rows[0];
    if (!row) return fail(consoleError('not_found', { message: 'No access request has this id.' }));
    return fn(tx, fromRow(row));
  });
}

/**
 * One approver's decision. A requester never decides their own request; one person counts once;
 * a deny closes the request; the last needed approval opens the grant, which runs from now.
 */
export async function decideAccessRequest(
  session: ConsoleSession,
  input: { requestId: string; decision: 'approve' | 'deny'; comment: string },
  db?: Db,
): Promise<ActionResult<{ status: StoredStatus }>> {
  return inLockedRequest(db, input.requestId, async (tx, request) => {
    if (request.operation?.authors.includes(session.user.id))
      return fail(
        consoleError('forbidden', {
          message:
            'You planned or edited this operation, so you cannot approve it: a second person has to.',
        }),
      );
    if (request.requesterId === session.user.id)
      return fail(
        consoleError('forbidden', {
          message: 'You cannot decide your own request: another approver has to.',
        }),
      );
    const status = displayStatus(request);
    if (status === 'stale' && input.decision === 'approve')
      return fail(
        consoleError('conflict', {
          message: `This change request is stale: ${staleWho(request)}. It is never applied over that change; the requester has to rebase it first.`,
        }),
      );
    if (status !== 'pending' && status !== 'stale')
      return fail(
        consoleError('conflict', {
          message: `This request is ${status} already${request.endedByEmail ? ` (by ${request.endedByEmail})` : ''}; nothing was changed.`,
        }),
      );
    const mine = await tx.query<{ decision: string }>(
      'select decision from access_request_decisions where request_id = $1 and approver_id = $2',
      [request.id, session.user.id],
    );
    if (mine.rows[0])
      return fail(
        consoleError('conflict', {
          message: `You already decided this request (${mine.rows[0].decision}); a second approval must come from someone else.`,
        }),
      );
    await tx.query(
      `insert into access_request_decisions (request_id, approver_id, approver_email, decision, comment)
       values ($1, $2, $3, $4, $5)`,
      [request.id, session.user.id, session.user.email, input.decision, input.comment],
    );
    let next: StoredStatus = 'pending';
    if (input.decision === 'deny') {
      next = 'denied';
      await tx.query(
        `update access_requests set status = 'denied', ended_at = now(), ended_by_email = $2 where id = $1`,
        [request.id, session.user.email],
      );
      await eraseStaged(tx, request.id);
    } else {
      const approvals = await tx.query<{ n: number }>(
        `select count(*)::int as n from access_request_decisions where request_id = $1 and decision = 'approve'`,
        [request.id],
      );
      if (Number(approvals.rows[0]?.n ?? 0) >= request.approvalsRequired && request.change) {
        // Approved; the caller applies it next (lib/vault/change-requests.ts), holding this claim.
        next = 'approved';
        await tx.query(
          `update access_requests set status = 'approved', granted_at = now(), apply_claimed_at = now() where id = $1`,
          [request.id],
        );
      } else if (Number(approvals.rows[0]?.n ?? 0) >= request.approvalsRequired) {
        next = 'approved';
        await tx.query(
          `update access_requests set status = 'approved', granted_at = now(),
             grant_expires_at = now() + make_interval(mins => duration_minutes) where id = $1`,
          [request.id],
        );
      }
    }
    await recordAudit(
      {
        user: session.user,
        action: input.decision === 'deny' ? 'request.denied' : 'request.approved',
        orgId: request.orgId,
        objectId: request.objectId,
        objectName: request.objectName,
        reason: input.comment || null,
        detail: {
          request_id: request.id,
          requester: request.requesterEmail,
          status: next,
          ...(request.change ? { kind: 'change', op: request.change.op } : {}),
          ...(request.kind === 'decrypt' ? { kind: 'decrypt' } : {}),
          ...(request.operation
            ? {
                operation_run: request.operation.runId,
                plan_version: request.operation.planVersion,
              }
            : {}),
        },
      },
      tx,
    );
    return { ok: true, data: { status: next } };
  });
}

/**
 * Ends a request early: its requester withdraws it (pending) or gives the grant back; an approver
 * revokes a pending request or a running grant. Anyone else is refused.
 */
export async function endAccessRequest(
  session: ConsoleSession,
  requestId: string,
  mayApprove: boolean,
  db?: Db,
): Promise<ActionResult<{ status: StoredStatus }>> {
  return inLockedRequest(db, requestId, async (tx, request) => {
    const own = request.requesterId === session.user.id;
    if (!own && !mayApprove)
      return fail(
        consoleError('forbidden', {
          message: 'Only the requester or an approver (vault.requests:approve) can end a request.',
        }),
      );
    const status = displayStatus(request);
    // A change request can also be ended while stale, or approved and not yet applied.
    const open =
      status === 'pending' ||
      status === 'active' ||
      (request.change !== null && (status === 'stale' || status === 'approved'));
    if (!open)
      return fail(
        consoleError('conflict', {
          message: `This request is ${status} already; nothing was changed.`,
        }),
      );
    const next: StoredStatus = own ? 'withdrawn' : 'revoked';
    await tx.query(
      `update access_requests set status = $2, ended_at = now(), ended_by_email = $3,
         grant_expires_at = case when grant_expires_at is null then null else least(grant_expires_at, now()) end
       where id = $1`,
      [request.id, next, session.user.email],
    );
    await eraseStaged(tx, request.id);
    await recordAudit(
      {
        user: session.user,
        action: own ? 'request.withdrawn' : 'request.revoked',
        orgId: request.orgId,
        objectId: request.objectId,
        objectName: request.objectName,
        detail: { request_id: request.id, was: status, requester: request.requesterEmail },
      },
      tx,
    );
    return { ok: true, data: { status: next } };
  });
}

/**
 * Erases a change request's staged value; for an operation request of an import plan that has
 * not started (lib/operations/import-plan.ts), discards the plan and erases its staged values.
 * Nothing to erase on other kinds. Called on deny, withdraw and revoke, in their transaction.
 */
export async function eraseStaged(q: Pick<Db, 'query'>, requestId: string): Promise<void> {
  await q.query('delete from change_request_values where request_id = $1', [requestId]);
  const run = await q.query<{ id: string }>(
    `update operation_runs set status = 'cancelled', finished_at = now()
     where kind = 'import' and status = 'planned'
       and id = (select detail->>'run_id' from access_requests where id = $1 and kind = 'operation')
     returning id`,
    [requestId],
  );
  if (run.rows[0])
    await q.query('delete from operation_row_values where run_id = $1', [run.rows[0].id]);
}

/** Who changed a stale request's object, and when, in words. */
export function staleWho(r: AccessRequest): string {
  const s = r.change?.stale;
  if (!s) return 'the object changed after it was proposed';
  return `${s.by ?? 'someone'} changed the object at ${s.at.toISOString()}${s.versionId ? ` (now version ${s.versionId})` : ''}, after it was proposed on version ${r.change?.baseVersionId ?? 'unknown'}`;
}

export type ActiveGrant = {
  id: string;
  orgId: string;
  objectId: string | null;
  expiresAt: Date;
  approvedBy: string[];
};

/**
 * The person's grants running now, optionally only those that could cover this object (its own
 * id, or its organization when `orgId` is known).
 */
export async function activeGrants(
  userId: string,
  target?: { objectId: string; orgId: string | null },
  db?: Pick<Db, 'query'>,
): Promise<ActiveGrant[]> {
  const q = db ?? (await getDb());
  const args: unknown[] = [userId];
  let where = '';
  if (target) {
    args.push(target.objectId, target.orgId);
    where = ` and (object_id = $2 or (object_id is null and org_id = $3))`;
  }
  const r = await q.query<RequestRow>(
    `select * from access_requests where requester_id = $1 and kind = 'reveal' and status = 'approved'
       and grant_expires_at > now()${where} order by grant_expires_at desc`,
    args,
  );
  return toGrants(q, r.rows);
}

async function toGrants(q: Pick<Db, 'query'>, rows: RequestRow[]): Promise<ActiveGrant[]> {
  const decisions = await decisionsOf(
    q,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    objectId: row.object_id,
    expiresAt: new Date(row.grant_expires_at!),
    approvedBy: (decisions.get(row.id) ?? [])
      .filter((x) => x.decision === 'approve')
      .map((x) => x.approverEmail),
  }));
}

/**
 * The person's running key-tools decrypt grant for this organization (kind 'decrypt' only), and
 * their latest pending decrypt request for it. A reveal grant is never one of these.
 */
export async function decryptAccessFor(
  userId: string,
  orgId: string,
  db?: Pick<Db, 'query'>,
): Promise<{ grant: ActiveGrant | null; pending: AccessRequest | null }> {
  const q = db ?? (await getDb());
  const [granted, pending] = await Promise.all([
    q.query<RequestRow>(
      `select * from access_requests where requester_id = $1 and kind = 'decrypt' and org_id = $2
         and status = 'approved' and grant_expires_at > now() order by grant_expires_at desc limit 1`,
      [userId, orgId],
    ),
    q.query<RequestRow>(
      `select * from access_requests where requester_id = $1 and kind = 'decrypt' and org_id = $2
         and status = 'pending' and expires_at > now() order by created_at desc limit 1`,
      [userId, orgId],
    ),
  ]);
  return {
    grant: (await toGrants(q, granted.rows))[0] ?? null,
    pending: pending.rows[0] ? fromRow(pending.rows[0]) : null,
  };
}

/** Does this grant open this object? Only its own object, or any object of its organization. */
export function grantCovers(
  grant: Pick<ActiveGrant, 'objectId' | 'orgId'>,
  objectId: string,
  objectOrgId: string | null,
): boolean {
  if (grant.objectId !== null) return grant.objectId === objectId;
  return objectOrgId !== null && grant.orgId === objectOrgId;
}

export type RequestFilter = 'open' | 'mine' | 'all';
export type RequestListRow = AccessRequest & { decisions: Decision[] };

/** A page of requests, newest first, keyset-paginated on (created_at, id). */
export async function listAccessRequests(
  filter: RequestFilter,
  userId: string,
  page: { before?: { at: string; id: string } | null; limit: number },
  db?: Pick<Db, 'query'>,
): Promise<{ rows: RequestListRow[]; next: { at: string; id: string } | null }> {
  const q = db ?? (await getDb());
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => (args.push(v), `$${args.length}`);
  if (filter === 'mine') where.push(`requester_id = ${arg(userId)}`);
  if (filter === 'open')
    where.push(
      `((status = 'pending' and expires_at > now()) or (status = 'approved' and grant_expires_at > now())
        or (kind = 'change' and status = 'approved' and applied_at is null))`,
    );
  if (page.before)
    where.push(`(created_at, id) < (${arg(page.before.at)}::timestamptz, ${arg(page.before.id)})`);
  const r = await q.query<RequestRow>(
    `select * from access_requests ${where.length ? `where ${where.join(' and ')}` : ''}
     order by created_at desc, id desc limit ${arg(page.limit + 1)}`,
    args,
  );
  const rows = r.rows.slice(0, page.limit).map(fromRow);
  const decisions = await decisionsOf(
    q,
    rows.map((x) => x.id),
  );
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((x) => ({ ...x, decisions: decisions.get(x.id) ?? [] })),
    next:
      r.rows.length > page.limit && last ? { at: last.createdAt.toISOString(), id: last.id } : null,
  };
}

/** How many requests wait for a decision this person may give (the header badge). */
export async function pendingForApprover(userId: string, db?: Pick<Db, 'query'>): Promise<number> {
  const q = db ?? (await getDb());
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from access_requests r where status = 'pending' and expires_at > now()
       and stale_at is null and requester_id <> $1
       and not (r.kind = 'operation' and coalesce(r.detail->'authors', '[]'::jsonb) ? $1)
       and not exists (select 1 from access_request_decisions d where d.request_id = r.id and d.approver_id = $1)`,
    [userId],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** The requester's latest pending request and running grant that concern this object. */
export async function requestsForObject(
  userId: string,
  objectId: string,
  orgId: string | null,
  db?: Pick<Db, 'query'>,
): Promise<{ pending: AccessRequest | null; grant: ActiveGrant | null }> {
  const q = db ?? (await getDb());
  const [pending, grants] = await Promise.all([
    q.query<RequestRow>(
      `select * from access_requests where requester_id = $1 and kind = 'reveal' and status = 'pending' and expires_at > now()
         and (object_id = $2 or (object_id is null and org_id = $3)) order by created_at desc limit 1`,
      [userId, objectId, orgId],
    ),
    activeGrants(userId, { objectId, orgId }, q),
  ]);
  return {
    pending: pending.rows[0] ? fromRow(pending.rows[0]) : null,
    grant: grants[0] ?? null,
  };
}

export type ActivityLine = {
  at: Date;
  action: string;
  outcome: string;
  objectName: string | null;
  orgId: string | null;
};

/** What the requester did lately in the console, for the approver's judgement (no values). */
export async function recentActivityOf(userId: string, limit = 8): Promise<ActivityLine[]> {
  const db = await getDb();
  const r = await db.query<{
    occurred_at: Date;
    action: string;
    outcome: string;
    object_name: string | null;
    org_id: string | null;
  }>(
    `select occurred_at, action, outcome, object_name, org_id from audit_events
     where user_id = $1 order by occurred_at desc, id desc limit $2`,
    [userId, limit],
  );
  return r.rows.map((x) => ({
    at: new Date(x.occurred_at),
    action: x.action,
    outcome: x.outcome,
    objectName: x.object_name,
    orgId: x.org_id,
  }));
}
