import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { getState, setState } from '../db/state';
import { nextListCursor } from './sdk-row';
import { LIST_FILTER_STATE, WATERMARK_MARGIN_MS, type ListFilterState } from './updated-after';

/**
 * Where WorkOS ignores or refuses `updated_after`, the index builder (build.ts) falls back to a
 * bounded full walk of the list. This module holds that fallback and the record of why it runs.
 */

type ListPage = Awaited<ReturnType<WorkOS['vault']['listObjects']>>;

/**
 * A list with updated_after returned objects older than the watermark (WorkOS ignored the filter)
 * or refused it: say so once, and stop paging the whole list on every pass; the bounded walk takes
 * over until the filter is tried again.
 */
export async function recordFilterIgnored(
  db: Db,
  since: Date,
  known: boolean,
  walkIntervalMs: number,
  rejected?: number,
): Promise<void> {
  if (!known)
    console.warn(
      `[index-sync] WorkOS ${rejected ? `refused updated_after (HTTP ${rejected})` : `ignored updated_after (objects older than ${since.toISOString()} came back)`}; falling back to a bounded full walk every ${Math.round(walkIntervalMs / 1000)} s`,
    );
  await setState(db, 'updated_after_ignored_at', new Date().toISOString());
  await setState(db, LIST_FILTER_STATE, {
    mode: rejected ? 'rejected' : 'ignored',
    status: rejected ?? null,
    since: new Date().toISOString(),
  } satisfies ListFilterState);
}

/**
 * The fallback walk: a full list walk, at most `pagesPerPass` pages per pass (resuming from a
 * saved cursor), started again only every `intervalMs`. Known ids cost no request; new ids are
 * described by the builder's `absorbPage`. When a walk ends, everything changed before it began
 * is in the index, so the watermark moves to its start.
 */
export async function boundedWalk(w: {
  db: Db;
  /** One list page after `after`, through the process's WorkOS budget. */
  list: (after: string | null) => Promise<ListPage>;
  absorbPage: (page: ListPage) => Promise<number>;
  stopped: () => boolean;
  intervalMs: number;
  pagesPerPass: number;
}): Promise<void> {
  type Walk = { cursor: string | null; startedAt: string | null; finishedAt: string | null };
  const walk = (await getState<Walk>(w.db, 'fallback_walk')) ?? {
    cursor: null,
    startedAt: null,
    finishedAt: null,
  };
  if (!walk.cursor && walk.finishedAt && Date.now() - Date.parse(walk.finishedAt) < w.intervalMs)
    return;
  if (!walk.cursor) walk.startedAt = new Date().toISOString();
  for (let pages = 0; pages < w.pagesPerPass && !w.stopped(); pages++) {
    const page = await w.list(walk.cursor);
    await w.absorbPage(page);
    walk.cursor = nextListCursor(page);
    if (!walk.cursor) {
      walk.finishedAt = new Date().toISOString();
      await setState(
        w.db,
        'watermark',
        new Date(Date.parse(walk.startedAt!) - WATERMARK_MARGIN_MS).toISOString(),
      );
      break;
    }
  }
  await setState(w.db, 'fallback_walk', walk);
}
