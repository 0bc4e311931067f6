import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ActionResult } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { recordAudit } from '../audit/trail';
import { getDb, type Db } from '../db/client';
import { consoleError, type ConsoleError } from '../workos/errors';
import { effectivePolicy } from './policy';
import { fail } from './refuse';

/**
 * Break-glass: someone who would need an approved grant acts without one, giving a reason. Only
 * where the organization's policy says reveals need approval AND allows break-glass. Each use is a
 * row here (open until an approver acknowledges it), a loud trail entry ('breakglass.used') and a
 * notification (the trail's hook). The check runs on the server, before anything is read.
 */
export type BreakGlassUse = {
  id: string;
  occurredAt: Date;
  userEmail: string;
  orgId: string;
  objectId: string | null;
  objectName: string | null;
  action: string;
  reason: string;
  acknowledgedAt: Date | null;
  acknowledgedByEmail: string | null;
};

/** Why break-glass is refused for this organization, naming the rule; null when it is allowed. */
export async function breakGlassRefusal(
  orgId: string | null,
  db?: Pick<Db, 'query'>,
): Promise<ConsoleError | null> {
  if (!orgId)
    return consoleError('forbidden', {
      message:
        'Break-glass is refused: this object’s key context names no organization_id, so no organization policy can allow it.',
    });
  const policy = await effectivePolicy(orgId, db);
  if (!policy || !policy.revealNeedsApproval)
    return consoleError('forbidden', {
      message:
        'Break-glass is refused: no approval policy for this organization puts reveals behind approval, so there is nothing to break glass on.',
    });
  if (!policy.breakGlassAllowed)
    return consoleError('forbidden', {
      message: `Break-glass is refused: the ${policy.scope === 'environment' ? 'environment default' : `${orgId} override`} approval policy does not allow break-glass (“Break-glass allowed” is off). Ask for access instead.`,
    });
  return null;
}

/** Records one use (row + trail entry + notification, one transaction) before the act itself. */
export async function recordBreakGlass(
  session: ConsoleSession,
  input: {
    orgId: string;
    objectId: string | null;
    objectName: string | null;
    action: 'reveal' | 'copy';
    reason: string;
  },
  db?: Db,
): Promise<string> {
  const d = db ?? (await getDb());
  const id = `bg_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  await d.transaction(async (tx) => {
    await tx.query(
      `insert into break_glass_uses (id, user_id, user_email, org_id, object_id, object_name, action, reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        session.user.id,
        session.user.email,
        input.orgId,
        input.objectId,
        input.objectName,
        input.action,
        input.reason,
      ],
    );
    await recordAudit(
      {
        user: session.user,
        action: 'breakglass.used',
        orgId: input.orgId,
        objectId: input.objectId,
        objectName: input.objectName,
        reason: input.reason,
        detail: { break_glass_id: id, act: input.action, without_approval: true },
      },
      tx,
    );
  });
  return id;
}

type UseRow = {
  id: string;
  occurred_at: Date;
  user_email: string;
  org_id: string;
  object_id: string | null;
  object_name: string | null;
  action: string;
  reason: string;
  acknowledged_at: Date | null;
  acknowledged_by_email: string | null;
};

const fromRow = (r: UseRow): BreakGlassUse => ({
  id: r.id,
  occurredAt: new Date(r.occurred_at),
  userEmail: r.user_email,
  orgId: r.org_id,
  objectId: r.object_id,
  objectName: r.object_name,
  action: r.action,
  reason: r.reason,
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
  acknowledgedByEmail: r.acknowledged_by_email,
});

/** Uses in this organization nobody has acknowledged yet, newest first (the org page's banner). */
export async function openBreakGlass(
  orgId: string,
  db?: Pick<Db, 'query'>,
): Promise<BreakGlassUse[]> {
  const q = db ?? (await getDb());
  const r = await q.query<UseRow>(
    `select * from break_glass_uses where org_id = $1 and acknowledged_at is null
     order by occurred_at desc, id desc limit 50`,
    [orgId],
  );
  return r.rows.map(fromRow);
}

/**
 * An approver acknowledges a use (audited). Someone never acknowledges their own; a use
 * acknowledged meanwhile answers a conflict with who and when.
 */
export async function acknowledgeBreakGlass(
  session: ConsoleSession,
  id: string,
  db?: Db,
): Promise<ActionResult<{ acknowledgedAt: string }>> {
  const d = db ?? (await getDb());
  return d.transaction(async (tx) => {
    const row = (
      await tx.query<UseRow & { user_id: string }>(
        'select * from break_glass_uses where id = $1 for update',
        [id],
      )
    ).rows[0];
    if (!row)
      return fail(consoleError('not_found', { message: 'No break-glass use has this id.' }));
    if (row.user_id === session.user.id)
      return fail(
        consoleError('forbidden', {
          message: 'You cannot acknowledge your own break-glass use: another approver has to.',
        }),
      );
    if (row.acknowledged_at)
      return fail(
        consoleError('conflict', {
          message: `${row.acknowledged_by_email} acknowledged this break-glass use at ${new Date(row.acknowledged_at).toISOString()}; nothing was changed.`,
        }),
      );
    const at = (
      await tx.query<{ acknowledged_at: Date }>(
        `update break_glass_uses set acknowledged_at = now(), acknowledged_by_id = $2, acknowledged_by_email = $3
         where id = $1 returning acknowledged_at`,
        [id, session.user.id, session.user.email],
      )
    ).rows[0]!.acknowledged_at;
    await recordAudit(
      {
        user: session.user,
        action: 'breakglass.acknowledged',
        orgId: row.org_id,
        objectId: row.object_id,
        objectName: row.object_name,
        detail: { break_glass_id: id, used_by: row.user_email },
      },
      tx,
    );
    return { ok: true, data: { acknowledgedAt: new Date(at).toISOString() } };
  });
}
