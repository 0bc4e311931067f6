'use client';

// A client component for its size on the wire, not for state: each route's loading state is
// serialised into the payload of every page below it, and a client component travels there as
// a reference and three props instead of its whole element tree.
import { cn } from '@/lib/cn';

/** A grey placeholder block. */
function Bone({ className }: { className?: string }) {
  return <div aria-hidden className={cn('animate-pulse rounded bg-slate-200', className)} />;
}

/** A route-level loading state: header, optional tabs, then a card of rows or panels. */
export function PageSkeleton({
  label,
  rows = 6,
  tabs = false,
  aside = false,
}: {
  label: string;
  rows?: number;
  tabs?: boolean;
  aside?: boolean;
}) {
  const table = (
    <div className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
      <Bone className="mb-4 h-4 w-40" />
      <div className="space-y-3">
        {Array.from({ length: rows }, (_, i) => (
          <Bone key={i} className={cn('h-5', i % 3 === 2 ? 'w-2/3' : 'w-full')} />
        ))}
      </div>
    </div>
  );
  return (
    <div role="status" aria-live="polite" data-testid="page-skeleton">
      <span className="sr-only">{label}</span>
      <Bone className="mb-2 h-4 w-28" />
      <Bone className="mb-2 h-7 w-64 max-w-full" />
      <Bone className="mb-6 h-4 w-96 max-w-full" />
      {tabs ? (
        <div className="mb-4 flex gap-3">
          <Bone className="h-8 w-24" />
          <Bone className="h-8 w-24" />
        </div>
      ) : null}
      {aside ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            {table}
            {table}
          </div>
          <div className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
            <Bone className="h-24 w-full" />
          </div>
        </div>
      ) : (
        table
      )}
    </div>
  );
}
