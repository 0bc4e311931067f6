'use client';

import { formatAbsolute, formatRelative } from '@/lib/format';
import { useNow } from './use-now';

/** "12 s ago", ticking; the absolute time is in the title and the datetime attribute. */
export function RelativeTime({
  date,
  className,
}: {
  date: string | Date | null | undefined;
  className?: string;
}) {
  const now = useNow();
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === 'string' ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} title={formatAbsolute(d)} className={className}>
      {now === null ? formatAbsolute(d) : formatRelative(d, now)}
    </time>
  );
}
