import type { NextRequest } from 'next/server';
import { pendingForApprover, requestsForObject } from '@/lib/approvals/requests';
import { can } from '@/lib/auth/permissions';
import { getDb } from '@/lib/db/client';
import { badQuery, guardQuery, json } from '@/lib/http/json';
import { param } from '@/lib/http/search-params';
import { getIndexedObject } from '@/lib/index/store';

/**
 * What the header badge and an object page poll: how many requests wait for this person's
 * decision, and (with `object`) their own pending request and running grant for that object.
 * Ids and times only; a grant is enforced where it is used, not here.
 */
export async function GET(request: NextRequest) {
  const guard = await guardQuery(request, 'vault.metadata:read', { object: param.text(200) });
  if (!guard.ok) return guard.response;
  if (guard.problems.length) return badQuery(guard.problems);
  const { session, data } = guard;
  const awaitingMe = can(session.permissions, 'vault.requests:approve')
    ? await pendingForApprover(session.user.id)
    : 0;
  if (!data.object) return json({ awaitingMe });
  const indexed = await getIndexedObject(await getDb(), data.object);
  const mine = await requestsForObject(session.user.id, data.object, indexed?.org_id ?? null);
  return json({
    awaitingMe,
    pending: mine.pending
      ? { id: mine.pending.id, expiresAt: mine.pending.expiresAt.toISOString() }
      : null,
    grant: mine.grant
      ? {
          id: mine.grant.id,
          expiresAt: mine.grant.expiresAt.toISOString(),
          scope: mine.grant.objectId ? 'object' : 'organization',
          approvedBy: mine.grant.approvedBy,
        }
      : null,
  });
}
