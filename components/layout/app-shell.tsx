import Link from 'next/link';
import type { ConsoleSession } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/auth/permissions';
import { IndexFreshness } from './index-freshness';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

const NAV: { href: string; label: string; permission: Permission }[] = [
  { href: '/orgs', label: 'Organizations', permission: 'vault.metadata:read' },
  { href: '/search', label: 'Search objects', permission: 'vault.metadata:read' },
  { href: '/byok', label: 'BYOK status', permission: 'vault.byok:read' },
  { href: '/audit', label: 'Audit trail', permission: 'console.audit:read' },
  { href: '/key-tools', label: 'Key tools', permission: 'vault.keys:use' },
  { href: '/settings', label: 'Settings & health', permission: 'vault.metadata:read' },
];

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
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col bg-slate-900 px-3 py-5 md:flex">
        <Link
          prefetch={false}
          href="/orgs"
          className="mb-6 flex items-center gap-2 px-3 text-white"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-indigo-500 text-sm font-bold"
          >
            V
          </span>
          <span className="text-sm font-semibold">Vault Console</span>
        </Link>
        <nav aria-label="Main" className="flex flex-col gap-1">
          {NAV.filter((n) => can(session.permissions, n.permission)).map((n) => (
            <NavLink key={n.href} href={n.href}>
              {n.label}
            </NavLink>
          ))}
        </nav>
        {local ? (
          <p className="mt-auto rounded-md bg-amber-400/10 px-3 py-2 text-xs text-amber-200 ring-1 ring-amber-400/30">
            Local mode: data comes from the bundled WorkOS emulator.
          </p>
        ) : null}
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-6 py-3">
          <div className="flex items-center gap-4">
            <Link
              prefetch={false}
              href="/orgs"
              className="text-sm font-semibold text-slate-900 md:hidden"
            >
              Vault Console
            </Link>
            <IndexFreshness />
          </div>
          <div className="flex items-center gap-3">
            <div className="text-right leading-tight">
              <p className="text-sm font-medium text-slate-900">{session.user.name}</p>
              <p className="text-xs text-slate-500">
                {session.user.email} · {roleLabel}
              </p>
            </div>
            <SignOutButton />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-6 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
