import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { getWorkOS } from '../workos/client';
import { processBudget } from '../workos/budget';
import { getState, getStates } from '../db/state';
import { totalObjects } from './store';
import { IndexSync, readSyncStatus, type SyncStatus } from './sync';

const globalSync = globalThis as unknown as { __vaultConsoleIndexSync?: Promise<IndexSync> };

/**
 * The index sync of this server process, created once; later calls return the same instance.
 * INDEX_SYNC_MODE=background (default) starts its loop here. With `external` there is no loop: a
 * cron calls /api/cron/index-sync, webhooks apply changes, and each pass hands its lease back.
 */
export function ensureIndexSync(): Promise<IndexSync> {
  if (!globalSync.__vaultConsoleIndexSync) {
    globalSync.__vaultConsoleIndexSync = (async () => {
      const db = await getDb();
      const { indexSync } = getEnv();
      const external = indexSync.mode === 'external';
      const sync = new IndexSync(db, getWorkOS('index-sync'), {
        ...indexSync,
        oneShot: external,
        activityRetentionDays: getEnv().activityRetentionDays,
        budget: processBudget(),
      });
      if (!external) sync.start();
      return sync;
    })().catch((err) => {
      globalSync.__vaultConsoleIndexSync = undefined;
      throw err;
    });
  }
  return globalSync.__vaultConsoleIndexSync;
}

/** Graceful shutdown: stops the loop (if one was started) and hands the lease back. */
export async function stopIndexSync(): Promise<void> {
  const pending = globalSync.__vaultConsoleIndexSync;
  if (!pending) return;
  const sync = await pending.catch(() => null);
  await sync?.stop();
}

export type IndexStatus = SyncStatus & { objectCount: number; now: string };

/** Cheap: the object count is the one the last sync pass stored, not a count(*) per request. */
export async function getIndexStatus(): Promise<IndexStatus> {
  const db = await getDb();
  const [status, counted] = await Promise.all([
    readSyncStatus(db),
    getState<number>(db, 'object_count'),
  ]);
  return {
    ...status,
    objectCount: counted ?? (await totalObjects(db)),
    now: new Date().toISOString(),
  };
}

/** Whether the figures a page shows are complete yet, or still being gathered by the first sync. */
export type Readiness = { indexReady: boolean; byokSynced: boolean };

/**
 * Once the index is built and BYOK synced, a page need not ask again on every view: that answer is
 * kept for READY_TTL_MS per database handle. A rebuild started meanwhile shows at the next read.
 */
const readyUntil = new WeakMap<object, number>();
const READY_TTL_MS = 30_000;

async function readReadiness(): Promise<Readiness> {
  const db = await getDb();
  if ((readyUntil.get(db) ?? 0) > Date.now()) return { indexReady: true, byokSynced: true };
  const states = await getStates(db, ['build', 'byok_synced_at']);
  const build = states.get('build') as { status?: string } | null | undefined;
  const readiness = {
    indexReady: build?.status === 'ready',
    byokSynced: Boolean(states.get('byok_synced_at')),
  };
  if (readiness.indexReady && readiness.byokSynced) readyUntil.set(db, Date.now() + READY_TTL_MS);
  return readiness;
}

/** FIRST_SYNC_WAIT_MS: how long a page waits for the first sync pass (default 3 s, at most 120 s). */
function firstSyncWaitMs(): number {
  const raw = Number(process.env.FIRST_SYNC_WAIT_MS);
  return Number.isFinite(raw) && raw >= 0 ? Math.min(raw, 120_000) : 3_000;
}

/**
 * On a fresh install the first page view races the first sync pass. Give that pass a short,
 * bounded head start (a demo environment is indexed in well under a second), then report what is
 * still incomplete so the page can say so instead of showing zeros. Costs nothing once warm.
 */
export async function awaitFirstSync(maxWaitMs = firstSyncWaitMs()): Promise<Readiness> {
  const before = await readReadiness();
  if (before.indexReady && before.byokSynced) return before;
  try {
    const sync = await ensureIndexSync();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      sync.runOnce().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs);
      }),
    ]);
    clearTimeout(timer);
  } catch {
    // The sync could not start (database trouble); the page shows what it has.
  }
  return readReadiness();
}
