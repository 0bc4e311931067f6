import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { getState, setState } from '../db/state';
import {
  idsByName,
  knownIds,
  removeObject,
  touchObject,
  totalObjects,
  upsertObjects,
  type IndexedObject,
} from './store';
import { nextListCursor, toIndexRow } from './sdk-row';
import { boundedWalk, recordFilterIgnored } from './fallback-walk';
import {
  filterRejectedStatus,
  listChangedSince,
  LIST_FILTER_STATE,
  WATERMARK_MARGIN_MS,
  type ChangedPage,
  type ListFilterState,
} from './updated-after';

export type BuildState = {
  status: 'pending' | 'building' | 'ready';
  cursor: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  listed: number;
  described: number;
};

export const EMPTY_BUILD: BuildState = {
  status: 'pending',
  cursor: null,
  startedAt: null,
  finishedAt: null,
  listed: 0,
  described: 0,
};
const DESCRIBE_CONCURRENCY = 8;
/** When updated_after is ignored: list pages per pass, pause between walks, and when to retry the filter. */
const WALK_PAGES_PER_PASS = 5;
const FALLBACK_WALK_INTERVAL_MS = 5 * 60_000;
const FILTER_RECHECK_MS = 30 * 60_000;

const pageSize = (o: BuilderOptions) => o.listPageSize ?? 100;
type IndexRow = Omit<IndexedObject, 'org_id'>;
type ReconcileState = { cursor: string | null; startedAt: string };

export type BuilderOptions = {
  buildSliceMs?: number;
  /** Objects per list page: WorkOS's largest, 100, unless a test wants several pages of few. */
  listPageSize?: number;
  walkPagesPerPass?: number;
  fallbackWalkIntervalMs?: number;
  filterRecheckMs?: number;
};

/**
 * The index builder: keeps the context index in step with Vault using metadata only (list +
 * describe, never a decrypting read). Cold builds resume from a saved cursor; incremental passes
 * use updated_after (or a bounded walk where WorkOS ignores it); a periodic full walk reconciles
 * deletions. It holds no lease and no timer: the runtime (sync.ts) decides when it runs.
 */
export class IndexBuilder {
  /** 0 until the first pass reads the persisted time: a restart must not trigger a full walk. */
  lastReconcile = 0;
  /** Something this builder stored changed the object count: the runtime recounts. */
  changed = false;

  constructor(
    private readonly db: Db,
    private readonly workos: WorkOS,
    /** Every WorkOS call spends the process's budget. */
    private readonly call: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly options: BuilderOptions,
    private readonly stopped: () => boolean,
    /** The cold build finished: start the event stream at "now". */
    private readonly onBuilt: () => Promise<void>,
  ) {}

  /** Whether the periodic deletion check is due (reads the persisted time once per process). */
  async reconcileDue(intervalMs: number): Promise<boolean> {
    if (!this.lastReconcile)
      this.lastReconcile =
        Date.parse((await getState<string>(this.db, 'last_reconcile_at')) ?? '') || Date.now();
    return (
      Boolean(await getState<ReconcileState>(this.db, 'reconcile')) ||
      Date.now() - this.lastReconcile > intervalMs
    );
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
        listChangedSince(this.workos, new Date(since.getTime() - WATERMARK_MARGIN_MS), {
          after,
          limit: pageSize(this.options),
        }),
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

  /** One page of the whole list, oldest first, after `after`, through the WorkOS budget. */
  private listPage(after: string | null) {
    return this.call(() =>
      this.workos.vault.listObjects({
        limit: pageSize(this.options),
        order: 'asc',
        ...(after ? { after } : {}),
      }),
    );
  }

  private async recount(): Promise<void> {
    await setState(this.db, 'object_count', await totalObjects(this.db));
  }

  private async describe(id: string): Promise<IndexRow | null> {
    try {
      return toIndexRow(await this.call(() => this.workos.vault.describeObject({ id })));
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
  async buildSlice(state: BuildState, deadline: number): Promise<BuildState['status']> {
    let s: BuildState =
      state.status === 'pending'
        ? { ...EMPTY_BUILD, status: 'building', startedAt: new Date().toISOString() }
        : { ...state };
    await setState(this.db, 'build', s);
    if (this.options.buildSliceMs)
      deadline = Math.min(deadline, Date.now() + this.options.buildSliceMs);
    do {
      const page = await this.listPage(s.cursor);
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
        await this.onBuilt();
        // A full walk is a deletion check too, current as of when it started.
        await setState(this.db, 'last_reconcile_at', s.startedAt);
        this.lastReconcile = Date.parse(s.startedAt!);
        return 'ready';
      }
      s.cursor = next;
      await setState(this.db, 'build', s);
    } while (Date.now() < deadline && !this.stopped());
    return s.status;
  }

  async incremental(): Promise<void> {
    const ignoredAt = Date.parse(
      (await getState<string>(this.db, 'updated_after_ignored_at')) ?? '',
    );
    const recheck = this.options.filterRecheckMs ?? FILTER_RECHECK_MS;
    if (Number.isFinite(ignoredAt) && Date.now() - ignoredAt < recheck) {
      await this.walk();
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
        page = await this.call(() =>
          listChangedSince(this.workos, since, { after, limit: pageSize(this.options) }),
        );
      } catch (err) {
        const rejected = filterRejectedStatus(err);
        if (rejected === null) throw err;
        await this.filterIgnored(since, Number.isFinite(ignoredAt), rejected);
        await this.walk(); // nothing was listed: start the fallback in this pass
        return;
      }
      await this.absorbPage(page);
      for (const o of page.data) if (o.updatedAt) high = Math.max(high, o.updatedAt.getTime());
      // The SDK sends the filter with whole seconds: anything older than that was not filtered.
      if (page.data.some((o) => o.updatedAt && o.updatedAt.getTime() < since.getTime() - 1000)) {
        // Not a filtered list: keep the watermark where it was.
        await this.filterIgnored(since, Number.isFinite(ignoredAt));
        return;
      }
      cursor = nextListCursor(page);
    } while (cursor && !this.stopped());
    if (Number.isFinite(ignoredAt)) {
      await setState(this.db, 'updated_after_ignored_at', ''); // the filter works again
      await setState(this.db, LIST_FILTER_STATE, { mode: 'filtered' } satisfies ListFilterState);
    }
    await setState(this.db, 'watermark', new Date(high).toISOString());
  }

  private filterIgnored(since: Date, known: boolean, rejected?: number): Promise<void> {
    return recordFilterIgnored(this.db, since, known, this.fallbackIntervalMs(), rejected);
  }

  private walk(): Promise<void> {
    return boundedWalk({
      db: this.db,
      list: (after) => this.listPage(after),
      absorbPage: (page) => this.absorbPage(page),
      stopped: this.stopped,
      intervalMs: this.fallbackIntervalMs(),
      pagesPerPass: this.options.walkPagesPerPass ?? WALK_PAGES_PER_PASS,
    });
  }

  private fallbackIntervalMs(): number {
    return this.options.fallbackWalkIntervalMs ?? FALLBACK_WALK_INTERVAL_MS;
  }

  /**
   * Ids the full walk lists that the index lacks (the filtered list missed them, and no webhook
   * said so: WorkOS documents no vault.* webhook, F3-04) are described and added.
   */
  private async addMissed(ids: string[]): Promise<void> {
    const known = await knownIds(this.db, ids);
    const missed = ids.filter((id) => !known.has(id));
    if (missed.length && (await this.describeAndStore(missed))) await this.recount();
  }

  /**
   * A full walk of ids (no describes) removes index rows for objects that no longer exist. The
   * walk may span passes (a cron call has a time limit): every id it lists is stamped as seen,
   * its cursor is saved, and when it ends every row neither seen nor indexed since it began goes.
   */
  async reconcile(deadline: number): Promise<'partial' | 'complete'> {
    const saved = await getState<ReconcileState>(this.db, 'reconcile');
    const walkStarted = new Date(saved?.startedAt ?? Date.now());
    let cursor: string | null = saved?.cursor ?? null;
    do {
      const page = await this.listPage(cursor);
      if (page.data.length) {
        await this.db.query(
          'update vault_objects set indexed_at = now() where id = any($1::text[]) and indexed_at < $2',
          [page.data.map((o) => o.id), walkStarted],
        );
        await this.addMissed(page.data.map((o) => o.id));
      }
      cursor = nextListCursor(page);
      if (cursor && (this.stopped() || Date.now() >= deadline)) {
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
