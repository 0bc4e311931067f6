'use client';

import { Suspense } from 'react';
import { Link } from '@/components/ui/link';
import { InboxBadge } from '@/components/approvals/inbox-badge';
import { CommandBar } from './command-bar';
import { IndexFreshness } from './index-freshness';
import { MobileNav } from './mobile-nav';
import { NavigationPending } from './navigation-pending';
import { NavPanel } from './nav-panel';
import { SignOutButton } from './sign-out-button';

export type ShellNavItem = { href: string; label: string; key: string };

/**
 * The console's frame: skip link, sidebar, header, main. A client component so that each page's
 * payload carries these props (who, which pages, which controls) rather than the frame's whole
 * element tree a second time beside its HTML; what it shows is decided on the server (app-shell.tsx).
 */
export function ShellFrame({
  nav,
  local,
  userName,
  userEmail,
  roleLabel,
  canSearch,
  earlyShortcuts,
  children,
}: {
  nav: ShellNavItem[];
  local: boolean;
  userName: string;
  userEmail: string;
  roleLabel: string;
  canSearch: boolean;
  earlyShortcuts: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      {/* useSearchParams: a boundary of its own, so it can never hold the frame back. */}
      <Suspense fallback={null}>
        <NavigationPending />
      </Suspense>
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
            <MobileNav nav={nav} local={local} who={`${userName} · ${roleLabel}`} />
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
            {earlyShortcuts}
            {canSearch ? <InboxBadge /> : null}
            <CommandBar nav={nav} canSearch={canSearch} />
            <div className="hidden text-right leading-tight lg:block">
              <p className="text-sm font-medium text-slate-900">{userName}</p>
              <p className="text-xs text-slate-500">
                {userEmail} · {roleLabel}
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
