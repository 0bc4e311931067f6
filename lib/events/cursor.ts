import 'server-only';
import type { Db } from '../db/client';
import { getState, setState } from '../db/state';

/** Replies that may mean "this cursor names no event still kept": reset from the last event time. */
const STALE_CURSOR_STATUSES = new Set([400, 404, 410, 422]);

/** The Events API keeps 30 days; a resumed read starts a little inside that window. */
const RETENTION_MS = 30 * 86_400_000;
const RESUME_MARGIN_MS = 60 * 60_000;
/** An empty page after our cursor is checked against the newest event at most this often. */
const PROBE_INTERVAL_MS = 5 * 60_000;

export type CursorEvent = { id: string; createdAt: Date };
export type EventsQuery = {
  after?: string;
  rangeStart?: Date;
  order: 'asc' | 'desc';
  limit: number;
};
export type EventsPage<E extends CursorEvent> = { data: E[]; hasMore: boolean };

/**
 * Reads an event stream forward from a stored cursor, surviving a cursor WorkOS no longer knows.
 * What WorkOS answers to an `after` outside its 30-day window is undocumented, so every plausible
 * answer is handled: 400 or 422 resets the cursor; an empty 200 is checked (at most every five
 * minutes) against the newest event, and a cursor that hides newer events is reset. A reset
 * resumes from the time of the last event seen (inside the window), never from scratch, and
 * re-reading is harmless because every consumer stores events idempotently.
 */
export async function readEventStream<E extends CursorEvent>(
  db: Db,
  key: string,
  fetchPage: (q: EventsQuery) => Promise<EventsPage<E>>,
  onEvent: (e: E) => Promise<void>,
  opts: { maxPages: number; now?: () => number },
): Promise<{ read: number; resets: number }> {
  const now = opts.now ?? Date.now;
  let cursor = (await getState<string>(db, key)) || undefined;
  let cursorAt = (await getState<string>(db, `${key}_at`)) || null;
  let resumeAt = (await getState<string>(db, `${key}_resume_at`)) || null;
  let read = 0;
  let resets = 0;

  const reset = async (why: string) => {
    resets++;
    const floor = now() - RETENTION_MS + RESUME_MARGIN_MS;
    const from = Math.max(cursorAt ? Date.parse(cursorAt) : floor, floor);
    resumeAt = new Date(from).toISOString();
    console.warn(
      `[events] ${key}: cursor ${cursor} is no longer accepted (${why}); resuming from ${resumeAt}`,
    );
    cursor = undefined;
    await setState(db, key, '');
    await setState(db, `${key}_resume_at`, resumeAt);
  };

  for (let pages = 0; pages < opts.maxPages; pages++) {
    let page: EventsPage<E>;
    const usedCursor = cursor;
    try {
      page = await fetchPage({
        order: 'asc',
        limit: 100,
        ...(cursor ? { after: cursor } : resumeAt ? { rangeStart: new Date(resumeAt) } : {}),
      });
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      // What WorkOS answers to an aged-out cursor is undocumented (F3-10): any of these.
      if (usedCursor && resets === 0 && STALE_CURSOR_STATUSES.has(status as number)) {
        await reset(`HTTP ${status}`);
        continue;
      }
      throw err;
    }
    for (const e of page.data) {
      await onEvent(e);
      read++;
    }
    const last = page.data[page.data.length - 1];
    if (last) {
      cursor = last.id;
      cursorAt = last.createdAt.toISOString();
      await setState(db, key, cursor);
      await setState(db, `${key}_at`, cursorAt);
      if (resumeAt) {
        resumeAt = null;
        await setState(db, `${key}_resume_at`, '');
      }
    }
    if (page.data.length === 0 && usedCursor && pages === 0 && resets === 0) {
      if (await staleByProbe(db, key, usedCursor, fetchPage, now)) {
        await reset('an empty page although newer events exist');
        continue;
      }
    }
    if (!page.hasMore || page.data.length === 0) break;
  }
  return { read, resets };
}

/** Is there a newest event other than our cursor, although the cursor returned nothing? */
async function staleByProbe<E extends CursorEvent>(
  db: Db,
  key: string,
  cursor: string,
  fetchPage: (q: EventsQuery) => Promise<EventsPage<E>>,
  now: () => number,
): Promise<boolean> {
  const probedAt = Date.parse((await getState<string>(db, `${key}_probe_at`)) ?? '');
  if (Number.isFinite(probedAt) && now() - probedAt < PROBE_INTERVAL_MS) return false;
  await setState(db, `${key}_probe_at`, new Date(now()).toISOString());
  // With a valid cursor, an empty page means the cursor is the newest event of this filter.
  const newest = (await fetchPage({ order: 'desc', limit: 1 })).data[0];
  return newest !== undefined && newest.id !== cursor;
}
