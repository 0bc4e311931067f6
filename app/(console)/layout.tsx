import { AppShell } from '@/components/layout/app-shell';
import { NoAccess } from '@/components/layout/no-access';
import { requireSession } from '@/lib/auth/session';
import { canSwitchToStaff, staffOrganizationName } from '@/lib/auth/staff';
import { getEnv } from '@/lib/env';
import { ensureIndexSync } from '@/lib/vault/index-runtime';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  if (session.permissions.length === 0) {
    const [name, canSwitch] = await Promise.all([staffOrganizationName(), canSwitchToStaff(session)]);
    return <NoAccess session={session} staffOrgName={name} canSwitch={canSwitch} />;
  }
  void ensureIndexSync().catch((err: unknown) => console.error('[index-sync] could not start:', err instanceof Error ? err.message : err));
  return (
    <AppShell session={session} local={getEnv().mode === 'local'}>
      {children}
    </AppShell>
  );
}
