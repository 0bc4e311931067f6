'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** "Running, ends in 12:03", ticking; re-renders the page when it reaches zero. */
export function GrantCountdown({ until }: { until: string }) {
  const router = useRouter();
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (left === 0) router.refresh();
  }, [left, router]);
  const m = Math.floor(left / 60);
  const s = String(left % 60).padStart(2, '0');
  return (
    <span data-testid="grant-countdown" suppressHydrationWarning>
      Running, ends in{' '}
      <span className="font-mono font-semibold">
        {m}:{s}
      </span>{' '}
      ({new Date(until).toISOString().slice(11, 16)} UTC)
    </span>
  );
}
