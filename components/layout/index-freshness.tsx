'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
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
    // Poll faster while a build runs, so its progress (and its end) shows promptly.
    refetchInterval: (query) => (query.state.data?.build.status === 'ready' ? 10_000 : 2_000),
  });
  const now = useNow();
  const router = useRouter();
  const building = useRef(false);
  const status = data?.build.status;
  useEffect(() => {
    if (!status) return;
    // The page was rendered from a partial index: re-render it from the finished one.
    if (status === 'ready' && building.current) router.refresh();
    building.current = status !== 'ready';
  }, [status, router]);
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
