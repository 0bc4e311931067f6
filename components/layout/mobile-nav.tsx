'use client';

import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NavItem } from './nav-items';
import { NavPanel } from './nav-panel';
import { trapTab } from './focus-trap';

/**
 * Below the md breakpoint the sidebar is hidden; this menu button opens the same navigation as a
 * modal drawer (a native <dialog>: the page behind is inert, Esc closes it, Tab stays inside).
 */
export function MobileNav({ nav, local, who }: { nav: NavItem[]; local: boolean; who: string }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();

  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) {
      d.close();
      button.current?.focus();
    }
  }, [open]);

  // A navigation (link click, back button) closes the drawer.
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    if (open) setOpen(false);
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className="-ml-1 rounded-md p-2 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 md:hidden"
        aria-label="Open navigation menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="currentColor">
          <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
        </svg>
      </button>
      <dialog
        ref={dialog}
        aria-label="Navigation"
        className="keep-colors m-0 h-dvh max-h-none w-72 max-w-[85vw] bg-slate-900 p-0 text-slate-100 backdrop:bg-slate-950/60 md:hidden"
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
        onClose={close}
        onKeyDown={(e) => trapTab(e, dialog.current)}
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself, outside its panel) closes it.
          if (e.target === dialog.current) close();
        }}
      >
        {open ? (
          <div className="flex h-full flex-col px-3 py-5">
            <div className="mb-4 flex items-start justify-between gap-2">
              <p className="min-w-0 px-3 text-xs break-words text-slate-300">Signed in as {who}</p>
              <button
                type="button"
                onClick={close}
                className="rounded-md px-2 py-1 text-sm text-slate-200 ring-1 ring-slate-600 hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-400"
              >
                Close menu
              </button>
            </div>
            <NavPanel nav={nav} local={local} onNavigate={close} />
          </div>
        ) : null}
      </dialog>
    </>
  );
}
