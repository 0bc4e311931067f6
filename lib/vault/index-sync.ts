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
} from './index-store';
import { RateLimiter } from './rate-limiter';
import { syncByokEvents } from '../byok/sync';

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
};

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

type IndexRow = Parameters<typeof upsertObject>[1];

type Options = {
  intervalMs: number;
  reconcileIntervalMs: number;
  maxRequestsPerMinute: number;
  buildSliceMs?: number;
};

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
  private running: Promise<void> | null = null;
  private stopped = false;
  /** 0 until the first pass reads the persisted time: a restart must not trigger a full walk. */
  private lastReconcile = 0;
  private changed = false;

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

  /** Stops the loop and hands the lease back, so another replica can sync at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
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
  runOnce(opts: { reconcile?: boolean } = {}): Promise<void> {
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

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.limiter.take();
    return fn();
  }

  private async pass(opts: { reconcile?: boolean }): Promise<void> {
    if (!(await acquireLease(this.db, this.owner, LEASE_TTL_MS))) return;
    try {
      await syncByokEvents(this.db, this.workos, (fn) => this.call(fn));
      const build = (await getState<BuildState>(this.db, 'build')) ?? EMPTY_BUILD;
      if (build.status !== 'ready') {
        await this.buildSlice(build);
        this.changed = true;
      } else {
        await this.incremental();
        if (!this.lastReconcile)
          this.lastReconcile =
            Date.parse((await getState<string>(this.db, 'last_reconcile_at')) ?? '') || Date.now();
        if (opts.reconcile || Date.now() - this.lastReconcile > this.options.reconcileIntervalMs)
          await this.reconcile();
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
      await setState(this.db, 'last_error', { message, at: new Date().toISOString() }).catch(
        () => undefined,
      );
    }
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

  /** Lists and describes for up to BUILD_SLICE_MS, saving the cursor after every page. */
  private async buildSlice(state: BuildState): Promise<void> {
    const started = Date.now();
    let s: BuildState =
      state.status === 'pending'
        ? { ...EMPTY_BUILD, status: 'building', startedAt: new Date().toISOString() }
        : { ...state };
    await setState(this.db, 'build', s);
    const slice = this.options.buildSliceMs ?? BUILD_SLICE_MS;
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
        return;
      }
      s.cursor = next;
      await setState(this.db, 'build', s);
    } while (Date.now() - started < slice && !this.stopped);
  }

  /** Starts the event stream at "now": history before the build is already in the index. */
  private async primeEventCursor(): Promise<void> {
    if (await getState<string>(this.db, 'events_cursor')) return;
    try {
      const latest = await this.call(() =>
        this.workos.events.listEvents({ events: [...DATA_EVENTS], limit: 1, order: 'desc' }),
      );
      await setState(this.db, 'events_cursor', latest.data[0]?.id ?? '');
    } catch {
      await setState(this.db, 'events_cursor', '');
    }
  }

  private async incremental(): Promise<void> {
    const watermark = (await getState<string>(this.db, 'watermark')) ?? new Date(0).toISOString();
    let high = Date.parse(watermark);
    let cursor: string | null = null;
    const since = new Date(Date.parse(watermark) - WATERMARK_MARGIN_MS);
    do {
      const page = await this.call(() =>
        this.workos.vault.listObjects({
          limit: 100,
          order: 'asc',
          updatedAfter: since,
          ...(cursor ? { after: cursor } : {}),
        }),
      );
      await this.absorbPage(page);
      for (const o of page.data) if (o.updatedAt) high = Math.max(high, o.updatedAt.getTime());
      cursor = nextListCursor(page);
    } while (cursor && !this.stopped);
    await setState(this.db, 'watermark', new Date(high).toISOString());
    await this.applyEvents();
  }

  /** vault.data.* events: deletions (by name, confirmed with describe) and key id changes. */
  private async applyEvents(): Promise<void> {
    let cursor = await getState<string>(this.db, 'events_cursor');
    if (cursor === null) return this.primeEventCursor();
    for (let pages = 0; pages < 20; pages++) {
      let page;
      try {
        page = await this.call(() =>
          this.workos.events.listEvents({
            events: [...DATA_EVENTS],
            limit: 100,
            order: 'asc',
            ...(cursor ? { after: cursor } : {}),
          }),
        );
      } catch (err) {
        if ((err as { status?: number }).status === 422 && cursor) {
          await setState(this.db, 'events_cursor', ''); // our cursor aged out of the 30-day window
        }
        return;
      }
      for (const e of page.data) {
        const data = e.data as { kvName?: string; keyId?: string };
        if (!data.kvName) continue;
        if (e.event === 'vault.data.deleted') {
          for (const id of await idsByName(this.db, data.kvName)) {
            const stillThere = await this.call(() => this.workos.vault.describeObject({ id })).then(
              () => true,
              (err: { status?: number }) => (err.status === 404 ? false : Promise.reject(err)),
            );
            if (!stillThere) {
              await removeObject(this.db, id);
              this.changed = true;
            }
          }
        } else if (data.keyId) {
          await setKeyIdByName(this.db, data.kvName, data.keyId);
        }
      }
      const last = page.data[page.data.length - 1];
      if (last) {
        cursor = last.id;
        await setState(this.db, 'events_cursor', cursor);
      }
      if (!page.listMetadata.after || page.data.length === 0) return;
    }
  }

  /** A full walk of ids (no describes) removes index rows for objects that no longer exist. */
  private async reconcile(): Promise<void> {
    const walkStarted = new Date();
    const live = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await this.call(() =>
        this.workos.vault.listObjects({
          limit: 100,
          order: 'asc',
          ...(cursor ? { after: cursor } : {}),
        }),
      );
      for (const o of page.data) live.add(o.id);
      cursor = nextListCursor(page);
    } while (cursor && !this.stopped);
    if (this.stopped) return;
    const r = await this.db.query<{ id: string }>(
      'select id from vault_objects where indexed_at < $1',
      [walkStarted],
    );
    for (const row of r.rows) if (!live.has(row.id)) await removeObject(this.db, row.id);
    this.changed = true;
    this.lastReconcile = Date.now();
    await setState(this.db, 'last_reconcile_at', new Date().toISOString());
    await this.db.query('analyze vault_objects');
  }
}

export async function readSyncStatus(db: Db): Promise<SyncStatus> {
  const r = await db.query<{ key: string; value: unknown }>(
    "select key, value from index_state where key in ('build', 'last_sync_at', 'last_reconcile_at', 'last_error')",
  );
  const m = new Map(r.rows.map((row) => [row.key, row.value]));
  const err = m.get('last_error') as { message: string; at: string } | undefined;
  return {
    build: (m.get('build') as BuildState | undefined) ?? EMPTY_BUILD,
    lastSyncAt: (m.get('last_sync_at') as string | undefined) ?? null,
    lastReconcileAt: (m.get('last_reconcile_at') as string | undefined) ?? null,
    lastError: err?.message ?? null,
    lastErrorAt: err?.at ?? null,
  };
}
