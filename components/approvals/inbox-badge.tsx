'use client';

import { useQuery } from '@tanstack/react-query';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { queryKeys } from '@/lib/query/keys';

type Counts = { awaitingMe: number; unseen: number };

async function fetchCounts(): Promise<Counts> {
  const res = await fetch(paths.inboxStatus(), { cache: 'no-store' });
  if (!res.ok) throw new Error(`inbox status ${res.status}`);
  return (await res.json()) as Counts;
}

/**
 * The header's inbox count: requests waiting for this person's decision (approvers) plus news on
 * their own requests not seen yet; polled. Nothing to show, no badge.
 */
export function InboxBadge() {
  const { data } = useQuery({
    queryKey: queryKeys.inboxStatus(),
    queryFn: fetchCounts,
    refetchInterval: 15_000,
  });
  const total = (data?.awaitingMe ?? 0) + (data?.unseen ?? 0);
  if (!data || total === 0) return null;
  const parts = [
    data.awaitingMe
      ? `${data.awaitingMe} access request${data.awaitingMe === 1 ? '' : 's'} waiting for your decision`
      : null,
    data.unseen
      ? `${data.unseen} decision${data.unseen === 1 ? '' : 's'} on your requests not seen yet`
      : null,
  ].filter(Boolean);
  return (
    <Link
      href={paths.inbox()}
      data-testid="inbox-badge"
      className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-300 ring-inset hover:bg-amber-200"
      aria-label={`Inbox: ${parts.join('; ')}`}
    >
      {total} in inbox
    </Link>
  );
}
