/**
 * `npm run bench:emulator`: objects/s for create and for read through the real SDK, with the
 * store on disk (PGlite in a temp dir), sequential and with 8 requests in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from './server';
import { sdkClient } from './testing';

const N = Number(process.env.BENCH_OBJECTS ?? 1000);

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

export async function benchEmulator(): Promise<{
  rows: { op: string; concurrency: number; perSecond: number }[];
  objects: number;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vault-emu-bench-'));
  const running = await startEmulator(
    { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'none' },
    {},
  );
  try {
    const workos = sdkClient(running.port, 'sk_test_emulator', { maxRetries: 0 });
    // Warm the JIT, PGlite's WASM and the KEK cache so the figures describe steady state.
    for (let i = 0; i < 200; i++) {
      const m = await workos.vault.createObject({
        name: `warmup/${i}`,
        value: 'w',
        context: { organization_id: `org_bench${i % 20}` },
      });
      await workos.vault.readObject({ id: m.id });
    }
    const rows: { op: string; concurrency: number; perSecond: number }[] = [];
    for (const concurrency of [1, 8]) {
      const ids: string[] = [];
      const tag = `bench-c${concurrency}`;
      const create = await timed(N, concurrency, async (i) => {
        const meta = await workos.vault.createObject({
          name: `${tag}/${i}`,
          value: `value-${i}-${'x'.repeat(40)}`,
          context: { organization_id: `org_bench${i % 20}` },
        });
        ids[i] = meta.id;
      });
      const read = await timed(N, concurrency, async (i) => {
        await workos.vault.readObject({ id: ids[i]! });
      });
      rows.push(
        { op: 'create', concurrency, perSecond: create },
        { op: 'read', concurrency, perSecond: read },
      );
    }
    return { rows, objects: N };
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchEmulator().then(({ rows, objects }) => {
    console.log(
      `Emulator throughput, ${objects} objects per run, PGlite on disk, real SDK over loopback HTTP`,
    );
    console.log('operation  in flight  objects/s');
    for (const r of rows)
      console.log(
        `${r.op.padEnd(10)} ${String(r.concurrency).padStart(9)}  ${r.perSecond.toFixed(0).padStart(9)}`,
      );
  });
}
