import 'server-only';
import { randomUUID } from 'node:crypto';
import { fail, type ActionError, type ActionResult, type Conflict } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb, type Db } from '../db/client';
import { getIndexedObject } from '../index/store';
import { openSealed, sealValue, type OpenFailure } from '../recovery/seal';
import { createObject, deleteObject, updateValue, type WriteVia } from './commands';
import { describeObject } from './objects';
import { auditedRead, conflictDetails } from './write';
import { getWorkOS } from '../workos/client';
import { consoleError } from '../workos/errors';
import { effectivePolicy, type StoredPolicy } from '../approvals/policy';
import {
  decideAccessRequest,
  displayStatus,
  eraseStaged,
  getAccessRequest,
  type AccessRequest,
  type ChangeOp,
  type DisplayStatus,
} from '../approvals/requests';

/**
 * Change requests: where an organization's approval policy says so, a value change, a new object
 * or a delete is proposed with a reason instead of written, and written only when approvers
 * (never the proposer) approve it. It is one more kind of access request: the same table, the
 * same decisions, the same queue.
 *
 * - The proposed value is staged sealed, never in plaintext: a Vault data key for the object's
 *   own key context and AES-256-GCM here (lib/recovery/seal.ts), the request id as associated
 *   data. A customer key (BYOK) that is revoked makes the staged value as unreadable as the object.
 * - Approval applies the change through the write path (lib/vault/commands.ts → write.ts) with a
 *   version check against the version the proposal was based on. A 409 turns the request
 *   `stale` (who and when changed the object): it is never applied over the other change, and the
 *   proposer can rebase it onto the current version, keeping the proposed value.
 * - Denied, withdrawn and revoked requests erase the staged value at once (requests.ts); applied
 *   ones after the write; expired ones on the next read of the queue or a request, and in the
 *   index sync's housekeeping.
 */

type Staged = { sealed: string; context: Record<string, string> };

const OP_WORDS: Record<ChangeOp, string> = {
  update: 'value changes',
  create: 'new objects',
  delete: 'deletes',
};

/** Does this policy put this kind of change behind approval? New objects count as value changes. */
export function opNeedsApproval(policy: StoredPolicy | null, op: ChangeOp): boolean {
  if (!policy) return false;
  return op === 'delete' ? policy.deleteNeedsApproval : policy.changeNeedsApproval;
}

/** The organization an object belongs to (fixed at creation): the index, else describe. */
async function orgOfObject(objectId: string): Promise<string | null> {
  const indexed = await getIndexedObject(await getDb(), objectId);
  if (indexed) return indexed.org_id;
  const d = await describeObject(objectId);
  return d.ok ? d.data.orgId : null;
}

/**
 * The policy that puts this change behind approval, or null when it may be written directly.
 * One cheap query first: with no policy asking for approval of this kind anywhere, nothing else.
 */
export async function policyRequiring(
  op: ChangeOp,
  target: { objectId: string } | { orgId: string },
): Promise<StoredPolicy | null> {
  const db = await getDb();
  const column = op === 'delete' ? 'delete_needs_approval' : 'change_needs_approval';
  const any = await db.query(`select 1 from approval_policies where ${column} limit 1`);
  if (!any.rows.length) return null;
  const orgId = 'orgId' in target ? target.orgId : await orgOfObject(target.objectId);
  const policy = await effectivePolicy(orgId);
  return opNeedsApproval(policy, op) ? policy : null;
}

/**
 * For the direct write actions: a refusal when policy puts this change behind approval. The
 * server decides, whatever the page offered; the message says what to do instead.
 */
export async function directWriteRefusal(
  op: ChangeOp,
  target: { objectId: string } | { orgId: string },
): Promise<ActionError | null> {
  const policy = await policyRequiring(op, target);
  if (!policy) return null;
  return consoleError('forbidden', {
    message: `This organization’s approval policy puts ${OP_WORDS[op]} behind approval: propose it with a reason, and it is written once ${policy.approvalsRequired === 2 ? 'two approvers approve' : 'an approver approves'}.`,
  });
}

export type ProposeInput =
  | { op: 'update'; objectId: string; value: string; versionCheck: string; reason: string }
  | { op: 'delete'; objectId: string; versionCheck: string; reason: string }
  | {
      op: 'create';
      orgId: string;
      name: string;
      value: string;
      context: Record<string, string>;
      reason: string;
      /** A restore from Recently deleted (lib/vault/restore.ts): the copy is dropped once applied. */
      restoredFrom?: { copyId: string; objectId: string };
    };

const newRequestId = () => `areq_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;

function staleConflict(conflict: Conflict | null, base: string): ActionError {
  return {
    ...consoleError('conflict', {
      message: conflict
        ? `${conflict.consoleUser ?? conflict.updatedBy} changed this object at ${conflict.updatedAt} (now version ${conflict.currentVersionId ?? 'unknown'}), after you loaded version ${base}. Nothing was proposed; your text is still in the editor. Load their version and propose again.`
        : `This object changed after you loaded version ${base}. Nothing was proposed; your text is still in the editor.`,
    }),
    ...(conflict ? { conflict } : {}),
  };
}

/**
 * Files a change request. Only where policy asks for approval of this kind of change (elsewhere
 * the person saves directly); an update or delete only on the version the person saw.
 */
export async function proposeChange(
  session: ConsoleSession,
  input: ProposeInput,
): Promise<ActionResult<{ id: string }>> {
  let orgId: string | null;
  let objectId: string | null = null;
  let objectName: string;
  let context: Record<string, string> | null = null;
  let base: string | null = null;
  if (input.op === 'create') {
    orgId = input.orgId;
    objectName = input.name;
    context = input.context;
  } else {
    const d = await describeObject(input.objectId);
    if (!d.ok) return fail(d.error);
    orgId = d.data.orgId;
    objectId = d.data.id;
    objectName = d.data.name;
    context = d.data.context;
    base = d.data.versionId ?? '';
  }
  const found = await effectivePolicy(orgId);
  const policy = opNeedsApproval(found, input.op) ? found : null;
  if (!policy)
    return fail(
      consoleError('invalid_input', {
        message: `No approval policy puts ${OP_WORDS[input.op]} in this organization behind approval: make the change directly.`,
      }),
    );
  if (input.op !== 'create' && base !== input.versionCheck)
    return fail(
      staleConflict(
        await conflictDetails({ session }, input.objectId).catch(() => null),
        input.versionCheck,
      ),
    );
  const id = newRequestId();
  const restored = input.op === 'create' ? input.restoredFrom : undefined;
  let staged: { sealed: string; dataKeyId: string | null } | null = null;
  if (input.op !== 'delete') {
    try {
      staged = await sealValue(getWorkOS().vault, input.value, context, id, null, 'change-request');
    } catch {
      return fail(
        consoleError('customer_key_unavailable', {
          message: `WorkOS did not give the console a data key for this object’s key context ${JSON.stringify(context)}, so the proposed value could not be staged encrypted. Nothing was proposed; your text is still in the editor.`,
        }),
      );
    }
  }
  const d = await getDb();
  await d.transaction(async (tx) => {
    await tx.query(
      `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
         reason, duration_minutes, approvals_required, expires_at, change_op, base_version_id, detail)
       values ($1, 'change', 'pending', $2, $3, $4, $5, $6, $7, 0, $8, now() + make_interval(mins => $9), $10, $11, $12)`,
      [
        id,
        session.user.id,
        session.user.email,
        orgId ?? '',
        objectId,
        objectName,
        input.reason,
        policy.approvalsRequired,
        policy.requestExpiryMinutes,
        input.op,
        base,
        restored
          ? JSON.stringify({
              restored_copy_id: restored.copyId,
              restored_from: restored.objectId,
            })
          : '{}',
      ],
    );
    if (staged)
      await tx.query(
        `insert into change_request_values (request_id, sealed, data_key_id, context) values ($1, $2, $3, $4)`,
        [id, staged.sealed, staged.dataKeyId, JSON.stringify(context)],
      );
    await recordAudit(
      {
        user: session.user,
        action: 'request.created',
        orgId,
        objectId,
        objectName,
        reason: input.reason,
        versionId: base,
        detail: {
          request_id: id,
          kind: 'change',
          op: input.op,
          base_version_id: base,
          ...(restored
            ? { restored_from: restored.objectId, restored_copy_id: restored.copyId }
            : {}),
        },
      },
      tx,
    );
  });
  return { ok: true, data: { id } };
}

/** The recovery copy a proposed restore came from, if it is one. */
async function restoredCopyOf(
  q: Pick<Db, 'query'>,
  requestId: string,
): Promise<{ copyId: string; objectId: string } | null> {
  const r = await q.query<{ copy_id: string | null; object_id: string | null }>(
    `select detail->>'restored_copy_id' as copy_id, detail->>'restored_from' as object_id
     from access_requests where id = $1`,
    [requestId],
  );
  const row = r.rows[0];
  return row?.copy_id ? { copyId: row.copy_id, objectId: row.object_id ?? '' } : null;
}

async function stagedOf(q: Pick<Db, 'query'>, requestId: string): Promise<Staged | null> {
  const r = await q.query<{ sealed: string; context: Record<string, string> | string }>(
    'select sealed, context from change_request_values where request_id = $1',
    [requestId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    sealed: row.sealed,
    context: typeof row.context === 'string' ? JSON.parse(row.context) : row.context,
  };
}

/** Is the staged value still kept? (For the page: says so without opening it.) */
export async function hasStagedValue(requestId: string): Promise<boolean> {
  return (await stagedOf(await getDb(), requestId)) !== null;
}

function unreadable(failure: OpenFailure, context: Record<string, string>): ActionError {
  if (failure.reason === 'unavailable')
    return consoleError('upstream_unavailable', {
      message:
        'WorkOS did not answer when the console asked it to unwrap the proposed value’s data key. Nothing was changed; try again.',
    });
  return consoleError('customer_key_unavailable', {
    message: `The proposed value is unreadable: WorkOS refused to unwrap its data key for the key context ${JSON.stringify(context)} (HTTP ${failure.status ?? 'none'}). If the organization’s customer key was revoked, it comes back only when the customer restores that key. Nothing was changed.`,
  });
}

async function openStaged(
  requestId: string,
): Promise<{ ok: true; value: string } | { ok: false; error: ActionError }> {
  const staged = await stagedOf(await getDb(), requestId);
  if (!staged)
    return fail(
      consoleError('not_found', {
        message:
          'The proposed value is no longer kept: the request was decided, withdrawn or expired.',
      }),
    );
  const opened = await openSealed(getWorkOS().vault, staged.sealed, requestId, 'change-request');
  return opened.ok ? opened : fail(unreadable(opened.failure, staged.context));
}

/** Records that the object moved on: who and when, from describe and the console's trail. */
async function markStale(
  session: ConsoleSession,
  r: AccessRequest,
  conflict: Conflict | null,
  why: 'apply' | 'check',
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const updated = await tx.query(
      `update access_requests set status = 'pending', granted_at = null, apply_claimed_at = null,
         stale_at = $2, stale_by = $3, stale_version_id = $4
       where id = $1 and stale_at is null and (status = 'pending' or (status = 'approved' and applied_at is null))
       returning id`,
      [
        r.id,
        conflict ? new Date(conflict.updatedAt) : new Date(),
        conflict ? (conflict.consoleUser ?? conflict.updatedBy) : null,
        conflict?.currentVersionId ?? null,
      ],
    );
    if (!updated.rows.length) return;
    await recordAudit(
      {
        user: session.user,
        action: 'request.stale',
        orgId: r.orgId || null,
        objectId: r.objectId,
        objectName: r.objectName,
        versionId: conflict?.currentVersionId ?? null,
        detail: {
          request_id: r.id,
          base_version_id: r.change?.baseVersionId ?? null,
          changed_by: conflict ? (conflict.consoleUser ?? conflict.updatedBy) : null,
          found_on: why,
        },
      },
      tx,
    );
  });
}

/**
 * A pending update or delete whose object has a newer version than the one it was proposed on
 * turns stale now (metadata only, never decrypts). Returns the request as it stands.
 */
export async function checkStaleness(
  session: ConsoleSession,
  r: AccessRequest,
): Promise<AccessRequest> {
  if (!r.change || r.change.op === 'create' || !r.objectId) return r;
  if (displayStatus(r) !== 'pending') return r;
  const d = await describeObject(r.objectId);
  if (d.ok && (d.data.versionId ?? '') === r.change.baseVersionId) return r;
  if (!d.ok && d.error.code !== 'not_found') return r;
  const conflict: Conflict | null = d.ok
    ? await conflictDetails({ session }, r.objectId)
    : {
        currentVersionId: null,
        updatedAt: new Date().toISOString(),
        updatedBy: 'deleted (the object no longer exists)',
        consoleUser: null,
      };
  await markStale(session, r, conflict, 'check');
  return (await getAccessRequest(r.id))?.request ?? r;
}

function viaOf(r: AccessRequest, approvedBy: string[]): WriteVia {
  return {
    detail: { change_request_id: r.id, proposed_by: r.requesterEmail },
    metadata: {
      change_request_id: r.id,
      proposed_by: r.requesterEmail,
      approved_by: approvedBy.join(', '),
    },
  };
}

/**
 * Writes an approved change the caller holds the claim on (status approved, apply_claimed_at).
 * Applied: the staged value is erased. A 409: stale, nothing written. Another failure: the claim
 * is released and an approver can try again.
 */
async function applyClaimed(
  session: ConsoleSession,
  r: AccessRequest,
  approvedBy: string[],
): Promise<ActionResult<{ status: DisplayStatus; versionId?: string | null }>> {
  const db = await getDb();
  const change = r.change!;
  const via = viaOf(r, approvedBy);
  const release = async (error: ActionError) => {
    await db.query('update access_requests set apply_claimed_at = null where id = $1', [r.id]);
    await recordAudit({
      user: session.user,
      action: 'request.apply_failed',
      outcome: 'failure',
      orgId: r.orgId || null,
      objectId: r.objectId,
      objectName: r.objectName,
      detail: { request_id: r.id, error: error.code },
    });
    return fail({
      ...error,
      message: `Approved, but not applied: ${error.message} An approver can apply it again from this page.`,
    });
  };
  let written: ActionResult<{ versionId: string | null }>;
  let restoredCopy: { copyId: string; objectId: string } | null = null;
  if (change.op === 'delete') {
    const d = await deleteObject(
      session,
      {
        objectId: r.objectId!,
        versionCheck: change.baseVersionId ?? '',
        confirmName: r.objectName ?? '',
      },
      via,
    );
    written = d.ok ? { ok: true, data: { versionId: null } } : d;
  } else {
    const opened = await openStaged(r.id);
    if (!opened.ok) return release(opened.error);
    if (change.op === 'update') {
      written = await updateValue(
        session,
        { objectId: r.objectId!, value: opened.value, versionCheck: change.baseVersionId ?? '' },
        undefined,
        via,
      );
    } else {
      const staged = (await stagedOf(db, r.id))!;
      const { organization_id: orgId, ...rest } = staged.context;
      restoredCopy = await restoredCopyOf(db, r.id);
      if (restoredCopy) {
        via.detail.restored_from = restoredCopy.objectId;
        via.detail.restored_copy_id = restoredCopy.copyId;
        via.metadata.restored_from = restoredCopy.objectId;
      }
      const c = await createObject(
        session,
        {
          orgId: orgId ?? r.orgId,
          name: r.objectName ?? '',
          value: opened.value,
          extraContext: Object.entries(rest).map(([key, value]) => ({ key, value })),
        },
        via,
      );
      written = c.ok ? { ok: true, data: { versionId: c.data.versionId } } : c;
      if (c.ok) r = { ...r, objectId: c.data.id };
    }
  }
  if (!written.ok) {
    if (written.error.code === 'conflict' && change.op !== 'create') {
      await markStale(session, r, written.error.conflict ?? null, 'apply');
      return { ok: true, data: { status: 'stale' } };
    }
    return release(written.error);
  }
  const versionId = written.data.versionId;
  await db.transaction(async (tx) => {
    await tx.query(
      `update access_requests set applied_at = now(), applied_version_id = $2, apply_claimed_at = null,
         object_id = coalesce(object_id, $3) where id = $1`,
      [r.id, versionId, r.objectId],
    );
    await eraseStaged(tx, r.id);
    // A restore proposed from Recently deleted: the object is back, so its copy goes.
    if (restoredCopy)
      await tx.query(`delete from recovery_copies where id = $1 and state = 'kept'`, [
        restoredCopy.copyId,
      ]);
    await recordAudit(
      {
        user: session.user,
        action: 'request.applied',
        orgId: r.orgId || null,
        objectId: r.objectId,
        objectName: r.objectName,
        versionId,
        detail: {
          request_id: r.id,
          op: change.op,
          base_version_id: change.baseVersionId,
          proposed_by: r.requesterEmail,
          approved_by: approvedBy.join(', '),
        },
      },
      tx,
    );
  });
  return { ok: true, data: { status: 'applied', versionId } };
}

const noSuchChange = () => consoleError('not_found', { message: 'No change request has this id.' });

/** A change request by id (null: none, or an access request of another kind). */
async function getChangeRequest(requestId: string) {
  const found = await getAccessRequest(requestId);
  return found?.request.change ? found : null;
}

/** Who approved, by email, in the order they decided. */
function approversOf(decisions: { decision: string; approverEmail: string }[]): string[] {
  return decisions.filter((x) => x.decision === 'approve').map((x) => x.approverEmail);
}

/**
 * An approver's decision on any request. On a change request, an approval first checks the
 * object is still at the proposal's version (stale otherwise); the approval that completes it
 * applies it at once.
 */
export async function decide(
  session: ConsoleSession,
  input: { requestId: string; decision: 'approve' | 'deny'; comment: string },
): Promise<ActionResult<{ status: DisplayStatus }>> {
  const found = await getAccessRequest(input.requestId);
  if (found?.request.change && input.decision === 'approve')
    await checkStaleness(session, found.request);
  const decided = await decideAccessRequest(session, input);
  if (!decided.ok || !found?.request.change || decided.data.status !== 'approved') return decided;
  const now = await getAccessRequest(input.requestId);
  if (!now) return decided;
  return applyClaimed(session, now.request, approversOf(now.decisions));
}

/** Applies an approved change that failed to apply earlier (an approver other than the proposer). */
export async function retryApply(
  session: ConsoleSession,
  requestId: string,
): Promise<ActionResult<{ status: DisplayStatus }>> {
  const db = await getDb();
  const found = await getChangeRequest(requestId);
  if (!found) return fail(noSuchChange());
  if (found.request.requesterId === session.user.id)
    return fail(
      consoleError('forbidden', {
        message: 'You cannot apply your own change request: an approver has to.',
      }),
    );
  // The claim: one applier at a time; a claim left by a crash lapses after two minutes.
  const claimed = await db.query(
    `update access_requests set apply_claimed_at = now()
     where id = $1 and kind = 'change' and status = 'approved' and applied_at is null
       and (apply_claimed_at is null or apply_claimed_at < now() - interval '2 minutes')
     returning id`,
    [requestId],
  );
  if (!claimed.rows.length)
    return fail(
      consoleError('conflict', {
        message: `This change request is ${displayStatus(found.request)}, or someone is applying it right now; nothing was changed.`,
      }),
    );
  return applyClaimed(session, found.request, approversOf(found.decisions));
}

/**
 * The proposer moves a stale request onto the object's current version, keeping the proposed
 * value. Earlier approvals were for a diff against another value, so they are cleared: approvers
 * decide again, on a fresh diff.
 */
export async function rebase(
  session: ConsoleSession,
  requestId: string,
  mayPropose: (op: ChangeOp) => boolean,
): Promise<ActionResult<{ baseVersionId: string }>> {
  const found = await getChangeRequest(requestId);
  if (!found) return fail(noSuchChange());
  let r = found.request;
  if (r.requesterId !== session.user.id)
    return fail(
      consoleError('forbidden', {
        message: 'Only the person who proposed a change can rebase it.',
      }),
    );
  if (!mayPropose(r.change!.op))
    return fail(
      consoleError('forbidden', {
        message: 'Your role no longer allows this change, so it cannot be proposed again.',
      }),
    );
  r = await checkStaleness(session, r);
  const status = displayStatus(r);
  if (status !== 'stale')
    return fail(
      consoleError('conflict', {
        message:
          status === 'pending'
            ? 'This request is still on the object’s current version: nothing to rebase.'
            : `This request is ${status}; only a stale request can be rebased.`,
      }),
    );
  if (r.change!.op !== 'delete' && !(await hasStagedValue(r.id)))
    return fail(
      consoleError('not_found', {
        message: 'The proposed value is no longer kept; propose the change again.',
      }),
    );
  const d = await describeObject(r.objectId ?? '');
  if (!d.ok)
    return fail(
      d.error.code === 'not_found'
        ? consoleError('not_found', {
            message:
              'The object was deleted after this change was proposed: nothing to rebase onto.',
          })
        : d.error,
    );
  const to = d.data.versionId ?? '';
  const policy = await effectivePolicy(r.orgId || null);
  const db = await getDb();
  const moved = await db.transaction(async (tx) => {
    const updated = await tx.query(
      `update access_requests set base_version_id = $2, stale_at = null, stale_by = null, stale_version_id = null,
         expires_at = now() + make_interval(mins => $3), approvals_required = $4
       where id = $1 and status = 'pending' and stale_at is not null returning id`,
      [
        r.id,
        to,
        policy?.requestExpiryMinutes ?? 24 * 60,
        policy?.approvalsRequired ?? r.approvalsRequired,
      ],
    );
    if (!updated.rows.length) return false;
    await tx.query('delete from access_request_decisions where request_id = $1', [r.id]);
    await recordAudit(
      {
        user: session.user,
        action: 'request.rebased',
        orgId: r.orgId || null,
        objectId: r.objectId,
        objectName: r.objectName,
        versionId: to,
        detail: { request_id: r.id, from_version_id: r.change!.baseVersionId, to_version_id: to },
      },
      tx,
    );
    return true;
  });
  if (!moved)
    return fail(
      consoleError('conflict', { message: 'This request changed meanwhile; reload the page.' }),
    );
  return { ok: true, data: { baseVersionId: to } };
}

export type ChangeDiff = {
  op: ChangeOp;
  /** The object's value now (null for a new object). */
  current: string | null;
  currentVersionId: string | null;
  /** The proposed value (null for a delete). */
  proposed: string | null;
  baseVersionId: string | null;
  stale: boolean;
};

/**
 * The approver's diff: the current value (an audited read, as a reveal) and the proposed one
 * (unsealed), recorded as `request.diff_revealed` before either is handed back.
 */
export async function revealDiff(
  session: ConsoleSession,
  requestId: string,
): Promise<ActionResult<ChangeDiff>> {
  const found = await getChangeRequest(requestId);
  if (!found) return fail(noSuchChange());
  const r = found.request;
  const change = r.change!;
  const status = displayStatus(r);
  if (status !== 'pending' && status !== 'stale' && status !== 'approved')
    return fail(
      consoleError('conflict', {
        message: `This change request is ${status}; its proposed value is no longer kept.`,
      }),
    );
  let proposed: string | null = null;
  if (change.op !== 'delete') {
    const opened = await openStaged(r.id);
    if (!opened.ok) return opened;
    proposed = opened.value;
  }
  let current: string | null = null;
  let currentVersionId: string | null = null;
  if (change.op !== 'create' && r.objectId) {
    const read = await auditedRead(
      { session, detail: { change_request_id: r.id, purpose: 'change_request_diff' } },
      {
        objectId: r.objectId,
        action: 'object.revealed',
        reason: `Reviewing change request ${r.id}`,
        auditFailure: true,
      },
    );
    if (!read.ok) return read;
    current = read.data.value ?? '';
    currentVersionId = read.data.metadata.versionId ?? null;
  }
  await recordAudit({
    user: session.user,
    action: 'request.diff_revealed',
    orgId: r.orgId || null,
    objectId: r.objectId,
    objectName: r.objectName,
    versionId: currentVersionId,
    detail: { request_id: r.id, op: change.op, base_version_id: change.baseVersionId },
  });
  const stale =
    status === 'stale' || (change.op !== 'create' && currentVersionId !== change.baseVersionId);
  if (stale && status !== 'stale') await checkStaleness(session, r);
  return {
    ok: true,
    data: {
      op: change.op,
      current,
      currentVersionId,
      proposed,
      baseVersionId: change.baseVersionId,
      stale,
    },
  };
}
