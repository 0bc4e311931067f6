import { ForbiddenPanel } from '@/components/layout/forbidden-panel';
import { NoAccess } from '@/components/layout/no-access';
import { getSession } from '@/lib/auth/session';
import { canSwitchToStaff, staffOrganizationName } from '@/lib/auth/staff';

export default async function Forbidden() {
  const session = await getSession();
  if (session && session.permissions.length === 0) {
    const [name, canSwitch] = await Promise.all([
      staffOrganizationName(),
      canSwitchToStaff(session),
    ]);
    return <NoAccess session={session} staffOrgName={name} canSwitch={canSwitch} />;
  }
  return (
    <ForbiddenPanel
      session={session ? { email: session.user.email, role: session.role ?? null } : null}
    />
  );
}
