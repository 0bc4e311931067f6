import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { recordAudit } from '../audit/trail';
import { toConsoleError } from '../workos/errors';

/** The result of one "Test the customer key" run, as the BYOK page shows it. */
export type KeyCheck = {
  usable: boolean;
  /** HTTP status of a refusal; null when usable or when WorkOS was not reached. */
  status: number | null;
  /** What the console says about a refusal (never the response body). */
  error: string | null;
  checkedAt: Date;
  checkedBy: string;
};

/**
 * F3-02: WorkOS has no BYOK status API and its Events API keeps 30 days, so an admin can ask
 * directly: a harmless Vault call under the organization's key context. `POST /vault/v1/keys/data-key`
 * with `{organization_id}` wraps a fresh data key with the key WorkOS uses for that context (the
 * customer's key when one is configured) and stores nothing; the data key is dropped unread.
 * Usable or not, the run is recorded (byok_key_checks) and audited.
 */
export async function testCustomerKey(
  db: Db,
  workos: WorkOS,
  orgId: string,
  user: { id: string; email: string },
): Promise<KeyCheck> {
  let usable = true;
  let status: number | null = null;
  let error: string | null = null;
  try {
    await workos.vault.createDataKey({ context: { organization_id: orgId } });
  } catch (err) {
    usable = false;
    const s = (err as { status?: unknown } | null)?.status;
    status = typeof s === 'number' ? s : null;
    error =
      status === 403
        ? 'WorkOS refused to wrap a data key for this organization (HTTP 403): its customer-managed key is unusable (deleted, revoked or its policy changed), or the console’s API key lacks Vault access.'
        : toConsoleError(err, 'read').message;
  }
  const checkedAt = (
    await db.query<{ checked_at: Date }>(
      `insert into byok_key_checks (org_id, usable, status, error, checked_by_email)
       values ($1, $2, $3, $4, $5) returning checked_at`,
      [orgId, usable, status, error, user.email],
    )
  ).rows[0]!.checked_at;
  await recordAudit(
    {
      user,
      action: 'byok.key_tested',
      outcome: usable ? 'success' : 'failure',
      orgId,
      detail: { usable, status },
    },
    db,
  );
  return { usable, status, error, checkedAt: new Date(checkedAt), checkedBy: user.email };
}

/** The newest key test of an organization, or null. */
export async function lastKeyCheck(db: Db, orgId: string): Promise<KeyCheck | null> {
  const r = await db.query<{
    usable: boolean;
    status: number | null;
    error: string | null;
    checked_at: Date;
    checked_by_email: string;
  }>(
    'select usable, status, error, checked_at, checked_by_email from byok_key_checks where org_id = $1 order by checked_at desc limit 1',
    [orgId],
  );
  const row = r.rows[0];
  return row
    ? {
        usable: row.usable,
        status: row.status,
        error: row.error,
        checkedAt: new Date(row.checked_at),
        checkedBy: row.checked_by_email,
      }
    : null;
}
