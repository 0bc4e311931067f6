import { AppShell } from '@/components/layout/app-shell';
import { forbidden } from 'next/navigation';
import { requireSession } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { ensureIndexSync } from '@/lib/index/runtime';
import { seedDemoApprovals } from '@/lib/approvals/demo';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  // Signed in but without any console permission: the 403 page explains who, why and what next.
  if (session.permissions.length === 0) forbidden();
  void ensureIndexSync().catch((err: unknown) =>
    console.error('[index-sync] could not start:', err instanceof Error ? err.message : err),
  );
  void seedDemoApprovals().catch((err: unknown) =>
    console.error('[approvals] demo seed failed:', err instanceof Error ? err.name : 'error'),
  );
  return (
    <AppShell session={session} local={getEnv().mode === 'local'}>
      {children}
    </AppShell>
  );
}
