import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { getState, setState } from '../db/state';
import { getWorkOS } from '../workos/client';
import { DEFAULT_POLICY_FIELDS } from './policy';

const MARKER = 'approvals_demo_seeded';
const DEMO_REQUESTER = 'support@example.com';
const globalDemo = globalThis as unknown as { __vaultConsoleApprovalsDemo?: boolean };

/**
 * `npm run dev` in local mode (DEMO_APPROVALS=on, set by the launcher): once per console
 * database, an environment approval policy and one pending reveal request from the demo support
 * user, so a newcomer signed in as an admin sees the queue at once. Waits until the index holds
 * an object; never runs in cloud mode or without the variable.
 */
export async function seedDemoApprovals(): Promise<void> {
  if (globalDemo.__vaultConsoleApprovalsDemo) return;
  if (process.env.DEMO_APPROVALS !== 'on' || getEnv().mode !== 'local') {
    globalDemo.__vaultConsoleApprovalsDemo = true;
    return;
  }
  const db = await getDb();
  if (await getState(db, MARKER)) {
    globalDemo.__vaultConsoleApprovalsDemo = true;
    return;
  }
  const object = (
    await db.query<{ id: string; name: string; org_id: string }>(
      `select id, name, org_id from vault_objects where org_id is not null order by name limit 1`,
    )
  ).rows[0];
  if (!object) return; // the index is still building: try on a later page view
  const users = await getWorkOS().userManagement.listUsers({ email: DEMO_REQUESTER });
  const requester = users.data[0];
  globalDemo.__vaultConsoleApprovalsDemo = true;
  await db.transaction(async (tx) => {
    if (await getState(tx, MARKER)) return;
    await setState(tx, MARKER, { at: new Date().toISOString() });
    const f = DEFAULT_POLICY_FIELDS;
    await tx.query(
      `insert into approval_policies (scope, reveal_needs_approval, approvals_required, request_expiry_minutes,
         max_grant_minutes, updated_by_id, updated_by_email)
       values ('environment', $1, $2, $3, $4, 'demo-seed', 'demo seed') on conflict (scope) do nothing`,
      [f.revealNeedsApproval, f.approvalsRequired, f.requestExpiryMinutes, f.maxGrantMinutes],
    );
    if (!requester) return;
    await tx.query(
      `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
         reason, ticket, duration_minutes, approvals_required, expires_at)
       values ('areq_demo_0001', 'reveal', 'pending', $1, $2, $3, $4, $5,
         'Customer reports failed webhook signatures; need to compare the stored value.', 'SUP-1042', 30, 1,
         now() + interval '24 hours') on conflict (id) do nothing`,
      [requester.id, requester.email, object.org_id, object.id, object.name],
    );
  });
}
