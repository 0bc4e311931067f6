import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import {
  acquireLease,
  getState,
  idsByName,
  knownIds,
  removeObject,
  setKeyIdByName,
  setState,
  touchObject,
  totalObjects,
  upsertObject,
  upsertObjects,
} from './store';
import { RateLimiter } from './rate-limiter';
import { syncByokEvents } from '../byok/sync';
import { syncActivityEvents } from '../activity/sync';
import {
  filterRejectedStatus,
  listChangedSince,
  type ChangedPage,
  type ListFilterState,
} from './updated-after';
import { readEventStream } from '../workos/event-cursor';

export type BuildState = {
  status: 'pending' | 'building' | 'ready';
  cursor: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  listed: number;
  described: number;
};
export type SyncStatus = {
  build: BuildState;
  lastSyncAt: string | null;
  lastReconcileAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** How the incremental list's updated_after fared (F3-03): filtered, ignored or rejected. */
  listFilter: ListFilterState;
};

const LIST_FILTER_STATE = 'updated_after_fallback';

const EMPTY_BUILD: BuildState = {
  status: 'pending',
  cursor: null,
  startedAt: null,
  finishedAt: null,
  listed: 0,
  described: 0,
};
// Node's SDK sends updated_after as String(date), which has whole seconds; look back further.
const WATERMARK_MARGIN_MS = 5_000;
const LEASE_TTL_MS = 60_000;
const BUILD_SLICE_MS = 20_000;
const DATA_EVENTS = ['vault.data.created', 'vault.data.updated', 'vault.data.deleted'] as const;
const DESCRIBE_CONCURRENCY = 8;
/** When updated_after is ignored: list pages per pass, pause between walks, and when to retry the filter. */
const WALK_PAGES_PER_PASS = 5;
const FALLBACK_WALK_INTERVAL_MS = 5 * 60_000;
const FILTER_RECHECK_MS = 30 * 60_000;

type IndexRow = Parameters<typeof upsertObject>[1];

type Options = {
  intervalMs: number;
  reconcileIntervalMs: number;
  maxRequestsPerMinute: number;
  buildSliceMs?: number;
  /** Longest one pass may spend on a build slice or a reconcile slice (default BUILD_SLICE_MS). */
  passBudgetMs?: number;
  /** No loop (a cron drives passes): hand the lease back after every pass. */
  oneShot?: boolean;
  walkPagesPerPass?: number;
  fallbackWalkIntervalMs?: number;
  filterRecheckMs?: number;
  /** Days the console keeps Vault activity events (default 400). */
  activityRetentionDays?: number;
};

/** What one pass did, for the cron endpoint and the benchmark. */
export type PassSummary = {
  ran: boolean;
  /** Why nothing ran (another replica holds the lease). */
  skipped?: 'lease-held';
  build: BuildState['status'];
  reconcile: 'not-due' | 'partial' | 'complete';
  workosCalls: number;
  ms: number;
  error?: string;
};

type ReconcileState = { cursor: string | null; startedAt: string };

/** Reads the next-page cursor under both documented list semantics (docs/workos-vault-api.md, "Listing and cursors"). */
export function nextListCursor(page: {
  data: { id: string; name: string }[];
  listMetadata: { after?: string | null; before?: string | null };
}): string | null {
  if (page.listMetadata.after) return page.listMetadata.after;
  const last = page.data[page.data.length - 1];
  const before = page.listMetadata.before;
  if (before && last && (before === last.id || before === last.name)) return before;
  return null;
}

/**
 * Keeps the context index in step with Vault using metadata only (list + describe, never a
 * decrypting read). Cold builds resume from a saved cursor; incremental passes use
 * updated_after and vault.data.* events; a periodic full walk reconciles deletions.
 */
export class IndexSync {
  private readonly owner = randomUUID();
  private readonly limiter: RateLimiter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassSummary> | null = null;
  private stopped = false;
  /** 0 until the first pass reads the persisted time: a restart must not trigger a full walk. */
  private lastReconcile = 0;
  private changed = false;
  /** WorkOS calls this sync has made, all told (passes, webhooks' catch-up lists). */
  workosCalls = 0;

  constructor(
    private readonly db: Db,
    private readonly workos: WorkOS,
    private readonly options: Options,
  ) {
    this.limiter = new RateLimiter(options.maxRequestsPerMinute);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** The console changed the index itself (create/delete): recount on the next pass. */
  markChanged(): void {
    this.changed = true;
  }

  /**
   * Stops the loop and hands the lease back, so another replica (or this console restarted) can
   * sync at once. The lease goes first: a pass still in flight gets at most `waitMs` to finish,
   * and whatever it writes after that is an idempotent upsert.
   */
  async stop(waitMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.releaseLease();
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.running.catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
      await this.releaseLease(); // a pass that was waiting on the lease may have taken it again
    }
  }

  private async releaseLease(): Promise<void> {
    await this.db.query("delete from index_state where key = 'lease' and value->>'owner' = $1", [
      this.owner,
    ]);
  }

  private schedule(delay: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.options.intervalMs));
    }, delay);
    this.timer.unref?.();
  }

  /** One pass (build slice, or incremental + maybe reconcile). Concurrent callers share it. */
  runOnce(opts: { reconcile?: boolean; budgetMs?: number } = {}): Promise<PassSummary> {
    if (!this.running) {
      this.running = this.pass(opts).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Runs a BYOK event sync now (after a portal link is used, say), within the same budget. */
  async syncByokNow(): Promise<void> {
    await syncByokEvents(this.db, this.workos, (fn) => this.call(fn));
  }

  /**
   * A WorkOS call from other background-ish work (batch operations) that spends this process's
   * one WorkOS budget, so a long batch and the sync never add up past INDEX_SYNC_MAX_RPM.
   */
  budgeted<T>(fn: () => Promise<T>): Promise<T> {
    return this.call(fn);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.limiter.take();
    this.workosCalls++;
    return fn();
  }

  private async pass(opts: { reconcile?: boolean; budgetMs?: number }): Promise<PassSummary> {
    const started = Date.now();
    const callsBefore = this.workosCalls;
    const deadline =
      started +
      (opts.budgetMs ?? this.options.passBudgetMs ?? this.options.buildSliceMs ?? BUILD_SLICE_MS);
    const summary: PassSummary = {
      ran: false,
      build: 'pending',
      reconcile: 'not-due',
      workosCalls: 0,
      ms: 0,
    };
    const finish = () => ({
      ...summary,
      workosCalls: this.workosCalls - callsBefore,
      ms: Date.now() - started,
    });
    if (!(await acquireLease(this.db, this.owner, LEASE_TTL_MS))) {
      const build = (await getState<BuildState>(this.db, 'build')) ?? EMPTY_BUILD;
      return { ...finish(), skipped: 'lease-held', build: build.status };
    }
    summary.ran = true;
    try {
      await syncByokEvents(this.db, this.workos, (fn) => this.call(fn));
      await syncActivityEvents(
        this.db,
        this.workos,
        (fn) => this.call(fn),
        this.options.activityRetentionDays ?? 400,
      );
      const build = (await getState<BuildState>(this.db, 'build')) ?? EMPTY_BUILD;
      if (build.status !== 'ready') {
        summary.build = await this.buildSlice(build, deadline);
        this.changed = true;
      } else {
        summary.build = 'ready';
        await this.incremental();
        if (!this.lastReconcile)
          this.lastReconcile =
            Date.parse((await getState<string>(this.db, 'last_reconcile_at')) ?? '') || Date.now();
        const inProgress = await getState<ReconcileState>(this.db, 'reconcile');
        if (
          opts.reconcile ||
          inProgress ||
          Date.now() - this.lastReconcile > this.options.reconcileIntervalMs
        )
          summary.reconcile = await this.reconcile(deadline);
      }
      // Counting 100k rows costs ~15 ms on PGlite: only when this pass changed something.
      if (this.changed || (await getState<number>(this.db, 'object_count')) === null) {
        await setState(this.db, 'object_count', await totalObjects(this.db));
        this.changed = false;
      }
      await setState(this.db, 'last_sync_at', new Date().toISOString());
    } catch (err) {
      const message =
        err instanceof Error
          ? `${err.name}: ${(err as { status?: number }).status ?? ''} ${err.message}`.slice(0, 300)
          : 'unknown error';
      console.error(`[index-sync] pass failed: ${message}`);
      summary.error = message;
      await setState(this.db, 'last_error', { message, at: new Date().toISOString() }).catch(
        () => undefined,
      );
    } finally {
      if (this.options.oneShot) await this.releaseLease().catch(() => undefined);
    }
    return finish();
  }

  /**
   * Webhook catch-up, no lease needed: lists what changed since `since` and describes ids the
   * index does not know yet. Idempotent, so replicas and duplicate deliveries may overlap freely.
   * Leaves the watermark alone; the regular pass still covers the same window.
   */
  async absorbRecent(since: Date, budgetMs = 10_000): Promise<number> {
    const deadline = Date.now() + budgetMs;
    let cursor: string | null = null;
    let added = 0;
    do {
      const after = cursor;
      const page = await this.call(() =>
        listChangedSince(this.workos, new Date(since.getTime() - WATERMARK_MARGIN_MS), { after }),
      ).catch((err: unknown) => {
        // A refused filter: the regular pass's bounded walk covers this window instead.
        if (filterRejectedStatus(err) === null) throw err;
        return null;
      });
      if (!page) break;
      added += await this.absorbPage(page);
      cursor = nextListCursor(page);
    } while (cursor && Date.now() < deadline);
    if (added) await this.recount();
    return added;
  }

  /** A vault.data.deleted hint: index rows of that name whose object is really gone go. */
  async removeIfGone(name: string): Promise<number> {
    let removed = 0;
    for (const id of await idsByName(this.db, name)) {
      const stillThere = await this.call(() => this.workos.vault.describeObject({ id })).then(
        () => true,
        (err: { status?: number }) => (err.status === 404 ? false : Promise.reject(err)),
      );
      if (!stillThere) {
        await removeObject(this.db, id);
        removed++;
      }
    }
    if (removed) await this.recount();
    return removed;
  }

  private async recount(): Promise<void> {
    await setState(this.db, 'object_count', await totalObjects(this.db));
  }

  private async describe(id: string): Promise<IndexRow | null> {
    try {
      const o = await this.call(() => this.workos.vault.describeObject({ id }));
      return {
        id: o.id,
        name: o.name,
        context: o.metadata.context as Record<string, string>,
        key_id: o.metadata.keyId ?? null,
        version_id: o.metadata.versionId ?? null,
        updated_at: o.metadata.updatedAt ?? null,
      };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null; // deleted between list and describe
      throw err;
    }
  }

  /** Describes unknown ids (a few in flight, within the rate budget) and stores them in one batch. */
  private async describeAndStore(ids: string[]): Promise<number> {
    const rows: IndexRow[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, ids.length) }, async () => {
        while (next < ids.length) {
          const row = await this.describe(ids[next++]!);
          if (row) rows.push(row);
        }
      }),
    );
    await upsertObjects(this.db, rows);
    if (rows.length) this.changed = true;
    return rows.length;
  }

  /** One list page: known ids get their name and time refreshed, unknown ids are described. */
  private async absorbPage(page: {
    data: { id: string; name: string; updatedAt?: Date | null }[];
  }): Promise<number> {
    const known = await knownIds(
      this.db,
      page.data.map((o) => o.id),
    );
    for (const o of page.data)
      if (known.has(o.id)) await touchObject(this.db, o.id, o.name, o.updatedAt ?? null);
    return this.describeAndStore(page.data.filter((o) => !known.has(o.id)).map((o) => o.id));
  }

  /** Lists and describes until the deadline, saving the cursor after every page. */
  private async buildSlice(state: BuildState, deadline: number): Promise<BuildState['status']> {
    let s: BuildState =
      state.status === 'pending'
        ? { ...EMPTY_BUILD, status: 'building', startedAt: new Date().toISOString() }
        : { ...state };
    await setState(this.db, 'build', s);
    if (this.options.buildSliceMs)
      deadline = Math.min(deadline, Date.now() + this.options.buildSliceMs);
    do {
      const page = await this.call(() =>
        this.workos.vault.listObjects({
          limit: 100,
          order: 'asc',
          ...(s.cursor ? { after: s.cursor } : {}),
        }),
      );
      s.described += await this.absorbPage(page);
      s.listed += page.data.length;
      const next = nextListCursor(page);
      if (!next) {
        s = { ...s, status: 'ready', cursor: null, finishedAt: new Date().toISOString() };
        await setState(this.db, 'build', s);
        await this.db.query('analyze vault_objects'); // fresh planner statistics for the org pages
        // Everything changed after the build started is picked up by the first incremental pass.
        await setState(
          this.db,
          'watermark',
          new Date(Date.parse(s.startedAt!) - WATERMARK_MARGIN_MS).toISOString(),
        );
        await this.primeEventCursor();
        // A full walk is a deletion check too, current as of when it started.
        await setState(this.db, 'last_reconcile_at', s.startedAt);
        this.lastReconcile = Date.parse(s.startedAt!);
        return 'ready';
      }
      s.cursor = next;
      await setState(this.db, 'build', s);
    } while (Date.now() < deadline && !this.stopped);
    return s.status;
  }

  /** Starts the event stream at "now": history before the build is already in the index. */
  private async primeEventCursor(): Promise<void> {
    if (await getState<string>(this.db, 'events_cursor')) return;
    try {
      const latest = await this.call(() =>
        this.workos.events.listEvents({ events: [...DATA_EVENTS], limit: 1, order: 'desc' }),
      );
      const newest = latest.data[0];
      await setState(this.db, 'events_cursor', newest?.id ?? '');
      if (newest)
        await setState(this.db, 'events_cursor_at', new Date(newest.createdAt).toISOString());
    } catch {
      await setState(this.db, 'events_cursor', '');
    }
  }

  private async incremental(): Promise<void> {
    const ignoredAt = Date.parse(
      (await getState<string>(this.db, 'updated_after_ignored_at')) ?? '',
    );
    const recheck = this.options.filterRecheckMs ?? FILTER_RECHECK_MS;
    if (Number.isFinite(ignoredAt) && Date.now() - ignoredAt < recheck) {
      await this.boundedWalk();
      await this.applyEvents();
      return;
    }
    const watermark = (await getState<string>(this.db, 'watermark')) ?? new Date(0).toISOString();
    let high = Date.parse(watermark);
    let cursor: string | null = null;
    const since = new Date(Date.parse(watermark) - WATERMARK_MARGIN_MS);
    do {
      const after = cursor;
      let page: ChangedPage;
      try {
        page = await this.call(() => listChangedSince(this.workos, since, { after }));
      } catch (err) {
        const rejected = filterRejectedStatus(err);
        if (rejected === null) throw err;
        await this.filterIgnored(since, Number.isFinite(ignoredAt), rejected);
        await this.boundedWalk(); // nothing was listed: start the fallback in this pass
        await this.applyEvents();
        return;
      }
      await this.absorbPage(page);
      for (const o of page.data) if (o.updatedAt) high = Math.max(high, o.updatedAt.getTime());
      // The SDK sends the filter with whole seconds: anything older than that was not filtered.
      if (page.data.some((o) => o.updatedAt && o.updatedAt.getTime() < since.getTime() - 1000)) {
        // Not a filtered list: keep the watermark where it was.
        await this.filterIgnored(since, Number.isFinite(ignoredAt));
        await this.applyEvents();
        return;
      }
      cursor = nextListCursor(page);
    } while (cursor && !this.stopped);
    if (Number.isFinite(ignoredAt)) {
      await setState(this.db, 'updated_after_ignored_at', ''); // the filter works again
      await setState(this.db, LIST_FILTER_STATE, { mode: 'filtered' } satisfies ListFilterState);
    }
    await setState(this.db, 'watermark', new Date(high).toISOString());
    await this.applyEvents();
  }

  /**
   * A list with updated_after returned objects older than the watermark: WorkOS ignored the
   * filter. Say so once, and stop paging the whole list on every pass; the bounded walk takes over.
   */
  private async filterIgnored(since: Date, known: boolean, rejected?: number): Promise<void> {
    if (!known)
      console.warn(
        `[index-sync] WorkOS ${rejected ? `refused updated_after (HTTP ${rejected})` : `ignored updated_after (objects older than ${since.toISOString()} came back)`}; falling back to a bounded full walk every ${Math.round((this.options.fallbackWalkIntervalMs ?? FALLBACK_WALK_INTERVAL_MS) / 1000)} s`,
      );
    await setState(this.db, 'updated_after_ignored_at', new Date().toISOString());
    await setState(this.db, LIST_FILTER_STATE, {
      mode: rejected ? 'rejected' : 'ignored',
      status: rejected ?? null,
      since: new Date().toISOString(),
    } satisfies ListFilterState);
  }

  /**
   * The fallback when updated_after is ignored: a full list walk, at most WALK_PAGES_PER_PASS
   * pages per pass (resuming from a saved cursor), started again only every
   * FALLBACK_WALK_INTERVAL_MS. Known ids cost no request; new ids are described.
   */
  private async boundedWalk(): Promise<void> {
    type Walk = { cursor: string | null; startedAt: string | null; finishedAt: string | null };
    const walk = (await getState<Walk>(this.db, 'fallback_walk')) ?? {
      cursor: null,
      startedAt: null,
      finishedAt: null,
    };
    const interval = this.options.fallbackWalkIntervalMs ?? FALLBACK_WALK_INTERVAL_MS;
    if (!walk.cursor && walk.finishedAt && Date.now() - Date.parse(walk.finishedAt) < interval)
      return;
    if (!walk.cursor) walk.startedAt = new Date().toISOString();
    const maxPages = this.options.walkPagesPerPass ?? WALK_PAGES_PER_PASS;
    for (let pages = 0; pages < maxPages && !this.stopped; pages++) {
      const page = await this.call(() =>
        this.workos.vault.listObjects({
          limit: 100,
          order: 'asc',
          ...(walk.cursor ? { after: walk.cursor } : {}),
        }),
      );
      await this.absorbPage(page);
      walk.cursor = nextListCursor(page);
      if (!walk.cursor) {
        walk.finishedAt = new Date().toISOString();
        // Everything changed before this walk started is in the index now.
        await setState(
          this.db,
          'watermark',
          new Date(Date.parse(walk.startedAt!) - WATERMARK_MARGIN_MS).toISOString(),
        );
        break;
      }
    }
    await setState(this.db, 'fallback_walk', walk);
  }

  /** vault.data.* events: deletions (by name, confirmed with describe) and key id changes. */
  private async applyEvents(): Promise<void> {
    const cursor = await getState<string>(this.db, 'events_cursor');
    if (cursor === null) return this.primeEventCursor();
    try {
      await readEventStream(
        this.db,
        'events_cursor',
        async (q) => {
          const page = await this.call(() =>
            this.workos.events.listEvents({
              events: [...DATA_EVENTS],
              limit: q.limit,
              order: q.order,
              ...(q.after ? { after: q.after } : {}),
              ...(q.rangeStart ? { rangeStart: q.rangeStart.toISOString() } : {}),
            }),
          );
          return {
            data: page.data.map((e) => ({ ...e, createdAt: new Date(e.createdAt) })),
            hasMore: Boolean(page.listMetadata.after),
          };
        },
        (e) => this.applyEvent(e),
        { maxPages: 20 },
      );
    } catch {
      // Events are a shortcut; the periodic full walk catches whatever they miss.
    }
  }

  private async applyEvent(e: { event: string; data: unknown }): Promise<void> {
    const data = e.data as { kvName?: string; keyId?: string };
    if (!data.kvName) return;
    if (e.event === 'vault.data.deleted') {
      if (await this.removeIfGone(data.kvName)) this.changed = true;
    } else if (data.keyId) {
      await setKeyIdByName(this.db, data.kvName, data.keyId);
    }
  }

  /**
   * A full walk of ids (no describes) removes index rows for objects that no longer exist. The
   * walk may span passes (a cron call has a time limit): every id it lists is stamped as seen,
   * its cursor is saved, and when it ends every row neither seen nor indexed since it began goes.
   */
  /**
   * Ids the full walk lists that the index lacks (the filtered list missed them, and no webhook
   * said so: WorkOS documents no vault.* webhook, F3-04) are described and added.
   */
  private async addMissed(ids: string[]): Promise<void> {
    const known = await knownIds(this.db, ids);
    const missed = ids.filter((id) => !known.has(id));
    if (missed.length && (await this.describeAndStore(missed))) await this.recount();
  }

  private async reconcile(deadline: number): Promise<'partial' | 'complete'> {
    const saved = await getState<ReconcileState>(this.db, 'reconcile');
    const walkStarted = new Date(saved?.startedAt ?? Date.now());
    let cursor: string | null = saved?.cursor ?? null;
    do {
      const page = await this.call(() =>
        this.workos.vault.listObjects({
          limit: 100,
          order: 'asc',
          ...(cursor ? { after: cursor } : {}),
        }),
      );
      if (page.data.length) {
        await this.db.query(
          'update vault_objects set indexed_at = now() where id = any($1::text[]) and indexed_at < $2',
          [page.data.map((o) => o.id), walkStarted],
        );
        await this.addMissed(page.data.map((o) => o.id));
      }
      cursor = nextListCursor(page);
      if (cursor && (this.stopped || Date.now() >= deadline)) {
        await setState(this.db, 'reconcile', {
          cursor,
          startedAt: walkStarted.toISOString(),
        } satisfies ReconcileState);
        return 'partial';
      }
    } while (cursor);
    await this.db.query('delete from vault_objects where indexed_at < $1', [walkStarted]);
    await this.db.query("delete from index_state where key = 'reconcile'");
    // Webhook ids are kept to drop redeliveries; WorkOS retries for about three days.
    await this.db.query("delete from webhook_events where received_at < now() - interval '7 days'");
    this.changed = true;
    this.lastReconcile = Date.now();
    await setState(this.db, 'last_reconcile_at', new Date().toISOString());
    await this.db.query('analyze vault_objects');
    return 'complete';
  }
}

export async function readSyncStatus(db: Db): Promise<SyncStatus> {
  const r = await db.query<{ key: string; value: unknown }>(
    "select key, value from index_state where key in ('build', 'last_sync_at', 'last_reconcile_at', 'last_error', 'updated_after_fallback')",
  );
  const m = new Map(r.rows.map((row) => [row.key, row.value]));
  const err = m.get('last_error') as { message: string; at: string } | undefined;
  return {
    build: (m.get('build') as BuildState | undefined) ?? EMPTY_BUILD,
    lastSyncAt: (m.get('last_sync_at') as string | undefined) ?? null,
    lastReconcileAt: (m.get('last_reconcile_at') as string | undefined) ?? null,
    lastError: err?.message ?? null,
    lastErrorAt: err?.at ?? null,
    listFilter: (m.get(LIST_FILTER_STATE) as ListFilterState | undefined) ?? { mode: 'filtered' },
  };
}
