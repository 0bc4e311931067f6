'use client';

import Link from 'next/link';
import { DisplayControls } from './display-controls';
import type { NavItem } from './nav-items';
import { NavLink } from './nav-link';

/** The sidebar's content: brand, navigation, display settings. Used by the sidebar and the drawer. */
export function NavPanel({
  nav,
  local,
  onNavigate,
}: {
  nav: NavItem[];
  local: boolean;
  onNavigate?: () => void;
}) {
  return (
    <>
      <Link
        prefetch={false}
        href="/orgs"
        onClick={onNavigate}
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
      <nav aria-label="Main" className="flex flex-col gap-1" onClick={onNavigate}>
        {nav.map((n) => (
          <NavLink key={n.href} href={n.href}>
            {n.label}
          </NavLink>
        ))}
      </nav>
      <div className="mt-6 border-t border-slate-700 pt-4">
        <DisplayControls />
      </div>
      {local ? (
        <p className="mt-auto rounded-md bg-amber-400/10 px-3 py-2 text-xs text-amber-200 ring-1 ring-amber-400/30">
          Local mode: data comes from the bundled WorkOS emulator.
        </p>
      ) : null}
    </>
  );
}
