'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { EARLY_SHORTCUTS_KEY, type EarlyShortcuts } from './early-shortcuts';
import type { NavItem } from './nav-items';

// Loaded on first use only: neither is part of any page's first-load JavaScript.
const CommandPalette = dynamic(() => import('./command-palette').then((m) => m.CommandPalette), {
  ssr: false,
});
const ShortcutsOverlay = dynamic(
  () => import('./shortcuts-overlay').then((m) => m.ShortcutsOverlay),
  { ssr: false },
);

const noSubscribe = () => () => {};

/**
 * True when a key goes to a field the person is typing in. A field inside a dialog the browser has
 * just closed (Escape) may still hold focus for a moment; nobody is typing there.
 */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName || !el.isConnected) return false;
  const dialog = el.closest('dialog');
  if (dialog && !dialog.open) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase());
}

const preloadDialogs = () => {
  void import('./command-palette');
  void import('./shortcuts-overlay');
};

/**
 * The header's "Jump to…" button and the console's keyboard shortcuts. Every shortcut navigates
 * or opens a dialog; none reveals, copies or saves anything.
 */
export function CommandBar({ nav, canSearch }: { nav: NavItem[]; canSearch: boolean }) {
  const router = useRouter();
  // Each opening is its own request (`n`): the browser closes a dialog on Escape at once but tells
  // React a moment later, so a shortcut pressed in between must open a new dialog, and the late
  // close event of the old one must not close it.
  const [open, setOpen] = useState<{ what: 'palette' | 'shortcuts'; n: number } | null>(null);
  const requests = useRef(0);
  const show = useCallback(
    (what: 'palette' | 'shortcuts') => setOpen({ what, n: ++requests.current }),
    [],
  );
  const closeIfCurrent = (n: number) => () => setOpen((o) => (o?.n === n ? null : o));
  const pendingG = useRef<number>(0);
  // Apple keyboards say ⌘K; false during server rendering, so the markup matches.
  const mac = useSyncExternalStore(
    noSubscribe,
    () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent),
    () => false,
  );

  // Take over from the page's first script: a shortcut pressed while the page was loading opens
  // now. Then fetch both dialogs while the browser is idle, so the first opening waits on nothing.
  useEffect(() => {
    const early = (window as unknown as Record<string, EarlyShortcuts | undefined>)[
      EARLY_SHORTCUTS_KEY
    ];
    if (early) {
      early.live = true;
      if (early.pending) show(early.pending);
      early.pending = null;
      document.documentElement.removeAttribute('data-shortcut-pending');
    }
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
    idle(preloadDialogs);
  }, [show]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented) return;
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const n = ++requests.current;
        // A toggle, by what is on screen: a palette the browser already closed opens again.
        setOpen((o) =>
          o?.what === 'palette' && document.querySelector('dialog[open]')
            ? null
            : { what: 'palette', n },
        );
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return; // another dialog has the keyboard
      if (e.key === '/') {
        e.preventDefault();
        show('palette');
      } else if (e.key === '?') {
        e.preventDefault();
        show('shortcuts');
      } else if (e.key === 'g') {
        pendingG.current = Date.now();
      } else if (Date.now() - pendingG.current < 1500) {
        pendingG.current = 0;
        const target = nav.find((n) => n.key === e.key);
        if (target) {
          e.preventDefault();
          router.push(target.href);
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nav, router, show]);

  return (
    <>
      <button
        type="button"
        onClick={() => show('palette')}
        aria-keyshortcuts="Control+K Meta+K /"
        className="flex items-center gap-2 rounded-md bg-white px-2.5 py-1.5 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65-1.06 1.06-3.65-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
        </svg>
        <span>Jump to…</span>
        <kbd className="hidden rounded bg-slate-100 px-1.5 font-sans text-xs text-slate-600 sm:inline">
          {mac ? '⌘K' : 'Ctrl K'}
        </kbd>
      </button>
      <button
        type="button"
        onClick={() => show('shortcuts')}
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        className="hidden rounded-md px-2 py-1.5 text-sm font-semibold text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:block"
      >
        ?
      </button>
      {open?.what === 'palette' ? (
        <CommandPalette
          key={open.n}
          pages={nav}
          canSearch={canSearch}
          onClose={closeIfCurrent(open.n)}
        />
      ) : null}
      {open?.what === 'shortcuts' ? (
        <ShortcutsOverlay key={open.n} nav={nav} mac={mac} onClose={closeIfCurrent(open.n)} />
      ) : null}
    </>
  );
}
