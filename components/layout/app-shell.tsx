import { Link } from '@/components/ui/link';
import type { ConsoleSession } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { InboxBadge } from '@/components/approvals/inbox-badge';
import { CommandBar } from './command-bar';
import { EarlyShortcutsScript } from './early-shortcuts-script';
import { IndexFreshness } from './index-freshness';
import { MobileNav } from './mobile-nav';
import { NAV } from './nav-items';
import { NavPanel } from './nav-panel';
import { SignOutButton } from './sign-out-button';

export function AppShell({
  session,
  children,
  local,
}: {
  session: ConsoleSession;
  children: React.ReactNode;
  local: boolean;
}) {
  const roleLabel = session.role
    ? session.role.charAt(0).toUpperCase() + session.role.slice(1)
    : 'No role';
  // Only pages this person may open: the sidebar, the drawer, the palette and the shortcuts.
  const nav = NAV.filter((n) => can(session.permissions, n.permission)).map(
    ({ href, label, key }) => ({ href, label, key }),
  );
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm"
      >
        Skip to content
      </a>
      <aside className="keep-colors hidden w-60 shrink-0 flex-col bg-slate-900 px-3 py-5 md:flex">
        <NavPanel nav={nav} local={local} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <MobileNav nav={nav} local={local} who={`${session.user.name} · ${roleLabel}`} />
            <Link
              href="/orgs"
              className="text-sm font-semibold whitespace-nowrap text-slate-900 md:hidden"
            >
              Vault Console
            </Link>
          </div>
          <div className="order-last w-full sm:order-none sm:mr-auto sm:w-auto">
            <IndexFreshness />
          </div>
          <div className="flex min-w-0 items-center gap-2 sm:gap-3">
            <EarlyShortcutsScript />
            {can(session.permissions, 'vault.metadata:read') ? <InboxBadge /> : null}
            <CommandBar nav={nav} canSearch={can(session.permissions, 'vault.metadata:read')} />
            <div className="hidden text-right leading-tight lg:block">
              <p className="text-sm font-medium text-slate-900">{session.user.name}</p>
              <p className="text-xs text-slate-500">
                {session.user.email} · {roleLabel}
              </p>
            </div>
            <SignOutButton />
          </div>
        </header>
        <main
          id="main"
          className="mx-auto w-full max-w-7xl min-w-0 flex-1 px-4 py-6 sm:px-6 sm:py-8"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
