/**
 * `npm run bench:replicas` (also part of `npm run bench` unless BENCH_REPLICAS=0): the load phase
 * of `npm run bench` on PostgreSQL, first with one console, then with two console processes on
 * the same database sharing one emulator (what a multi-replica deploy gets), beside the same
 * phase on PGlite with one console. Each configuration gets its own same-run baseline: the bare
 * `/api/health` at the same number in flight.
 *
 * PostgreSQL: a fresh database on BENCH_DATABASE_URL's server when that is set, otherwise a
 * throwaway cluster from the installed binaries (/usr/lib/postgresql/<version>/bin) on a free
 * loopback port, stopped and removed afterwards, also when a phase fails. Without either, the
 * section says so and nothing fails.
 */
import './lib/bench-token';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole, waitUp, type ConsoleProcess } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { startTestPostgres, type TestPostgres } from '../lib/testing/postgres';
import { benchConsoleEnv, waitForIndexBuild } from './lib/bench-fixtures';
import {
  ensureConsoleBuild,
  healthLoad,
  LOAD_TABLE_HEAD,
  loadRow,
  runLoad,
  signInUsers,
  type HealthStats,
  type LoadStats,
} from './lib/bench-load';
import { ConsoleSession } from './lib/console-session';
import { runAlone } from './lib/run-alone';

const PORT_A = Number(process.env.BENCH_REPLICAS_PORT ?? 3340);
const PORT_B = PORT_A + 1;
const EMU = Number(process.env.BENCH_REPLICAS_EMULATOR_PORT ?? 4340);
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 20);
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 15);

export type ReplicaRun = {
  label: string;
  consoles: number;
  database: 'pglite' | 'postgres';
  load: LoadStats;
  health: HealthStats;
};

export type ReplicasResult = {
  users: number;
  rounds: number;
  /** Why PostgreSQL was not measured, when it was not. */
  skipped: string | null;
  /** Where the PostgreSQL server came from. */
  postgres: string | null;
  runs: ReplicaRun[];
};

function postgresAvailable(): string | null {
  if (process.env.BENCH_DATABASE_URL) return 'BENCH_DATABASE_URL (a fresh database on it)';
  const root = '/usr/lib/postgresql';
  const found =
    existsSync(root) &&
    readdirSync(root).some((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  return found ? 'a throwaway cluster from /usr/lib/postgresql on a loopback port' : null;
}

function consoleOn(
  port: number,
  dataDir: string,
  databaseUrl: string | null,
  ownEmulator: boolean,
) {
  return startConsole(
    port,
    {
      ...benchConsoleEnv(EMU, dataDir),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      INDEX_SYNC_INTERVAL_SECONDS: '5',
      // Every bench user is the same person: the per-person limits would refuse the load.
      RATE_LIMIT_VALUE_READS: '100000/600',
      RATE_LIMIT_WRITES: '100000/600',
      // The emulator this console starts also lets the second console sign users in.
      ...(ownEmulator ? { EMULATOR_REDIRECT_URIS: `${urlFor(PORT_B)}/callback` } : {}),
    },
    { ownPorts: ownEmulator ? [EMU] : [] },
  );
}

/** Signs USERS users in across the consoles, runs the rounds, then the health baseline. */
async function measure(
  label: string,
  database: ReplicaRun['database'],
  servers: ConsoleProcess[],
  log: (s: string) => void,
): Promise<ReplicaRun> {
  const bases = servers.map((s) => urlFor(s.port));
  const first = new ConsoleSession(bases[0]!);
  await first.signIn('admin@example.com');
  for (const base of bases) {
    const s = base === bases[0] ? first : new ConsoleSession(base);
    if (s !== first) await s.signIn('admin@example.com');
    await (await s.fetch('/orgs')).text(); // starts the index sync
  }
  await waitForIndexBuild(first, { tries: 200, intervalMs: 300 });
  const emu = emulatorClient(urlFor(EMU));
  const org = await emu.orgByName('Contoso');
  const target = (await emu.findByName('northwind/postgres/primary'))!;
  log(`${label}: ${USERS} users × ${ROUNDS} rounds…`);
  const users = await signInUsers(bases, USERS);
  // Baseline first: after the load, the consoles are still sending the reveals' audit events.
  const health = await healthLoad(bases, USERS, USERS * ROUNDS * 3);
  // One unmeasured round per console, so each has compiled and cached the three requests.
  await runLoad(users.slice(0, bases.length), 1, org.id, target.id);
  const load = await runLoad(users, ROUNDS, org.id, target.id);
  log(
    `  p50 ${load.p50.toFixed(0)} ms, p95 ${load.p95.toFixed(0)} ms, ${load.errors} errors, ${load.perSecond.toFixed(1)} req/s (health p95 ${health.p95.toFixed(0)} ms, ${health.perSecond.toFixed(0)} req/s)`,
  );
  return { label, consoles: servers.length, database, load, health };
}

/**
 * The three configurations. `pglite` is `npm run bench`'s own PGlite load phase (same users,
 * rounds and requests); without it (run alone) this measures PGlite first itself.
 */
export async function benchReplicas(
  log: (s: string) => void,
  pglite: { load: LoadStats; health: HealthStats } | null = null,
): Promise<ReplicasResult> {
  ensureConsoleBuild(PORT_A, log);
  const runs: ReplicaRun[] = [];
  const result = (skipped: string | null, postgres: string | null): ReplicasResult => ({
    users: USERS,
    rounds: ROUNDS,
    skipped,
    postgres,
    runs,
  });
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'bench-replicas-'));
    dirs.push(d);
    return d;
  };
  const servers: ConsoleProcess[] = [];
  // Stops the consoles that share the emulator first, its owner (the first) last.
  const stopAll = async () => {
    for (const s of servers.splice(0).reverse()) await s.stop();
  };
  let database: TestPostgres | null = null;
  try {
    if (pglite) {
      runs.push({ label: 'PGlite, one console', consoles: 1, database: 'pglite', ...pglite });
    } else {
      log('PGlite, one console…');
      servers.push(await consoleOn(PORT_A, tempDir(), null, true));
      await waitUp(`${urlFor(PORT_A)}/api/health`, servers[0]);
      runs.push(await measure('PGlite, one console', 'pglite', servers, log));
      await stopAll();
    }
    const source = postgresAvailable();
    if (!source)
      return result(
        'no PostgreSQL: no binaries under /usr/lib/postgresql and no BENCH_DATABASE_URL',
        null,
      );
    log(`PostgreSQL: ${source}…`);
    database = await startTestPostgres(process.env.BENCH_DATABASE_URL);
    servers.push(await consoleOn(PORT_A, tempDir(), database.url, true));
    await waitUp(`${urlFor(PORT_A)}/api/health`, servers[0]);
    runs.push(await measure('PostgreSQL, one console', 'postgres', servers, log));
    servers.push(await consoleOn(PORT_B, tempDir(), database.url, false));
    await waitUp(`${urlFor(PORT_B)}/api/health`, servers[1]);
    runs.push(await measure('PostgreSQL, two consoles', 'postgres', servers, log));
    return result(null, source);
  } finally {
    await stopAll();
    await database?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The markdown section for PERFORMANCE.md (and the standalone run's output). */
export function replicasSection(r: ReplicasResult | null): string[] {
  const head = '## Load on PostgreSQL: one console and two';
  if (!r) return [head, '', 'Not run (`BENCH_REPLICAS=0`).', ''];
  return [
    head,
    '',
    `${r.users} users (split evenly over the consoles), each ${r.rounds} rounds of org page, object page, reveal, after one unmeasured round by one user per console; the consoles are production builds sharing one in-memory emulator. Baseline per configuration: \`/api/health\` with the same ${r.users} callers in flight and as many requests, right before the load. PostgreSQL: ${r.postgres ?? '—'}${r.postgres?.startsWith('a throwaway') ? ' (with `fsync=off`, as PGlite runs without fsync)' : ''}.`,
    '',
    ...LOAD_TABLE_HEAD,
    ...r.runs.map((run) => loadRow(run.label, run.load, run.health)),
    '',
    ...(r.skipped ? [`PostgreSQL not measured: ${r.skipped}.`, ''] : []),
  ];
}

runAlone(
  import.meta,
  () => benchReplicas((s) => console.log(`[bench:replicas] ${s}`)),
  (r) => ['', ...replicasSection(r)],
);
