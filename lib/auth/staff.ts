import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { getWorkOS } from '../workos/client';
import type { ConsoleSession } from './session';

/** The staff organization's display name (cached), for messages. */
export async function staffOrganizationName(): Promise<string> {
  const { staffOrganizationId } = getEnv();
  const db = await getDb();
  const cached = await db.query<{ name: string }>('select name from org_cache where id = $1', [
    staffOrganizationId,
  ]);
  if (cached.rows[0]) return cached.rows[0].name;
  try {
    const org = await getWorkOS().organizations.getOrganization(staffOrganizationId);
    await db.query(
      'insert into org_cache (id, name) values ($1, $2) on conflict (id) do update set name = excluded.name, updated_at = now()',
      [org.id, org.name],
    );
    return org.name;
  } catch {
    return 'the staff organization';
  }
}

/**
 * Whether this user has an active membership in the staff organization (to offer a switch).
 * Customer-organization sessions land on the 403 page on every view, so the answer is cached in
 * the console database for MEMBERSHIP_CACHE_SECONDS: a scripted customer user cannot spend the
 * console's WorkOS rate limit by reloading (F12).
 */
export async function canSwitchToStaff(session: ConsoleSession): Promise<boolean> {
  if (session.isStaffSession) return false;
  const { staffOrganizationId, membershipCacheSeconds } = getEnv();
  const db = await getDb();
  const cached = await db.query<{ active: boolean }>(
    `select active from membership_cache
     where user_id = $1 and org_id = $2 and checked_at > now() - make_interval(secs => $3)`,
    [session.user.id, staffOrganizationId, membershipCacheSeconds],
  );
  if (cached.rows[0]) return cached.rows[0].active;
  let active: boolean;
  try {
    const list = await getWorkOS().userManagement.listOrganizationMemberships({
      userId: session.user.id,
      organizationId: staffOrganizationId,
    });
    active = list.data.some((m) => m.status === 'active');
  } catch {
    return false; // not cached: a WorkOS hiccup should not stick
  }
  await db.query(
    `insert into membership_cache (user_id, org_id, active, checked_at) values ($1, $2, $3, now())
     on conflict (user_id, org_id) do update set active = excluded.active, checked_at = now()`,
    [session.user.id, staffOrganizationId, active],
  );
  return active;
}
