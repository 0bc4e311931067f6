'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { cn } from '@/lib/cn';
import { trapTab } from './focus-trap';
import type { NavItem } from './nav-items';

type Place = { kind: 'org' | 'object'; id: string; label: string };
type Found = {
  objects: { id: string; name: string; orgId: string | null; orgName: string | null }[];
  orgs: { id: string; name: string }[];
  recent: Place[];
  pinned: Place[];
};
type Item = { key: string; group: string; label: string; detail?: string; href: string };

const EMPTY: Found = { objects: [], orgs: [], recent: [], pinned: [] };

function placeHref(p: Place): string {
  return p.kind === 'org'
    ? `/orgs/${encodeURIComponent(p.id)}`
    : `/objects/${encodeURIComponent(p.id)}`;
}

/**
 * Jump to a page, an organization or an object by name. Searches the console's metadata index
 * through /api/palette (which checks the session and permission itself); never shows or copies
 * a value. Arrow keys move, Enter opens, Esc closes.
 */
export function CommandPalette({
  pages,
  canSearch,
  onClose,
}: {
  pages: NavItem[];
  canSearch: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>(EMPTY);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [remoteOrgs, setRemoteOrgs] = useState<Found['orgs']>([]);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    input.current?.focus();
    return () => before?.focus();
  }, []);

  useEffect(() => {
    if (!canSearch) return;
    const ctrl = new AbortController();
    const timer = setTimeout(
      async () => {
        setStatus('loading');
        try {
          const params = new URLSearchParams({ q: q.slice(0, 100) });
          // Organization names from WorkOS arrive separately, so the index answer never waits.
          if (q.trim())
            void fetch(`/api/palette?${params}&scope=orgs`, { signal: ctrl.signal })
              .then((r) => (r.ok ? (r.json() as Promise<{ orgs: Found['orgs'] }>) : null))
              .then((body) => {
                if (body?.orgs.length) setRemoteOrgs(body.orgs);
              })
              .catch(() => undefined);
          const res = await fetch(`/api/palette?${params}`, {
            signal: ctrl.signal,
            headers: { accept: 'application/json' },
          });
          const body = (await res.json()) as Found & { error?: { message: string } };
          if (!res.ok) {
            setError(body.error?.message ?? `Search failed (HTTP ${res.status}).`);
            setStatus('error');
            setFound(EMPTY);
            return;
          }
          setFound(body);
          setError(null);
          setStatus('idle');
        } catch (err) {
          if ((err as Error).name === 'AbortError') return;
          setError('Search is not answering. Check your connection and try again.');
          setStatus('error');
        }
      },
      q ? 120 : 0,
    );
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, canSearch]);

  const items = useMemo<Item[]>(() => {
    const needle = q.trim().toLowerCase();
    const out: Item[] = [];
    if (!needle) {
      for (const p of found.pinned)
        out.push({
          key: `pin-${p.kind}-${p.id}`,
          group: 'Pinned',
          label: p.label,
          detail: p.kind === 'org' ? 'Organization' : 'Object',
          href: placeHref(p),
        });
      for (const p of found.recent)
        out.push({
          key: `recent-${p.kind}-${p.id}`,
          group: 'Recent',
          label: p.label,
          detail: p.kind === 'org' ? 'Organization' : 'Object',
          href: placeHref(p),
        });
    }
    for (const p of pages)
      if (!needle || p.label.toLowerCase().includes(needle))
        out.push({ key: `page-${p.href}`, group: 'Pages', label: p.label, href: p.href });
    const orgs = [...found.orgs];
    if (needle)
      for (const o of remoteOrgs)
        if (!orgs.some((c) => c.id === o.id) && o.name.toLowerCase().includes(needle)) orgs.push(o);
    for (const o of orgs.slice(0, 6))
      out.push({
        key: `org-${o.id}`,
        group: 'Organizations',
        label: o.name,
        detail: o.id,
        href: `/orgs/${encodeURIComponent(o.id)}`,
      });
    for (const o of found.objects)
      out.push({
        key: `obj-${o.id}`,
        group: 'Objects',
        label: o.name,
        detail: o.orgName ?? o.orgId ?? 'No organization',
        href: `/objects/${encodeURIComponent(o.id)}`,
      });
    return out;
  }, [q, found, pages, remoteOrgs]);

  const current = Math.min(active, Math.max(items.length - 1, 0));
  const optionId = (i: number) => `${listId}-opt-${i}`;

  function go(item: Item | undefined) {
    if (!item) return;
    dialog.current?.close();
    router.push(item.href);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(items.length ? (current + 1) % items.length : 0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(items.length ? (current - 1 + items.length) % items.length : 0);
    } else if (e.key === 'Home') {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      setActive(Math.max(items.length - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(items[current]);
    }
  }

  useEffect(() => {
    document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const groups: { name: string; slug: string; items: { item: Item; i: number }[] }[] = [];
  items.forEach((item, i) => {
    const last = groups[groups.length - 1];
    if (last?.name === item.group) last.items.push({ item, i });
    else
      groups.push({
        name: item.group,
        slug: item.group.toLowerCase(),
        items: [{ item, i }],
      });
  });

  return (
    <dialog
      ref={dialog}
      aria-label="Jump to"
      className="mx-auto mt-[10vh] mb-auto w-[40rem] max-w-[calc(100vw-1.5rem)] rounded-lg bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200"
      onClose={onClose}
      onKeyDown={(e) => trapTab(e, dialog.current)}
      onClick={(e) => {
        if (e.target === dialog.current) dialog.current?.close();
      }}
    >
      <div className="border-b border-slate-200 p-3">
        <label htmlFor={`${listId}-input`} className="sr-only">
          Jump to a page, organization or object
        </label>
        <input
          ref={input}
          id={`${listId}-input`}
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length ? optionId(current) : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder={canSearch ? 'Page, organization or object name…' : 'Page name…'}
          className="w-full rounded-md bg-white px-3 py-2 text-base text-slate-900 ring-1 ring-slate-300 placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
        />
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label="Results"
        className="max-h-[50vh] overflow-y-auto p-2"
      >
        {groups.map((g) => (
          <div key={g.name} role="group" aria-labelledby={`${listId}-${g.slug}`}>
            <div
              id={`${listId}-${g.slug}`}
              className="px-2 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase"
            >
              {g.name}
            </div>
            {g.items.map(({ item, i }) => (
              <div
                key={item.key}
                id={optionId(i)}
                role="option"
                aria-selected={i === current}
                onMouseMove={() => setActive(i)}
                onClick={() => go(item)}
                className={cn(
                  'flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-2 py-1.5 text-sm',
                  i === current ? 'bg-indigo-50 text-indigo-800' : 'text-slate-800',
                )}
              >
                <span className="min-w-0 font-medium break-all">{item.label}</span>
                {item.detail ? (
                  <span className="shrink-0 truncate text-xs text-slate-600">{item.detail}</span>
                ) : null}
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600" aria-live="polite">
        {status === 'error'
          ? error
          : status === 'loading'
            ? 'Searching…'
            : items.length === 0
              ? `Nothing matches “${q}”.`
              : 'Names come from the console’s index; nothing is decrypted. ↑↓ to move, Enter to open, Esc to close.'}
      </p>
    </dialog>
  );
}
