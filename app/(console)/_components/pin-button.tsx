'use client';

import { useState, useTransition } from 'react';
import { buttonClass } from '@/components/ui/button';
import { setPinned } from '../actions';

/** A star toggle that pins an organization or object to the person's favourites. */
export function PinButton({
  kind,
  id,
  initiallyPinned,
}: {
  kind: 'org' | 'object';
  id: string;
  initiallyPinned: boolean;
}) {
  const [pinned, setPinnedState] = useState(initiallyPinned);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-pressed={pinned}
        disabled={pending}
        className={buttonClass('secondary', 'md')}
        onClick={() =>
          start(async () => {
            const r = await setPinned({ kind, id, pinned: !pinned });
            if (r.ok) {
              setPinnedState(r.data.pinned);
              setError(null);
            } else setError(r.error.message);
          })
        }
      >
        <span aria-hidden className={pinned ? 'text-amber-600' : 'text-slate-500'}>
          {pinned ? '★' : '☆'}
        </span>
        {pinned ? 'Pinned' : 'Pin'}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
