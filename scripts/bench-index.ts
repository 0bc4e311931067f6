/**
 * `npm run bench:index`: seeds 100,000 objects over 1,000 organizations into an emulator,
 * cold-builds the console's context index (list + describe), then measures the organization
 * page of a production console server against that warm index.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '../lib/db/client';
import { sdkClient } from '../lib/emulator/testing';
import { totalObjects } from '../lib/index/store';
import { IndexSync, readSyncStatus, type PassSummary } from '../lib/index/sync';
import { ConsoleSession, percentile } from './lib/console-session';
import { benchControlHeaders } from './lib/bench-token';
import { runAlone } from './lib/run-alone';
import { spawnBenchEmulator } from './lib/bench-fixtures';

// BENCH_INDEX_* size this bench alone inside `npm run bench` (BENCH_OBJECTS also sizes others).
const OBJECTS = Number(process.env.BENCH_INDEX_OBJECTS ?? process.env.BENCH_OBJECTS ?? 100_000);
const ORGS = Number(process.env.BENCH_INDEX_ORGS ?? process.env.BENCH_ORGS ?? 1_000);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 300);
const RPM = Number(process.env.BENCH_SYNC_RPM ?? 1_000_000);
const EMULATOR_PORT = 4310;
const CONSOLE_PORT = 3310;

export type IndexBenchResult = {
  objects: number;
  orgs: number;
  seedSeconds: number;
  buildSeconds: number;
  buildRate: number;
  describes: number;
  pageP50: number;
  pageP95: number;
  pageRequests: number;
  pageErrors: number;
  /** GET /api/palette round trips, and the server's own index time from its Server-Timing. */
  paletteP50: number;
  paletteP95: number;
  paletteServerP95: number;
  paletteRequests: number;
  paletteErrors: number;
  /** One cron pass (GET /api/cron/index-sync's work) over the full index, nothing changed. */
  cronPass: PassSummary;
  /** One cron pass that must walk for deletions (a reconcile slice within the 20 s budget). */
  cronReconcilePass: PassSummary;
};

async function waitFor(url: string, seconds: number) {
  for (let i = 0; i < seconds * 5; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up in ${seconds} s`);
}

/** fetch() gives up after 300 s without response headers; a 100k seed on a busy machine can take longer. */
function postWithoutTimeout(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: benchControlHeaders() }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function benchIndex(
  log: (s: string) => void = console.log,
): Promise<IndexBenchResult> {
  const dbDir = mkdtempSync(path.join(tmpdir(), 'bench-index-db-'));
  // The emulator runs in its own process, as it does beside a real console.
  const emulatorProc = spawnBenchEmulator(EMULATOR_PORT, {
    PORT: String(CONSOLE_PORT),
    EMULATOR_REQUEST_LOG_SIZE: String(OBJECTS * 2 + 10_000),
  });
  const emulatorUrl = `http://localhost:${EMULATOR_PORT}`;
  let server: ReturnType<typeof spawn> | null = null;
  try {
    await waitFor(`${emulatorUrl}/_emulator/health`, 60);
    log(`seeding ${OBJECTS} objects over ${ORGS} organizations…`);
    const seedStarted = performance.now();
    const seeded = await postWithoutTimeout(`${emulatorUrl}/_emulator/seed`, {
      kind: 'bulk',
      organizations: ORGS,
      objects: OBJECTS,
      prefix: 'bench',
    });
    if (seeded.status !== 200) throw new Error(`seed failed: ${seeded.body}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    log('cold-building the context index (list + describe, no decryption)…');
    const db = await openDb({ url: null, dataDir: dbDir });
    const sync = new IndexSync(
      db,
      sdkClient(EMULATOR_PORT, 'sk_test_emulator', { maxRetries: 3 }),
      {
        intervalMs: 3_600_000,
        reconcileIntervalMs: 3_600_000,
        maxRequestsPerMinute: RPM,
        buildSliceMs: 3_600_000,
      },
    );
    const seqBefore = (
      await (
        await fetch(`${emulatorUrl}/_emulator/requests?path_prefix=/none`, {
          headers: benchControlHeaders(),
        })
      ).json()
    ).last_seq as number;
    const buildStarted = performance.now();
    while ((await readSyncStatus(db)).build.status !== 'ready') await sync.runOnce();
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const indexed = await totalObjects(db);
    const requestLog = (
      await (
        await fetch(
          `${emulatorUrl}/_emulator/requests?since=${seqBefore}&path_prefix=/vault/v1/kv/`,
          { headers: benchControlHeaders() },
        )
      ).json()
    ).data as { path: string }[];
    const describes = requestLog.filter((e) => e.path.endsWith('/metadata')).length;
    log('one cron pass over the full index, nothing changed…');
    const cronPass = await sync.runOnce({ budgetMs: 20_000 });
    log(`  ${cronPass.ms} ms, ${cronPass.workosCalls} WorkOS calls`);
    const cronReconcilePass = await sync.runOnce({ budgetMs: 20_000, reconcile: true });
    log(
      `  with a deletion check due: ${cronReconcilePass.ms} ms, ${cronReconcilePass.workosCalls} WorkOS calls (${cronReconcilePass.reconcile})`,
    );
    await sync.stop();
    await db.close();
    log(
      `indexed ${indexed} objects in ${buildSeconds.toFixed(1)} s (${(indexed / buildSeconds).toFixed(0)} objects/s, ${describes} describes)`,
    );

    if (!existsSync('.next/BUILD_ID')) {
      log('building the console (no production build found)…');
      const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'build'], {
        stdio: 'inherit',
        env: { ...process.env, WORKOS_API_KEY: '' } as NodeJS.ProcessEnv,
      });
      if (b.status !== 0) throw new Error('build failed');
    }
    const env = {
      ...process.env,
      PORT: String(CONSOLE_PORT),
      EMULATOR_PORT: String(EMULATOR_PORT),
      CONSOLE_DATA_DIR: dbDir,
      INDEX_SYNC_INTERVAL_SECONDS: '30',
    } as NodeJS.ProcessEnv;
    delete env.WORKOS_API_KEY;
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'start'], {
      env,
      stdio: 'ignore',
    });
    await waitFor(`http://localhost:${CONSOLE_PORT}/api/health`, 60);
    const session = new ConsoleSession(`http://localhost:${CONSOLE_PORT}`);
    await session.signIn('support@example.com');
    const workos = sdkClient(EMULATOR_PORT);
    const orgIds = (await (await workos.organizations.listOrganizations()).autoPagination())
      .filter((o) => o.name.startsWith('bench organization'))
      .map((o) => o.id);
    // Warm-up: compile paths and fill caches, not measured.
    for (let i = 0; i < 20; i++)
      await (await session.fetch(`/orgs/${orgIds[i % orgIds.length]}`)).text();
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < PAGE_REQUESTS; i++) {
      const org = orgIds[(i * 7919) % orgIds.length]!;
      const started = performance.now();
      const res = await session.fetch(`/orgs/${org}`);
      const body = await res.text();
      times.push(performance.now() - started);
      if (res.status !== 200 || !body.includes('objects indexed')) errors++;
    }
    times.sort((a, b) => a - b);

    // The command palette's search over the same 100k-object index: prefix, substring, misses.
    const terms = ['bench', 'bench/org-0', 'item-9', 'org-12', 'zzz-missing', 'ect-4', '99'];
    const paletteTimes: number[] = [];
    const serverTimes: number[] = [];
    let paletteErrors = 0;
    for (let i = 0; i < PAGE_REQUESTS; i++) {
      const q = `${terms[i % terms.length]}${i % 3 === 0 ? '' : String(i % 10)}`;
      const started = performance.now();
      const res = await session.fetch(`/api/palette?q=${encodeURIComponent(q)}`);
      await res.text();
      paletteTimes.push(performance.now() - started);
      const m = /index;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
      if (m) serverTimes.push(Number(m[1]));
      if (res.status !== 200) paletteErrors++;
    }
    paletteTimes.sort((a, b) => a - b);
    serverTimes.sort((a, b) => a - b);
    const result: IndexBenchResult = {
      objects: OBJECTS,
      orgs: ORGS,
      seedSeconds,
      buildSeconds,
      buildRate: indexed / buildSeconds,
      describes,
      pageP50: percentile(times, 50),
      pageP95: percentile(times, 95),
      pageRequests: PAGE_REQUESTS,
      pageErrors: errors,
      paletteP50: percentile(paletteTimes, 50),
      paletteP95: percentile(paletteTimes, 95),
      paletteServerP95: serverTimes.length ? percentile(serverTimes, 95) : NaN,
      paletteRequests: PAGE_REQUESTS,
      paletteErrors,
      cronPass,
      cronReconcilePass,
    };
    return result;
  } finally {
    server?.kill('SIGTERM');
    emulatorProc.kill('SIGTERM');
    rmSync(dbDir, { recursive: true, force: true });
  }
}

runAlone(import.meta, benchIndex, (r) => [
  '\ncontext index benchmark',
  `  objects / orgs            ${r.objects} / ${r.orgs} (bulk seed ${r.seedSeconds.toFixed(1)} s)`,
  `  cold build                ${r.buildSeconds.toFixed(1)} s, ${r.buildRate.toFixed(0)} objects/s, ${r.describes} describes`,
  `  org page (warm), ${r.pageRequests} req  p50 ${r.pageP50.toFixed(1)} ms, p95 ${r.pageP95.toFixed(1)} ms, errors ${r.pageErrors}`,
  `  palette search, ${r.paletteRequests} req   p50 ${r.paletteP50.toFixed(1)} ms, p95 ${r.paletteP95.toFixed(1)} ms (index time p95 ${r.paletteServerP95.toFixed(1)} ms), errors ${r.paletteErrors}`,
]);
