'use client';

import { useQuery } from '@tanstack/react-query';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { queryKeys } from '@/lib/query/keys';

async function fetchAwaiting(): Promise<number> {
  const res = await fetch('/api/requests/status', { cache: 'no-store' });
  if (!res.ok) throw new Error(`request status ${res.status}`);
  return ((await res.json()) as { awaitingMe: number }).awaitingMe;
}

/** The header's "requests waiting for you" count, for approvers; polled. */
export function RequestsBadge() {
  const { data } = useQuery({
    queryKey: queryKeys.requestStatus(null),
    queryFn: fetchAwaiting,
    refetchInterval: 15_000,
  });
  if (!data) return null;
  return (
    <Link
      href={paths.requests()}
      className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-300 ring-inset hover:bg-amber-200"
      aria-label={`${data} access request${data === 1 ? '' : 's'} waiting for your decision`}
    >
      {data} to approve
    </Link>
  );
}
