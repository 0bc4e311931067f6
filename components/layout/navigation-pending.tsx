'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

/** How long a click may stay "on its way" before the bar gives up (a failed or replaced one). */
const GIVE_UP_MS = 15_000;

/**
 * Shows at once that a click on a console link is on its way: a bar across the top, announced
 * to screen readers, and `<html data-nav-pending>` (globals.css dims the page after 300 ms). It
 * ends when the URL changes. The organization and object pages have no loading skeleton on
 * purpose: a route's skeleton is a Suspense fallback, and React then holds the arriving page
 * until 300 ms after the skeleton appeared, which made half of all clicks take ~350 ms instead
 * of ~70 (docs/decisions.md, round 11). The old page stays, marked as pending, until the new one
 * is ready.
 */
export function NavigationPending() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const where = `${pathname}?${search}`;
  const current = useRef(where);
  const [pendingFrom, setPendingFrom] = useState<string | null>(null);
  // Pending only while the URL is still the one the click left from.
  const active = pendingFrom !== null && pendingFrom === where;

  useEffect(() => {
    current.current = where;
  }, [where]);

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      // Only the router's own navigations: `next/link` cancels the browser's. A plain link (an
      // export, a download) is the browser's to load, and the URL of this page never changes.
      if (!e.defaultPrevented) return;
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = (e.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement)) return;
      if ((link.target && link.target !== '_self') || link.hasAttribute('download')) return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin) return;
      if (to.pathname === window.location.pathname && to.search === window.location.search) return;
      setPendingFrom(current.current);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  useEffect(() => {
    if (!active) return;
    document.documentElement.dataset.navPending = '';
    const giveUp = setTimeout(() => setPendingFrom(null), GIVE_UP_MS);
    return () => {
      clearTimeout(giveUp);
      delete document.documentElement.dataset.navPending;
    };
  }, [active]);

  // The live region is always there, so a screen reader hears the text when it appears.
  return (
    <>
      <div role="status" className="sr-only">
        {active ? 'Loading the page…' : ''}
      </div>
      {active ? <div aria-hidden className="nav-pending" data-testid="navigation-pending" /> : null}
    </>
  );
}
