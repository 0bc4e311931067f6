'use client';

import { useMemo } from 'react';
import { cn } from '@/lib/cn';
import { diffCounts, lineDiff } from '@/lib/diff/line-diff';

/**
 * What a save would change, line by line: the value edit-load revealed against the text in the
 * editor. Built in the browser from what the person already has; nothing is sent anywhere.
 */
export function ValueDiff({
  before,
  after,
  label,
}: {
  before: string;
  after: string;
  label: string;
}) {
  const lines = useMemo(() => lineDiff(before, after), [before, after]);
  if (!lines)
    return (
      <p className="text-sm text-slate-600">The value is too large to compare line by line.</p>
    );
  const { added, removed } = diffCounts(lines);
  return (
    <section aria-label={label} className="rounded-md ring-1 ring-slate-200">
      <p className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-700">
        {label}: <span className="text-emerald-800">{added} added</span>,{' '}
        <span className="text-red-800">{removed} removed</span>{' '}
        <span className="text-slate-500">(shows values; only in your browser)</span>
      </p>
      <pre className="max-h-72 overflow-auto font-mono text-xs leading-5">
        {lines.map((l, i) => (
          <div
            key={i}
            data-diff={l.op}
            className={cn(
              'px-3 whitespace-pre-wrap break-all',
              l.op === 'add' && 'bg-emerald-50 text-emerald-900',
              l.op === 'del' && 'bg-red-50 text-red-900',
            )}
          >
            <span aria-hidden="true" className="mr-2 select-none text-slate-400">
              {l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' '}
            </span>
            <span className="sr-only">
              {l.op === 'add' ? 'added: ' : l.op === 'del' ? 'removed: ' : ''}
            </span>
            {l.text}
          </div>
        ))}
      </pre>
    </section>
  );
}

/** Mine against theirs after a conflict, side by side (stacked on phones). */
export function SideBySide({
  mine,
  theirs,
  theirsVersion,
}: {
  mine: string;
  theirs: string;
  theirsVersion: string;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="compare-theirs">
      <section aria-label="Your text">
        <h3 className="mb-1 text-xs font-semibold text-slate-700">Yours (not saved)</h3>
        <pre className="max-h-72 overflow-auto rounded-md bg-white p-2 font-mono text-xs whitespace-pre-wrap break-all ring-1 ring-slate-200">
          {mine}
        </pre>
      </section>
      <section aria-label="Their version">
        <h3 className="mb-1 text-xs font-semibold text-slate-700">
          Theirs (version <code className="font-mono">{theirsVersion}</code>)
        </h3>
        <pre className="max-h-72 overflow-auto rounded-md bg-white p-2 font-mono text-xs whitespace-pre-wrap break-all ring-1 ring-slate-200">
          {theirs}
        </pre>
      </section>
      <div className="sm:col-span-2">
        <ValueDiff before={theirs} after={mine} label="From theirs to yours" />
      </div>
    </div>
  );
}
