import { Link } from '@/components/ui/link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td } from '@/components/ui/table';
import type { ActivityRow } from '@/lib/activity/queries';
import {
  ACTIVITY_FILTERS,
  actorLabel,
  FILTER_LABELS,
  KIND_LABELS,
  type ActivityFilter,
} from '@/lib/activity/labels';
import type { ActivityKind } from '@/lib/activity/store';
import { cn } from '@/lib/cn';
import { paths } from '@/lib/paths';

const TONE: Record<ActivityKind, BadgeTone> = {
  'vault.data.created': 'green',
  'vault.data.updated': 'indigo',
  'vault.data.read': 'amber',
  'vault.metadata.read': 'neutral',
  'vault.data.deleted': 'red',
};

type Run = { first: ActivityRow; count: number; oldest: ActivityRow };

/** Consecutive events of one kind by one actor (page loads describe an object twice) fold into one row. */
function runs(rows: ActivityRow[]): Run[] {
  const out: Run[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (
      last &&
      last.first.event === r.event &&
      last.first.actorId === r.actorId &&
      last.first.actorSource === r.actorSource
    ) {
      last.count++;
      last.oldest = r;
    } else out.push({ first: r, count: 1, oldest: r });
  }
  return out;
}

/**
 * Who created, changed, read or described this object, from the console's copy of WorkOS Vault
 * events. Names and times only: an event carries no value, so metadata-only roles see it too.
 */
export function ActivityPanel({
  objectId,
  rows,
  filter,
  nextCursor,
  isFirstPage,
  horizon,
  retentionDays,
  syncedAt,
}: {
  objectId: string;
  rows: ActivityRow[];
  filter: ActivityFilter;
  nextCursor: string | null;
  isFirstPage: boolean;
  horizon: Date | null;
  retentionDays: number;
  syncedAt: string | null;
}) {
  const href = (f: ActivityFilter, cursor?: string | null) =>
    `${paths.object(objectId, { activity: f === 'all' ? null : f, activity_after: cursor })}#activity`;
  return (
    <div>
      <nav aria-label="Activity kind" className="flex flex-wrap gap-2 px-5 pt-4">
        {ACTIVITY_FILTERS.map((f) => (
          <Link
            key={f}
            href={href(f)}
            aria-current={f === filter ? 'page' : undefined}
            className={cn(
              'rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset',
              f === filter
                ? 'bg-indigo-600 text-white ring-indigo-600'
                : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
            )}
          >
            {FILTER_LABELS[f]}
          </Link>
        ))}
      </nav>
      <p className="px-5 pt-3 text-xs text-slate-600" data-testid="activity-horizon">
        {horizon ? (
          <>
            The console’s copy of Vault events reaches back to{' '}
            <RelativeTime date={horizon} show="absolute" />; it keeps {retentionDays} days (WorkOS
            keeps 30).
          </>
        ) : (
          <>The console holds no Vault events yet; it keeps them {retentionDays} days.</>
        )}{' '}
        {syncedAt ? (
          <>
            Last brought up to date <RelativeTime date={syncedAt} />.
          </>
        ) : null}
      </p>
      {rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">
          {filter === 'all'
            ? 'No activity recorded for this object in the console’s event history.'
            : `No “${FILTER_LABELS[filter]}” events recorded for this object.`}
        </p>
      ) : (
        <div className="mt-3">
          <Table caption="Object activity, newest first" columns={['What', 'Who', 'From', 'When']}>
            {runs(rows).map(({ first: r, count, oldest }) => (
              <tr key={r.id}>
                <Td>
                  <Badge tone={TONE[r.event]}>{KIND_LABELS[r.event]}</Badge>
                  {count > 1 ? (
                    <span className="ml-1 text-xs text-slate-600">× {count}</span>
                  ) : null}
                </Td>
                <Td className="text-slate-800">{actorLabel(r.actorId, r.actorName)}</Td>
                <Td kind="muted">{r.actorSource ?? 'not given'}</Td>
                <Td kind="time">
                  <RelativeTime date={r.occurredAt} show="absolute" />
                  {count > 1 ? (
                    <span className="block text-xs text-slate-600">
                      from <RelativeTime date={oldest.occurredAt} show="absolute" />
                    </span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {nextCursor || !isFirstPage ? (
        <div className="flex gap-4 px-5 py-3 text-sm">
          {!isFirstPage ? (
            <Link href={href(filter)} className="text-indigo-700 underline">
              Newest
            </Link>
          ) : null}
          {nextCursor ? (
            <Link href={href(filter, nextCursor)} className="text-indigo-700 underline">
              Older activity
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
