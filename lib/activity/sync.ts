import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { getState, setState } from '../db/state';
import { readEventStream } from '../events/cursor';
import { ACTIVITY_EVENTS, pruneActivity, storeActivityEvent, type RawVaultEvent } from './store';

const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Copies Vault data events into vault_activity, incrementally (own cursor in index_state), from the
 * same pass that keeps the index. Read raw (snake_case, as the spec and webhooks shape them) so
 * both paths store identical rows. Repeats are dropped by event id. Once an hour, events older
 * than the retention go.
 */
export async function syncActivityEvents(
  db: Db,
  workos: WorkOS,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  retentionDays: number,
): Promise<number> {
  let stored = 0;
  try {
    await readEventStream(
      db,
      'activity_events_cursor',
      async (q) => {
        const res = await call(() =>
          workos.get('/events', {
            query: {
              events: ACTIVITY_EVENTS.join(','),
              order: q.order,
              limit: q.limit,
              ...(q.after ? { after: q.after } : {}),
              ...(q.rangeStart ? { range_start: q.rangeStart.toISOString() } : {}),
            },
          }),
        );
        const page = res.data as {
          data: RawVaultEvent[];
          list_metadata?: { after?: string | null };
        };
        return {
          data: page.data.map((e) => ({ ...e, createdAt: new Date(e.created_at) })),
          hasMore: Boolean(page.list_metadata?.after),
        };
      },
      async (e) => {
        if (await storeActivityEvent(db, e)) stored++;
      },
      { maxPages: 50 },
    );
    await setState(db, 'activity_synced_at', new Date().toISOString());
    await setState(db, 'activity_error', '');
  } catch (err) {
    // The index pass goes on; the activity panel shows when its copy was last brought up to date.
    const status = (err as { status?: unknown }).status;
    await setState(
      db,
      'activity_error',
      `Events API ${typeof status === 'number' ? `HTTP ${status}` : 'unreachable'}`,
    );
  }
  const pruned = Date.parse((await getState<string>(db, 'activity_pruned_at')) ?? '');
  if (!Number.isFinite(pruned) || Date.now() - pruned > PRUNE_INTERVAL_MS) {
    await pruneActivity(db, retentionDays);
    await setState(db, 'activity_pruned_at', new Date().toISOString());
  }
  return stored;
}
