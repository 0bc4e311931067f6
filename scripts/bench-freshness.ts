/**
 * How soon an object created through the Vault API shows on the console's organization page:
 * with webhooks, with polling only (default interval), and right after `kill -TERM` and a restart.
 * A production console (background sync) against an in-memory emulator on its own ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnBenchEmulator, waitForIndexBuild } from './lib/bench-fixtures';
import { ConsoleSession, percentile } from './lib/console-session';
import { benchControlHeaders } from './lib/bench-token';
import { runAlone } from './lib/run-alone';

const PORT = 3330;
const EMULATOR_PORT = 4330;
const BASE = `http://localhost:${PORT}`;
const EMU = `http://localhost:${EMULATOR_PORT}`;
const ORG = 'org_01KF0E44M0BENCHFRESHNESS000';
const SAMPLES = Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 20);

export type FreshnessResult = {
  intervalSeconds: number;
  webhooks: number[];
  polling: number[];
  restart: number;
  restartStartupMs: number;
};

async function waitUp(url: string, seconds = 120) {
  for (let i = 0; i < seconds * 5; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function emu(method: string, p: string, body?: unknown) {
  const res = await fetch(`${EMU}${p}`, {
    method,
    headers: { authorization: 'Bearer sk_test_emulator', ...benchControlHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status}`);
  return res.json();
}

/** Creates one object and returns the ms until the org objects API lists it. */
async function createToVisible(session: ConsoleSession, label: string): Promise<number> {
  const name = `fresh/${label}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const started = performance.now();
  await emu('POST', '/vault/v1/kv', {
    name,
    value: 'bench',
    key_context: { organization_id: ORG },
  });
  for (;;) {
    const res = await session.fetch(`/api/orgs/${ORG}/objects?q=${encodeURIComponent(name)}`);
    if ((await res.text()).includes(`"${name}"`)) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`${name} never showed`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function benchFreshness(
  log: (s: string) => void = console.log,
): Promise<FreshnessResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-freshness-'));
  const emulator = spawnBenchEmulator(EMULATOR_PORT, {
    EMULATOR_WEBHOOK_VAULT_EVENTS: '1', // "webhooks on": where WorkOS sends Vault events
    PORT: String(PORT),
  });
  let server: ChildProcess | null = null;
  const start = async () => {
    const env = {
      ...process.env,
      PORT: String(PORT),
      EMULATOR_PORT: String(EMULATOR_PORT),
      CONSOLE_DATA_DIR: dataDir,
    } as NodeJS.ProcessEnv;
    delete env.WORKOS_API_KEY;
    delete env.INDEX_SYNC_INTERVAL_SECONDS; // the default interval
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'start'], {
      env,
      stdio: 'ignore',
    });
    await waitUp(`${BASE}/api/health`);
    const session = new ConsoleSession(BASE);
    await session.signIn('admin@example.com');
    return session;
  };
  const stop = async () => {
    const s = server as ChildProcess | null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUp(`${EMU}/_emulator/health`);
    let session = await start();
    // Let the first build finish, so each sample times freshness and not the cold build.
    await waitForIndexBuild(session, { tries: 120, intervalMs: 500 });
    log(`freshness: ${SAMPLES} creates with webhooks on…`);
    const webhooks: number[] = [];
    for (let i = 0; i < SAMPLES; i++) webhooks.push(await createToVisible(session, 'webhook'));

    log(`freshness: ${SAMPLES} creates with polling only (webhooks paused)…`);
    await emu('POST', '/_emulator/webhooks', { paused: true, clear_queue: true });
    // Spread over the interval: each create lands at a different point of the sync cycle.
    const polling = await Promise.all(
      Array.from({ length: SAMPLES }, async (_, i) => {
        await new Promise((r) => setTimeout(r, (i * 10_000) / SAMPLES));
        return createToVisible(session, 'poll');
      }),
    );

    log('freshness: kill -TERM, restart, create…');
    await stop();
    const restartAt = performance.now();
    session = await start();
    const restartStartupMs = performance.now() - restartAt;
    const restart = await createToVisible(session, 'restart');
    await stop();
    return {
      intervalSeconds: 10,
      webhooks: webhooks.sort((a, b) => a - b),
      polling: polling.sort((a, b) => a - b),
      restart,
      restartStartupMs,
    };
  } finally {
    await stop().catch(() => undefined);
    emulator.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function freshnessRows(r: FreshnessResult): string[] {
  const p95w = percentile(r.webhooks, 95);
  const p95p = percentile(r.polling, 95);
  const limit = r.intervalSeconds * 1000;
  return [
    `| API create → visible, webhooks on | p50 ${percentile(r.webhooks, 50).toFixed(0)} ms, p95 ${p95w.toFixed(0)} ms (${r.webhooks.length} creates) | p95 ≤ 2 s ${p95w <= 2000 ? '✓' : '✗'} |`,
    `| API create → visible, polling only (${r.intervalSeconds} s interval) | p50 ${percentile(r.polling, 50).toFixed(0)} ms, p95 ${p95p.toFixed(0)} ms (${r.polling.length} creates) | p95 ≤ ${r.intervalSeconds + 2} s ${p95p <= limit + 2000 ? '✓' : '✗'} |`,
    `| after \`kill -TERM\` and restart, API create → visible | ${r.restart.toFixed(0)} ms (create sent once the restarted console answered, ${(r.restartStartupMs / 1000).toFixed(1)} s after the restart began) | ≤ ${r.intervalSeconds + 5} s ${r.restart <= limit + 5000 ? '✓' : '✗'} |`,
  ];
}

runAlone(import.meta, benchFreshness, freshnessRows);
