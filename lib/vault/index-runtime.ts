import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { getWorkOS } from '../workos/client';
import { getState, totalObjects } from './index-store';
import { IndexSync, readSyncStatus, type SyncStatus } from './index-sync';

const globalSync = globalThis as unknown as { __vaultConsoleIndexSync?: Promise<IndexSync> };

/** Starts the background sync once per server process; later calls return the same instance. */
export function ensureIndexSync(): Promise<IndexSync> {
  if (!globalSync.__vaultConsoleIndexSync) {
    globalSync.__vaultConsoleIndexSync = (async () => {
      const db = await getDb();
      const { indexSync } = getEnv();
      const sync = new IndexSync(db, getWorkOS('index-sync'), indexSync);
      sync.start();
      return sync;
    })().catch((err) => {
      globalSync.__vaultConsoleIndexSync = undefined;
      throw err;
    });
  }
  return globalSync.__vaultConsoleIndexSync;
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
