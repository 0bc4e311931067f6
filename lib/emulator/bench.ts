/**
 * `npm run bench:emulator`: objects/s for create and for read through the real SDK, sequential
 * and with 8 requests in flight, with the store on disk (PGlite in a temp dir) and in memory.
 * Reads run with the read cache and with it off (the database path), in alternating slices.
 *
 * Each row comes with a same-run baseline: requests/s of a bare emulator route (API-key check,
 * request log, a JSON 404; no database) through the same fetch the SDK uses, at the same
 * concurrency. Absolute figures on a shared machine are noisy; the ratio is what to compare.
 * BENCH_OBJECTS (default 1000) sets the objects per run, BENCH_STORAGE=disk|memory|both.
 * BENCH_PROFILE_DIR=<dir> writes a CPU profile (`.cpuprofile`, 1 ms sampling) of each storage's
 * creates with 8 in flight, and of one more pass of cached reads with 8 in flight (not counted):
 * client, server and PGlite share this process, so one profile holds all three.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from './server';
import { sdkClient } from './testing';

const N = Number(process.env.BENCH_OBJECTS ?? 1000);
const API_KEY = 'sk_test_emulator';

export type EmulatorBenchRow = {
  storage: 'disk' | 'memory';
  op: string;
  concurrency: number;
  perSecond: number;
  /** Bare-route requests/s at the same concurrency, measured just before. */
  baselinePerSecond: number;
  /**
   * Requests per PGlite call: creates per insert statement; reads per call of the row lookups
   * and read-event inserts together (a cached read makes only the event insert).
   */
  perCall: number;
};

const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const noProfile = <T>(_label: string, run: () => Promise<T>) => run();

/** Runs `run`, under the CPU profiler when BENCH_PROFILE_DIR is set. */
async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return run();
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, `emulator-${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function timed<T>(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<T>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

async function benchStorage(storage: 'disk' | 'memory'): Promise<EmulatorBenchRow[]> {
  const dir = storage === 'disk' ? mkdtempSync(path.join(tmpdir(), 'vault-emu-bench-')) : null;
  const running = await startEmulator(
    { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'none' },
    {},
  );
  const { vault } = running.emu;
  const bare = async () => {
    const res = await fetch(`${running.url}/vault/v1/bench-baseline`, {
      headers: { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' },
    });
    await res.arrayBuffer();
    if (res.status !== 404) throw new Error(`baseline route answered ${res.status}`);
  };
  const perCall = (before: { calls: number; items: number }, after: typeof before) =>
    after.calls === before.calls ? 0 : (after.items - before.items) / (after.calls - before.calls);
  try {
    const workos = sdkClient(running.port, API_KEY, { maxRetries: 0 });
    // Warm the JIT, PGlite's WASM and the KEK cache so the figures describe steady state.
    for (let i = 0; i < 200; i++) {
      const m = await workos.vault.createObject({
        name: `warmup/${i}`,
        value: 'w',
        context: { organization_id: `org_bench${i % 20}` },
      });
      await workos.vault.readObject({ id: m.id });
      await bare();
    }
    const rows: EmulatorBenchRow[] = [];
    for (const concurrency of [1, 8]) {
      const ids: string[] = [];
      const tag = `bench-c${concurrency}`;
      const baselineCreate = await timed(N, concurrency, () => bare());
      const createStats = { ...vault.creates.stats };
      const create = await (concurrency === 8 ? profiled : noProfile)(`${storage}-create-8`, () =>
        timed(N, concurrency, async (i) => {
          const meta = await workos.vault.createObject({
            name: `${tag}/${i}`,
            value: `value-${i}-${'x'.repeat(40)}`,
            context: { organization_id: `org_bench${i % 20}` },
          });
          ids[i] = meta.id;
        }),
      );
      const createPerCall = perCall(createStats, vault.creates.stats);
      const baselineRead = await timed(N, concurrency, () => bare());
      // Reads with the read cache (every object was just created, so it is cached) and without
      // it (the database path, as before the cache), in alternating slices of the same ids so
      // that both see the same machine: a shared machine's speed drifts within seconds.
      const slices = 10;
      const modes = {
        cached: { seconds: 0, reads: 0, calls: 0 },
        uncached: { seconds: 0, reads: 0, calls: 0 },
      };
      for (let k = 0; k < slices * 2; k++) {
        const mode = k % 2 === 0 ? modes.cached : modes.uncached;
        vault.cache.enabled = mode === modes.cached;
        const from = Math.floor((Math.floor(k / 2) * N) / slices);
        const to = Math.floor(((Math.floor(k / 2) + 1) * N) / slices);
        const calls = vault.currents.stats.calls + vault.events.stats.calls;
        const perSecond = await timed(to - from, concurrency, async (i) => {
          await workos.vault.readObject({ id: ids[from + i]! });
        });
        mode.seconds += (to - from) / perSecond;
        mode.reads += to - from;
        mode.calls += vault.currents.stats.calls + vault.events.stats.calls - calls;
      }
      vault.cache.enabled = true;
      if (PROFILE_DIR && concurrency === 8)
        await profiled(`${storage}-read-cached-8`, () =>
          timed(N, concurrency, async (i) => {
            await workos.vault.readObject({ id: ids[i]! });
          }),
        );
      const rate = (m: typeof modes.cached) => ({
        perSecond: m.reads / m.seconds,
        perCall: m.calls === 0 ? 0 : m.reads / m.calls,
      });
      const read = rate(modes.cached);
      const uncached = rate(modes.uncached);
      rows.push(
        {
          storage,
          op: 'create',
          concurrency,
          perSecond: create,
          baselinePerSecond: baselineCreate,
          perCall: createPerCall,
        },
        {
          storage,
          op: 'read',
          concurrency,
          perSecond: read.perSecond,
          baselinePerSecond: baselineRead,
          perCall: read.perCall,
        },
        {
          storage,
          op: 'read, cache off',
          concurrency,
          perSecond: uncached.perSecond,
          baselinePerSecond: baselineRead,
          perCall: uncached.perCall,
        },
      );
    }
    return rows;
  } finally {
    await running.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEmulator(): Promise<{ rows: EmulatorBenchRow[]; objects: number }> {
  const which = process.env.BENCH_STORAGE ?? 'both';
  const rows: EmulatorBenchRow[] = [];
  if (which !== 'memory') rows.push(...(await benchStorage('disk')));
  if (which !== 'disk') rows.push(...(await benchStorage('memory')));
  return { rows, objects: N };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchEmulator().then(({ rows, objects }) => {
    console.log(
      `Emulator throughput, ${objects} objects per run, real SDK over loopback HTTP; ` +
        'baseline = bare route (auth + 404, no database) through the same fetch, same concurrency',
    );
    console.log('storage  operation  in flight  objects/s  baseline/s  ratio  per PGlite call');
    for (const r of rows)
      console.log(
        `${r.storage.padEnd(8)} ${r.op.padEnd(10)} ${String(r.concurrency).padStart(9)}  ` +
          `${r.perSecond.toFixed(0).padStart(9)}  ${r.baselinePerSecond.toFixed(0).padStart(10)}  ` +
          `${(r.perSecond / r.baselinePerSecond).toFixed(2).padStart(5)}  ${r.perCall.toFixed(1).padStart(15)}`,
      );
  });
}
