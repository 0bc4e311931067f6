import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { acquireLease, getState, setState } from '../db/state';
import { WorkosBudget } from '../workos/budget';
import { EMPTY_BUILD, IndexBuilder, type BuilderOptions, type BuildState } from './build';
import { EventPump } from './event-pump';
import { totalObjects } from './store';
import { recoveryHousekeeping, type Housekeeping } from '../recovery/purge';
import { eraseFinishedStaged } from '../recovery/staged';
import { LIST_FILTER_STATE, type ListFilterState } from './updated-after';

export type SyncStatus = {
  build: BuildState;
  lastSyncAt: string | null;
  lastReconcileAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** How the incremental list's updated_after fared (F3-03): filtered, ignored or rejected. */
  listFilter: ListFilterState;
};

const LEASE_TTL_MS = 60_000;
const BUILD_SLICE_MS = 20_000;

type Options = BuilderOptions & {
  intervalMs: number;
  reconcileIntervalMs: number;
  maxRequestsPerMinute: number;
  /** The process's WorkOS budget (the runtime passes it); default: a budget of its own. */
  budget?: WorkosBudget;
  /** Longest one pass may spend on a build slice or a reconcile slice (default BUILD_SLICE_MS). */
  passBudgetMs?: number;
  /** No loop (a cron drives passes): hand the lease back after every pass. */
  oneShot?: boolean;
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
  /** Recovery copies purged (expired) and settled (left by a stopped console) in this pass. */
  recovery?: Housekeeping;
  /** Staged change-request values erased because their request expired (lib/approvals). */
  stagedErased?: number;
};

/**
 * The index sync's runtime: the lease (one replica at a time), the timer and the pass. Each pass
 * runs the event pump for BYOK and activity, then the index builder (a build slice, or an
 * incremental pass, the index's data events and, when due, a reconcile slice), then recounts.
 */
export class IndexSync {
  private readonly owner = randomUUID();
  private readonly budget: WorkosBudget;
  private readonly builder: IndexBuilder;
  private readonly pump: EventPump;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassSummary> | null = null;
  private stopped = false;
  /** WorkOS calls this sync has made, all told (passes, webhooks' catch-up lists). */
  workosCalls = 0;

  constructor(
    private readonly db: Db,
    private readonly workos: WorkOS,
    private readonly options: Options,
  ) {
    this.budget = options.budget ?? new WorkosBudget(options.maxRequestsPerMinute);
    const call = <T>(fn: () => Promise<T>): Promise<T> => this.call(fn);
    this.builder = new IndexBuilder(
      db,
      workos,
      call,
      options,
      () => this.stopped,
      () => this.pump.primeCursor(),
    );
    this.pump = new EventPump(db, workos, call, this.builder, options.activityRetentionDays ?? 400);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
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
  /** One WorkOS call of this sync, counted and spent from the budget. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    this.workosCalls++;
    return this.budget.call(fn);
  }

  runOnce(opts: { reconcile?: boolean; budgetMs?: number } = {}): Promise<PassSummary> {
    if (!this.running) {
      this.running = this.pass(opts).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Runs a BYOK event sync now (after a portal link is used, say), within the same budget. */
  syncByokNow(): Promise<void> {
    return this.pump.byok();
  }

  /** Webhook catch-up (see IndexBuilder.absorbRecent). */
  absorbRecent(since: Date, budgetMs?: number): Promise<number> {
    return this.builder.absorbRecent(since, budgetMs);
  }

  /** A vault.data.deleted hint (see IndexBuilder.removeIfGone). */
  removeIfGone(name: string): Promise<number> {
    return this.builder.removeIfGone(name);
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
      await this.pump.domains();
      const build = (await getState<BuildState>(this.db, 'build')) ?? EMPTY_BUILD;
      if (build.status !== 'ready') {
        summary.build = await this.builder.buildSlice(build, deadline);
        this.builder.changed = true;
      } else {
        summary.build = 'ready';
        await this.builder.incremental();
        await this.pump.dataEvents();
        if (opts.reconcile || (await this.builder.reconcileDue(this.options.reconcileIntervalMs)))
          summary.reconcile = await this.builder.reconcile(deadline);
      }
      // Expired recovery copies, and copies a stopped console left unsettled (lib/recovery).
      summary.recovery = await recoveryHousekeeping(
        this.db,
        this.workos,
        (fn) => this.call(fn),
        deadline,
      );
      summary.stagedErased = await eraseFinishedStaged(this.db);
      // Counting 100k rows costs ~15 ms on PGlite: only when this pass changed something, or
      // when the console's own writes dropped the stored count (markIndexChanged).
      if (this.builder.changed || (await getState<number>(this.db, 'object_count')) === null) {
        await setState(this.db, 'object_count', await totalObjects(this.db));
        this.builder.changed = false;
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
