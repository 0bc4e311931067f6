import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { recordAudit } from '../audit/trail';
import {
  dropCopy,
  keepCopy,
  purgeExpired,
  releaseRestore,
  SYSTEM_PURGER,
  unsettledCopies,
  type CopyRow,
} from './store';

/** Copies purged per statement on PostgreSQL: each batch is one short transaction. */
export const PURGE_BATCH = 500;
/**
 * On PGlite (one connection, in the console's own process) a batch holds every page query queued
 * behind it, so batches are small (a few ms of work here) and the purger rests after each one
 * for as long as it took, waiting included: a page waits at most one small batch.
 */
export const PURGE_BATCH_PGLITE = 16;
/** A copy whose write has not settled after this long was left by a stopped console. */
export const UNSETTLED_AFTER_MS = 10 * 60_000;

export type Housekeeping = { purged: number; settled: number };

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The recovery job, run by the index sync pass (under its lease) and so by the cron route:
 * purge expired copies in bounded batches until the deadline, then settle copies a stopped
 * console left 'pending' or 'restoring'. Each purge batch is one statement with its audit rows
 * and skips rows another purger holds, so two replicas never purge or audit a copy twice.
 */
export async function recoveryHousekeeping(
  db: Db,
  workos: Pick<WorkOS, 'vault'>,
  call: Call,
  deadline: number,
  opts: { batch?: number; unsettledAfterMs?: number } = {},
): Promise<Housekeeping> {
  const out: Housekeeping = { purged: 0, settled: 0 };
  out.purged = await purgeUntil(db, deadline, opts.batch);
  const stale = await unsettledCopies(db, opts.unsettledAfterMs ?? UNSETTLED_AFTER_MS, 50);
  for (const copy of stale) {
    if (Date.now() >= deadline) break;
    if (await settle(db, workos, call, copy)) out.settled++;
  }
  return out;
}

/**
 * Purges expired copies in batches until none is left or the deadline passes (at least one batch
 * per pass, even when the index build used the whole budget). On PGlite the batches are small and
 * paced (see PURGE_BATCH_PGLITE) so pages keep their latency while it runs.
 */
export async function purgeUntil(db: Db, deadline: number, fixedBatch?: number): Promise<number> {
  const paced = fixedBatch === undefined && db.kind === 'pglite';
  const batch = fixedBatch ?? (paced ? PURGE_BATCH_PGLITE : PURGE_BATCH);
  let purged = 0;
  for (;;) {
    const started = performance.now();
    const n = await purgeExpired(db, batch);
    purged += n;
    if (n < batch || Date.now() >= deadline) break;
    if (paced) {
      const rest = Math.min(50, Math.max(2, performance.now() - started));
      await new Promise((r) => setTimeout(r, rest));
    }
  }
  return purged;
}

const statusOf = (err: unknown) => (err as { status?: unknown } | null)?.status;

/**
 * What WorkOS says now decides a copy whose write never reported back:
 * - pending delete: the object is gone → the delete happened, keep the copy; still there → the
 *   delete did not happen (or was refused), the copy is an orphan and goes.
 * - pending save: the object still at the copied version → the save did not happen, drop;
 *   anything else → keep (the copied version was replaced).
 * - restoring: an object with the name and context, created after the restore started → the
 *   restore happened, drop; otherwise back to kept. When unsure, the copy stays.
 */
async function settle(
  db: Db,
  workos: Pick<WorkOS, 'vault'>,
  call: Call,
  copy: CopyRow,
): Promise<boolean> {
  try {
    if (copy.state === 'pending') {
      let current: string | null = null;
      try {
        const d = await call(() => workos.vault.describeObject({ id: copy.object_id }));
        current = d.metadata.versionId ?? '';
      } catch (err) {
        if (statusOf(err) !== 404) return false;
      }
      const happened =
        copy.kind === 'deleted'
          ? current === null
          : current !== null && current !== copy.version_id;
      const orphan = !happened && !(copy.kind === 'replaced-version' && current === null);
      if (orphan) await dropCopy(db, copy.id);
      else await keepCopy(db, copy.id, null);
      await audit(db, copy, orphan ? 'orphan_dropped' : 'kept');
      return true;
    }
    if (copy.state === 'restoring') {
      const page = await call(() =>
        workos.vault.listObjects({ search: copy.object_name, limit: 100 }),
      );
      const holder = page.data.find((o) => o.name === copy.object_name);
      let restored = false;
      if (holder) {
        const d = await call(() => workos.vault.describeObject({ id: holder.id }));
        const sameContext =
          JSON.stringify(sorted(d.metadata.context as Record<string, string>)) ===
          JSON.stringify(sorted(copy.context));
        restored =
          holder.id !== copy.object_id &&
          sameContext &&
          new Date(holder.updatedAt ?? 0).getTime() >= new Date(copy.state_since).getTime() - 1000;
      }
      if (restored) await dropCopy(db, copy.id);
      else await releaseRestore(db, copy.id);
      await audit(db, copy, restored ? 'restore_completed' : 'restore_released');
      return true;
    }
  } catch {
    return false;
  }
  return false;
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

function audit(db: Db, copy: CopyRow, settled: string): Promise<string> {
  return recordAudit(
    {
      user: SYSTEM_PURGER,
      action: settled === 'orphan_dropped' ? 'copy.purged' : 'copy.settled',
      orgId: copy.org_id,
      objectId: copy.object_id,
      objectName: copy.object_name,
      versionId: copy.version_id,
      detail: { copy_id: copy.id, kind: copy.kind, settled },
    },
    db,
  );
}
