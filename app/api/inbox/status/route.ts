import { can } from '@/lib/auth/permissions';
import { guardRoute, json } from '@/lib/http/json';
import { inboxCounts } from '@/lib/notify/inbox';

/**
 * What the header's inbox badge polls: requests waiting for this person's decision (approvers)
 * and news on their own requests they have not seen. Counts only.
 */
export async function GET() {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  const { session } = guard;
  return json(
    await inboxCounts(session.user.id, can(session.permissions, 'vault.requests:approve')),
  );
}
