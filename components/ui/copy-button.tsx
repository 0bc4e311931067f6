'use client';

import { useState } from 'react';
import { cn } from '@/lib/cn';

/** Copies a non-secret string (an id, a snippet). Secret values use the reveal flow instead. */
export function CopyButton({
  text,
  label = 'Copy',
  className,
  tone = 'light',
}: {
  text: string;
  label?: string;
  className?: string;
  tone?: 'light' | 'dark';
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={cn(
        'rounded px-1.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-600',
        tone === 'dark'
          ? 'text-slate-200 hover:bg-slate-700 hover:text-white'
          : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
        className,
      )}
      aria-label={`${label}: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 1500);
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
