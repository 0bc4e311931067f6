'use client';

import { useQuery } from '@tanstack/react-query';
import { formatCount, formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/query/keys';
import { useNow } from '@/components/ui/use-now';

type Status = {
  build: { status: 'pending' | 'building' | 'ready'; described: number; listed: number };
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  objectCount: number;
};

async function fetchStatus(): Promise<Status> {
  const res = await fetch('/api/index/status', { cache: 'no-store' });
  if (!res.ok) throw new Error(`index status ${res.status}`);
  return res.json() as Promise<Status>;
}

/** "Index: 80 objects · indexed 12 s ago", polled; the console keeps its own context index. */
export function IndexFreshness() {
  const { data, isError } = useQuery({
    queryKey: queryKeys.indexStatus,
    queryFn: fetchStatus,
    refetchInterval: 10_000,
  });
  const now = useNow();
  let text = 'Index: checking…';
  let tone = 'text-slate-500';
  if (isError) {
    text = 'Index status unavailable';
    tone = 'text-amber-700';
  } else if (data) {
    const failing = data.lastErrorAt && (!data.lastSyncAt || data.lastErrorAt > data.lastSyncAt);
    if (data.build.status !== 'ready') {
      text = `Building index… ${formatCount(data.objectCount)} objects so far`;
      tone = 'text-indigo-700';
    } else {
      text = `Index: ${formatCount(data.objectCount)} objects · indexed ${data.lastSyncAt ? (now === null ? 'recently' : formatRelative(new Date(data.lastSyncAt), now)) : 'never'}`;
    }
    if (failing) {
      text += ' · last sync failed';
      tone = 'text-amber-700';
    }
  }
  return (
    <p className={`text-xs ${tone}`} aria-live="polite" data-testid="index-freshness">
      {text}
    </p>
  );
}
