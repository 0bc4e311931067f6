/**
 * Issue 25's "Measure" rows, at the library level, against an in-memory emulator and an in-memory
 * PGlite console database (the same primitives the console runs, without HTTP and React around):
 *
 *  1. a recoverable delete (read, seal with a fresh data key, insert the copy, version-checked
 *     DELETE, keep the copy) against a hard delete (the version-checked DELETE alone), p95 of each
 *     in the same run, interleaved;
 *  2. a restore (claim, unwrap the data key and open, create, drop the copy), p95;
 *  3. purging 10,000 expired copies in the job's batches, and the p95 of two console queries
 *     (Recently deleted's first page, and an index page) while it runs against the same queries idle.
 *
 * Run: node --conditions=react-server --import tsx scripts/bench-recovery.ts  (BENCH_RECOVERY_N=200)
 */
import { openDb, type Db } from '../lib/db/client';
import { startTestEmulator } from '../lib/emulator/testing';
import { readAndSeal } from '../lib/recovery/copies';
import { purgeUntil } from '../lib/recovery/purge';
import { openSealed, sealValue } from '../lib/recovery/seal';
import {
  claimForRestore,
  dropCopy,
  insertCopy,
  keepCopy,
  listDeleted,
} from '../lib/recovery/store';
import { runAlone } from './lib/run-alone';

const N = Number(process.env.BENCH_RECOVERY_N ?? 200);
const PURGE_N = Number(process.env.BENCH_RECOVERY_PURGE ?? 10_000);
const user = { id: 'user_bench', email: 'bench@example.com' };

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const t = await startTestEmulator({ seed: 'none' });
  const vault = t.workos.vault;
  const db: Db = await openDb({ url: null, dataDir: ':memory:' });
  const org = 'org_01BENCHRECOVERY000000000000';
  const context = { organization_id: org };
  const value = `bench-value-${'x'.repeat(64)}`;

  const make = async (i: number, kind: string) =>
    vault.createObject({ name: `bench/${kind}-${i}-${Date.now()}`, value, context });

  // Warm both paths.
  for (let i = 0; i < 5; i++) {
    const a = await make(i, 'warm-hard');
    await vault.deleteObject({ id: a.id, versionCheck: a.versionId! });
  }

  const hard: number[] = [];
  const recoverable: number[] = [];
  const copies: string[] = [];
  for (let i = 0; i < N; i++) {
    const a = await make(i, 'hard');
    const b = await make(i, 'rec');
    let t0 = process.hrtime.bigint();
    await vault.deleteObject({ id: a.id, versionCheck: a.versionId! });
    hard.push(ms(t0));

    t0 = process.hrtime.bigint();
    // The console's own step: read and seal, asking for the data key while reading.
    const found = (await readAndSeal(vault, {
      objectId: b.id,
      versionCheck: b.versionId!,
      orgHint: org,
    }))!;
    const { id, read, sealed } = found;
    await insertCopy(db, {
      id,
      kind: 'deleted',
      objectId: read.id,
      objectName: read.name,
      versionId: b.versionId!,
      orgId: org,
      context,
      keyId: read.metadata.keyId,
      dataKeyId: sealed.dataKeyId,
      sealed: sealed.sealed,
      user,
      days: 7,
    });
    await vault.deleteObject({ id: b.id, versionCheck: b.versionId! });
    await keepCopy(db, id);
    recoverable.push(ms(t0));
    copies.push(id);
  }

  const restore: number[] = [];
  for (const id of copies) {
    const t0 = process.hrtime.bigint();
    const copy = (await claimForRestore(db, id))!;
    const opened = await openSealed(vault, copy.sealed, copy.id);
    if (!opened.ok) throw new Error('copy did not open');
    await vault.createObject({
      name: copy.object_name,
      value: opened.value,
      context: copy.context,
    });
    await dropCopy(db, copy.id);
    restore.push(ms(t0));
  }

  // 10,000 expired copies (realistic sealed size), then the purge in the job's batches.
  const sample = (await sealValue(vault, value, context, 'rcp_sample')).sealed;
  for (let i = 0; i < PURGE_N; i += 1000) {
    const n = Math.min(1000, PURGE_N - i);
    await db.query(
      `insert into recovery_copies (id, kind, state, object_id, object_name, version_id, org_id, context, sealed, created_by_id, created_by_email, purge_after)
       select 'rcp_bench_' || g, 'deleted', 'kept', 'obj_' || g, 'bench/expired-' || g, 'v', $1, $2, $3, 'u', 'bench@example.com', now() - interval '1 day'
       from generate_series($4::int, $5::int) g`,
      [org, JSON.stringify(context), sample, i, i + n - 1],
    );
  }
  const probe = async () => {
    const t0 = process.hrtime.bigint();
    await listDeleted(db, { orgId: org, limit: 50, offset: 0 });
    await db.query(`select id, name from vault_objects where org_id = $1 order by name limit 50`, [
      org,
    ]);
    return ms(t0);
  };
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push(await probe());
  const during: number[] = [];
  let purging = true;
  const t0 = process.hrtime.bigint();
  // The recovery job's own loop (paced batches on PGlite), with no deadline.
  const purge = purgeUntil(db, Number.POSITIVE_INFINITY).finally(() => {
    purging = false;
  });
  // Pages arrive through I/O: each probe yields to the event loop, as a request would (a loop of
  // in-memory queries alone would never let the purger's timers run).
  while (purging) {
    during.push(await probe());
    await new Promise((r) => setImmediate(r));
  }
  const purged = await purge;
  const purgeMs = ms(t0);

  const rows = [
    ['hard delete p95', `${p95(hard).toFixed(1)} ms`],
    ['recoverable delete p95', `${p95(recoverable).toFixed(1)} ms`],
    [
      'extra time p95 (goal ≤ 2× and ≤ 60 ms)',
      `${(p95(recoverable) - p95(hard)).toFixed(1)} ms, ${(p95(recoverable) / p95(hard)).toFixed(2)}×`,
    ],
    ['restore p95 (goal ≤ 300 ms)', `${p95(restore).toFixed(1)} ms`],
    [
      `purge of ${purged.toLocaleString('en-US')} expired copies (goal ≤ 60 s)`,
      `${(purgeMs / 1000).toFixed(2)} s`,
    ],
    [
      'console query p95 idle → during purge (goal ≤ +20 %)',
      `${p95(idle).toFixed(2)} ms → ${p95(during).toFixed(2)} ms (${during.length} samples)`,
    ],
  ];
  console.log(`bench:recovery, ${N} deletes of each kind, ${new Date().toISOString()}`);
  for (const [k, v] of rows) console.log(`  ${k}: ${v}`);
  await db.close();
  await t.close();
}

runAlone(import.meta, main);
