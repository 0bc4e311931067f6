'use client';

import { useEffect, useRef } from 'react';
import { trapTab } from './focus-trap';
import type { NavItem } from './nav-items';

/** The `?` overlay: every keyboard shortcut the console has. Navigation and search only. */
export function ShortcutsOverlay({
  nav,
  mac,
  onClose,
}: {
  nav: NavItem[];
  mac: boolean;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const before = document.activeElement as HTMLElement | null;
    d?.showModal();
    return () => before?.focus();
  }, []);
  const rows: [string, string][] = [
    [mac ? '⌘ K' : 'Ctrl K', 'Open the jump-to palette'],
    ['/', 'Open the jump-to palette'],
    ['↑ ↓, Enter', 'Move through palette results, open one'],
    ['Esc', 'Close the palette, this overlay or the menu'],
    ['?', 'Show this list'],
    ...nav.map((n): [string, string] => [`g then ${n.key}`, `Go to ${n.label}`]),
  ];
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[32rem] max-w-[calc(100vw-2rem)] rounded-lg bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200"
      onClose={onClose}
      onKeyDown={(e) => trapTab(e, ref.current)}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      <div className="p-5">
        <div className="flex items-start justify-between gap-4">
          <h2 id="shortcuts-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <button
            type="button"
            onClick={() => ref.current?.close()}
            className="rounded-md px-2 py-1 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            Close
          </button>
        </div>
        <table className="mt-4 w-full text-sm">
          <caption className="sr-only">Keyboard shortcuts</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map(([keys, what]) => (
              <tr key={`${keys}-${what}`}>
                <td className="py-1.5 pr-4 whitespace-nowrap">
                  <kbd className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
                    {keys}
                  </kbd>
                </td>
                <td className="py-1.5 text-slate-700">{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-4 text-xs text-slate-600">
          Shortcuts only move around the console. Revealing, copying or saving a value always takes
          a deliberate click or Enter on that button.
        </p>
      </div>
    </dialog>
  );
}
