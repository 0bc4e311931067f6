/**
 * `npm run bench:trace`: where a request's server time goes. Starts the built console with
 * PERF_TRACE writing one JSON line per request to a temp file, runs the org page, the object page,
 * a reveal and a save N times each (one at a time, so the figures are not queueing), and prints
 * the median of every part next to same-run baselines: a bare route handler (`/api/health`) and
 * the direct SDK read and update of the same object against the same emulator.
 */
import './lib/bench-token';
import { WorkOS } from '@workos-inc/node';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionAction } from '../e2e/support/actions';
import { startConsole } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { adminOnReadyConsole, benchConsoleEnv } from './lib/bench-fixtures';
import { runLoad, signInUsers, throughput } from './lib/bench-load';
import { ConsoleSession, median } from './lib/console-session';
import { runAlone } from './lib/run-alone';

const PORT = Number(process.env.BENCH_PORT ?? 3330);
const EMU = Number(process.env.BENCH_EMULATOR_PORT ?? 4330);
const N = Number(process.env.BENCH_TRACE_ROUNDS ?? 40);
const COLUMNS = [
  'proxy',
  'session.auth',
  'session.verify',
  'session.revoked',
  'db',
  'workos',
  'render',
  'server',
] as const;

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');

const LOAD_USERS = Number(process.env.BENCH_LOAD_USERS ?? 20);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 5);

type LoadResult = {
  users: number;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  perSecond: number;
  orgPagePerSecond: number;
  healthPerSecond: number;
};

/**
 * LOAD_USERS signed-in users, each LOAD_ROUNDS rounds of org page, object page and reveal, then
 * the org page's throughput against a bare route handler's at the same concurrency.
 */
async function loadPhase(
  base: string,
  first: ConsoleSession,
  orgId: string,
  objectId: string,
  log: (s: string) => void,
): Promise<LoadResult> {
  log(`load: ${LOAD_USERS} users × ${LOAD_ROUNDS} rounds…`);
  const users = [first, ...(await signInUsers([base], LOAD_USERS - 1))];
  const load = await runLoad(users, LOAD_ROUNDS, orgId, objectId);
  const orgPagePerSecond = await throughput(LOAD_USERS, 10, async () =>
    (await first.fetch(`/orgs/${orgId}`)).text(),
  );
  const healthPerSecond = await throughput(LOAD_USERS, 10, async () =>
    (await fetch(`${base}/api/health`)).text(),
  );
  return {
    users: LOAD_USERS,
    requests: load.requests,
    errors: load.errors,
    p50: load.p50,
    p95: load.p95,
    perSecond: load.perSecond,
    orgPagePerSecond,
    healthPerSecond,
  };
}

export type TraceRow = { kind: string; client: number; parts: Record<string, number> };

export async function benchTrace(
  log: (s: string) => void,
  extraEnv: Record<string, string> = {},
): Promise<{ rows: TraceRow[]; baselines: Record<string, number>; load: LoadResult | null }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-trace-'));
  const traceFile = path.join(dir, 'trace.jsonl');
  const server = await startConsole(
    PORT,
    {
      ...benchConsoleEnv(EMU, path.join(dir, 'console')),
      PERF_TRACE: traceFile,
      // Every bench user is the same person: the per-person limits would refuse the load.
      RATE_LIMIT_VALUE_READS: '100000/600',
      RATE_LIMIT_WRITES: '100000/600',
      ...extraEnv,
    },
    { ownPorts: [EMU] },
  );
  try {
    const base = urlFor(PORT);
    const s = await adminOnReadyConsole(base, server);
    const emu = emulatorClient(urlFor(EMU));
    const org = await emu.orgByName('Contoso');
    const target = (await emu.findByName('northwind/postgres/primary'))!;
    const sdk = new WorkOS('sk_test_emulator', {
      apiHostname: 'localhost',
      port: EMU,
      https: false,
      maxRetries: 0,
    } as ConstructorParameters<typeof WorkOS>[1]);
    const client: Record<string, number[]> = {};
    const base_: Record<string, number[]> = { health: [], 'sdk read': [], 'sdk update': [] };
    const time = async (
      bucket: Record<string, number[]>,
      kind: string,
      run: () => Promise<unknown>,
    ) => {
      const t0 = performance.now();
      await run();
      (bucket[kind] ??= []).push(performance.now() - t0);
    };
    log(`tracing ${N} rounds of org page, object page, reveal, save…`);
    for (let i = -5; i < N; i++) {
      // The first five rounds warm the JIT and caches and are not counted.
      const tag = (k: string) => (i < 0 ? `warm-${k}-${i}` : `trace-${k}-${i}`);
      const sink = i < 0 ? {} : client;
      const sinkBase = i < 0 ? {} : base_;
      await time(sink, 'org page', async () =>
        (await s.fetch(`/orgs/${org.id}`, { headers: { 'x-correlation-id': tag('org') } })).text(),
      );
      await time(sink, 'object page', async () =>
        (
          await s.fetch(`/objects/${target.id}`, { headers: { 'x-correlation-id': tag('object') } })
        ).text(),
      );
      await time(sink, 'reveal', async () => {
        const r = await sessionAction(
          s,
          `/objects/${target.id}`,
          'revealObjectValue',
          { objectId: target.id, purpose: 'reveal', reason: 'bench trace' },
          { 'x-correlation-id': tag('reveal') },
        );
        if (!r.result || r.result.ok !== true) throw new Error(`reveal failed: ${r.status}`);
      });
      const version = (await emu.describe(target.id)).metadata.version_id;
      await time(sink, 'save', async () => {
        const r = await sessionAction(
          s,
          `/objects/${target.id}`,
          'updateObjectValue',
          { objectId: target.id, value: `trace ${i}`, versionCheck: version },
          { 'x-correlation-id': tag('save') },
        );
        if (!r.result || r.result.ok !== true) throw new Error(`save failed: ${r.status}`);
      });
      await time(sinkBase, 'health', async () => (await fetch(`${base}/api/health`)).text());
      await time(sinkBase, 'sdk read', () => sdk.vault.readObject({ id: target.id }));
      const v2 = (await emu.describe(target.id)).metadata.version_id;
      await time(sinkBase, 'sdk update', () =>
        sdk.vault.updateObject({ id: target.id, value: `direct ${i}`, versionCheck: v2 }),
      );
    }
    await new Promise((r) => setTimeout(r, 1500)); // after() callbacks write their lines
    if (process.env.BENCH_TRACE_KEEP) copyFileSync(traceFile, process.env.BENCH_TRACE_KEEP);
    const lines = readFileSync(traceFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows: TraceRow[] = [];
    for (const [kind, key] of [
      ['org page', 'org'],
      ['object page', 'object'],
      ['reveal', 'reveal'],
      ['save', 'save'],
    ] as const) {
      const mine = lines.filter((l) => String(l.correlation ?? '').startsWith(`trace-${key}-`));
      const parts: Record<string, number> = { requests: mine.length };
      for (const c of COLUMNS) parts[c] = median(mine.map((l) => Number(l[c] ?? 0)));
      parts['db.n'] = median(mine.map((l) => Number(l['db.n'] ?? 0)));
      parts['workos.n'] = median(mine.map((l) => Number(l['workos.n'] ?? 0)));
      rows.push({ kind, client: median(client[kind]!), parts });
    }
    const baselines = Object.fromEntries(Object.entries(base_).map(([k, v]) => [k, median(v)]));
    const load = LOAD_USERS > 0 ? await loadPhase(base, s, org.id, target.id, log) : null;
    return { rows, baselines, load };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function traceTable(r: {
  rows: TraceRow[];
  baselines: Record<string, number>;
  load: LoadResult | null;
}): string[] {
  const l = r.load;
  return [
    ...(l
      ? [
          `Load: ${l.users} users, ${l.requests} requests, ${l.errors} errors, p50 ${fmt(l.p50)} ms, p95 ${fmt(l.p95)} ms, ${fmt(l.perSecond)} req/s. Org page ${fmt(l.orgPagePerSecond)} req/s vs bare /api/health ${fmt(l.healthPerSecond)} req/s at ${l.users} in flight (ratio ${(l.orgPagePerSecond / l.healthPerSecond).toFixed(2)}).`,
          '',
        ]
      : []),
    `| request | client | proxy | session (withAuth) | token verify | revocation | DB (n) | WorkOS (n) | render/other | server |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.rows.map(
      ({ kind, client, parts: p }) =>
        `| ${kind} | ${fmt(client)} | ${fmt(p.proxy!)} | ${fmt(p['session.auth']!)} | ${fmt(p['session.verify']!)} | ${fmt(p['session.revoked']!)} | ${fmt(p.db!)} (${p['db.n']}) | ${fmt(p.workos!)} (${p['workos.n']}) | ${fmt(p.render!)} | ${fmt(p.server!)} |`,
    ),
    '',
    `Same-run baselines (median ms): bare \`/api/health\` ${fmt(r.baselines.health!)}, direct SDK read ${fmt(r.baselines['sdk read']!)}, direct SDK update ${fmt(r.baselines['sdk update']!)}.`,
  ];
}

// The session caches can be turned off, and PGlite put back on the request thread
// (CONSOLE_DB_THREAD=main), for a before/after comparison.
const PASSED = [
  'CONSOLE_DB_THREAD',
  'SESSION_REVOCATION_TTL_MS',
  'SESSION_VERIFY_CACHE_MS',
  'SESSION_UNSEAL_CACHE_MS',
].filter((k) => process.env[k]);
runAlone(
  import.meta,
  () =>
    benchTrace(
      (s) => console.log(`[bench:trace] ${s}`),
      Object.fromEntries(PASSED.map((k) => [k, process.env[k]!])),
    ),
  traceTable,
);
