import 'server-only';
import type { ConsoleSession } from '../auth/session';
import type { Db } from '../db/client';
import { recordAudit } from '../audit/trail';
import { emitWorkosAudit } from '../audit/workos';
import { getDb } from '../db/client';
import { getWorkOS } from '../workos/client';
import { openSealed, sealValue } from './seal';
import { copiesOfOrg, dropCopy, replaceSealed, type CopyRow } from './store';

/**
 * Erases copies for good, each with a `copy.erased` row in our trail (in the same transaction as
 * the delete) and an event in the organization's WorkOS Audit Log. Delete forever and offboarding.
 */
export async function eraseCopies(
  session: ConsoleSession,
  copies: Pick<CopyRow, 'id' | 'kind' | 'object_id' | 'object_name' | 'version_id' | 'org_id'>[],
  detail: Record<string, string>,
): Promise<void> {
  const db = await getDb();
  for (const copy of copies) {
    const auditId = await db.transaction(async (tx) => {
      const id = await recordAudit(
        {
          user: session.user,
          action: 'copy.erased',
          orgId: copy.org_id,
          objectId: copy.object_id,
          objectName: copy.object_name,
          versionId: copy.version_id,
          detail: { copy_id: copy.id, kind: copy.kind, ...detail },
        },
        tx,
      );
      await dropCopy(tx, copy.id);
      return id;
    });
    await emitWorkosAudit({
      session,
      orgId: copy.org_id,
      action: 'vault.copy.erased',
      object: { id: copy.object_id, name: copy.object_name, type: 'vault_recovery_copy' },
      idempotencyKey: auditId,
      metadata: { copy_id: copy.id, kind: copy.kind, ...detail },
    });
  }
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Offboarding's last step: erase every recovery copy the organization has (deleted objects and
 * replaced versions), each audited in our trail (`copy.erased` with the run id) and sent to the
 * organization's WorkOS Audit Log. Returns how many are left (the run finishes only at 0).
 */
export async function eraseOrgCopies(
  session: ConsoleSession,
  db: Db,
  runId: string,
  orgId: string,
  deadline: number,
): Promise<number> {
  const copies = await copiesOfOrg(db, orgId);
  for (const copy of copies) {
    if (Date.now() >= deadline) break;
    await eraseCopies(session, [copy], { reason: 'offboarding', operation_run: runId });
  }
  return (await copiesOfOrg(db, orgId)).length;
}

/**
 * The BYOK migrator's last step: re-seal each of the organization's copies with a fresh data key
 * for its context, which now resolves to the verified customer key. A copy that cannot be opened
 * stays as it is and is reported. Returns how many are still to do in this run.
 */
export async function rewrapOrgCopies(
  session: ConsoleSession,
  db: Db,
  runId: string,
  orgId: string,
  deadline: number,
  call: Call,
): Promise<number> {
  const done = await db.query<{ copy_id: string }>(
    `select detail->>'copy_id' as copy_id from audit_events where action = 'copy.settled' and detail->>'operation_run' = $1`,
    [runId],
  );
  const seen = new Set(done.rows.map((r) => r.copy_id));
  const todo = (await copiesOfOrg(db, orgId)).filter((c) => !seen.has(c.id));
  let left = todo.length;
  for (const copy of todo) {
    if (Date.now() >= deadline) break;
    const vault = getWorkOS().vault;
    const opened = await call(() => openSealed(vault, copy.sealed, copy.id));
    let outcome = 'unreadable';
    if (opened.ok) {
      const sealed = await call(() => sealValue(vault, opened.value, copy.context, copy.id));
      await replaceSealed(db, copy.id, sealed.sealed, sealed.dataKeyId);
      outcome = 'rewrapped';
    }
    await recordAudit(
      {
        user: session.user,
        action: 'copy.settled',
        orgId,
        objectId: copy.object_id,
        objectName: copy.object_name,
        versionId: copy.version_id,
        detail: {
          copy_id: copy.id,
          kind: copy.kind,
          operation_run: runId,
          purpose: 'byok_rewrap',
          outcome,
        },
      },
      db,
    );
    left--;
  }
  return left;
}

export type RunCopyLine = {
  copy_id: string;
  object_id: string | null;
  name: string | null;
  kind: string;
  version_id: string | null;
  outcome: string;
  at: string;
};

/** What a run did to recovery copies, for its report: from the audit rows it wrote. */
export async function runCopyLines(db: Db, runId: string): Promise<RunCopyLine[]> {
  const r = await db.query<{
    detail: Record<string, string>;
    object_id: string | null;
    object_name: string | null;
    version_id: string | null;
    action: string;
    occurred_at: Date;
  }>(
    `select detail, object_id, object_name, version_id, action, occurred_at from audit_events
     where action in ('copy.erased', 'copy.settled') and detail->>'operation_run' = $1 order by occurred_at, id`,
    [runId],
  );
  return r.rows.map((row) => ({
    copy_id: row.detail.copy_id ?? '',
    object_id: row.object_id,
    name: row.object_name,
    kind: row.detail.kind ?? '',
    version_id: row.version_id,
    outcome: row.action === 'copy.erased' ? 'erased' : (row.detail.outcome ?? 'settled'),
    at: new Date(row.occurred_at).toISOString(),
  }));
}

export async function copiesLeft(db: Db, orgId: string): Promise<number> {
  const r = await db.query<{ n: string | number }>(
    `select count(*) as n from recovery_copies where org_id = $1`,
    [orgId],
  );
  return Number(r.rows[0]?.n ?? 0);
}
