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

/** Whether this user has an active membership in the staff organization (to offer a switch). */
export async function canSwitchToStaff(session: ConsoleSession): Promise<boolean> {
  if (session.isStaffSession) return false;
  try {
    const list = await getWorkOS().userManagement.listOrganizationMemberships({
      userId: session.user.id,
      organizationId: getEnv().staffOrganizationId,
    });
    return list.data.some((m) => m.status === 'active');
  } catch {
    return false;
  }
}
