'use client';

import { useTimePref } from '@/components/prefs/display-prefs';
import { formatRelative } from '@/lib/format';
import { formatInZone } from '@/lib/ui-prefs';
import { useNow } from './use-now';

/**
 * "12 s ago", ticking; or with show="absolute", the time in the chosen zone (UTC or local). The
 * title always carries the exact ISO time, and the absolute time in the chosen zone.
 */
export function RelativeTime({
  date,
  className,
  show = 'relative',
}: {
  date: string | Date | null | undefined;
  className?: string;
  show?: 'relative' | 'absolute';
}) {
  const now = useNow();
  const pref = useTimePref();
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === 'string' ? new Date(date) : date;
  const iso = d.toISOString();
  const absolute = formatInZone(d, pref);
  const relative = now === null ? null : formatRelative(d, now);
  return (
    <time
      dateTime={iso}
      title={show === 'absolute' ? `${relative ?? iso} · ${iso}` : `${absolute} · ${iso}`}
      className={className}
    >
      {show === 'absolute' || relative === null ? absolute : relative}
    </time>
  );
}
