/**
 * `npm run bench:pages`: where an organization page's and an object page's time goes, by
 * subtraction and by profile. One production console (demo data, in-memory emulator) answers
 * each kind of request with 20 callers in flight for 10 s:
 * - `/api/health`: no session, no database, no render; then the same with the session cookie
 *   (the proxy unseals and checks the session on every request that carries one);
 * - the org's object list as JSON (`/api/orgs/:id/objects`, the pager's own route): the proxy's
 *   session check, `withAuth`, the permission and the same query as the page's table;
 * - the org page and the object page as their React payload alone (`RSC: 1`, what a client
 *   navigation fetches: the server components rendered to flight data, no HTML);
 * - the same pages as HTML (a full load: flight data, then React DOM's server render of it).
 * Kinds alternate over BENCH_PAGES_ROUNDS rounds (default 3) and each figure is the median.
 * Per kind it also reads every console process's CPU time (per thread, from /proc), so a
 * request's CPU splits into the Next server's main thread, its PGlite worker thread and the
 * emulator. With BENCH_PAGES_PROFILE=<dir>, the console's processes carry
 * scripts/lib/cpu-profile-hook.mjs and the last round profiles each kind's window; the summary
 * groups the Next server's self time by where the code comes from.
 * Loopback only; every loop is bounded.
 */
import './lib/bench-token';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { adminOnReadyConsole, benchConsoleEnv } from './lib/bench-fixtures';
import { ensureConsoleBuild, throughputStats, type ThroughputStats } from './lib/bench-load';
import { median } from './lib/console-session';
import { summarise, summaryTable } from './lib/cpu-profile-summary';
import { runAlone } from './lib/run-alone';

const PORT = Number(process.env.BENCH_PORT ?? 3350);
const EMU = Number(process.env.BENCH_EMULATOR_PORT ?? 4350);
const ROUNDS = Number(process.env.BENCH_PAGES_ROUNDS ?? 3);
const IN_FLIGHT = 20;
const SECONDS = 10;
const PROFILE_DIR = process.env.BENCH_PAGES_PROFILE;
const TICK_MS = 1000 / 100; // USER_HZ: /proc's CPU times are in ticks of 10 ms

type Kind =
  | 'health'
  | 'health, signed in'
  | 'org JSON'
  | 'org flight'
  | 'org HTML'
  | 'object flight'
  | 'object HTML';
const KINDS: Kind[] = [
  'health',
  'health, signed in',
  'org JSON',
  'org flight',
  'org HTML',
  'object flight',
  'object HTML',
];

/** CPU ticks per thread of one process, by thread name (Next's worker threads share a name). */
function threadTicks(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat; after the comm they are 11 and 12.
      out[comm] = (out[comm] ?? 0) + Number(fields[11]) + Number(fields[12]);
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** The processes started for this console: the ones whose environment names its data dir. */
function consoleProcesses(marker: string): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker)) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const name = /next-server|next start|next\/dist/.test(cmd)
        ? 'Next server'
        : /emulator/.test(cmd)
          ? 'emulator'
          : /console\.ts/.test(cmd)
            ? 'launcher'
            : cmd.slice(0, 40);
      out.push({ pid: Number(entry), name });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

type PageKindResult = {
  kind: Kind;
  runs: ThroughputStats[];
  /** CPU ms per request, median over rounds, by "process/thread". */
  cpuPerRequest: Record<string, number>;
};

type PagesResult = {
  kinds: PageKindResult[];
  bytes: Record<Kind, number>;
  profiles: { kind: Kind; table: string[] }[];
};

async function benchPages(log: (s: string) => void): Promise<PagesResult> {
  ensureConsoleBuild(PORT, log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pages-'));
  const dataDir = path.join(dir, 'console');
  const hook = path.resolve('scripts/lib/cpu-profile-hook.mjs');
  const server = await startConsole(
    PORT,
    {
      ...benchConsoleEnv(EMU, dataDir),
      RATE_LIMIT_VALUE_READS: '100000/600',
      RATE_LIMIT_WRITES: '100000/600',
      ...(PROFILE_DIR ? { NODE_OPTIONS: `--import ${hook}`, CPU_PROFILE_DIR: PROFILE_DIR } : {}),
    },
    { ownPorts: [EMU] },
  );
  try {
    const base = urlFor(PORT);
    const s = await adminOnReadyConsole(base, server);
    const emu = emulatorClient(urlFor(EMU));
    const org = await emu.orgByName('Northwind');
    const object = (await emu.findByName('northwind/postgres/primary'))!;
    // A flight request is first answered 307 to add Next's `_rsc` parameter; ask for that URL.
    const flightUrl = async (route: string) => {
      const r = await s.fetch(route, { headers: { rsc: '1' } });
      await r.text();
      const to = r.headers.get('location');
      if (r.status !== 307 || !to) return route;
      const url = new URL(to, base);
      return url.pathname + url.search;
    };
    const rsc = { rsc: '1' };
    const routes: Record<Kind, [string, Record<string, string>]> = {
      health: ['/api/health', {}],
      'health, signed in': ['/api/health', {}],
      'org JSON': [`/api/orgs/${org.id}/objects`, {}],
      'org flight': [await flightUrl(`/orgs/${org.id}`), rsc],
      'org HTML': [`/orgs/${org.id}`, {}],
      'object flight': [await flightUrl(`/objects/${object.id}`), rsc],
      'object HTML': [`/objects/${object.id}`, {}],
    };
    // Every kind is asked with the admin's session, except the bare baseline.
    const get = (kind: Kind) => {
      const [route, headers] = routes[kind];
      return kind === 'health' ? fetch(new URL(route, base)) : s.fetch(route, { headers });
    };
    const bytes = {} as Record<Kind, number>;
    for (const kind of KINDS) {
      const r = await get(kind);
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${kind}: ${routes[kind][0]} answered ${r.status}`);
      bytes[kind] = Buffer.byteLength(body);
    }
    const procs = consoleProcesses(dataDir);
    log(`console processes: ${procs.map((p) => `${p.name} ${p.pid}`).join(', ')}`);
    const cpu = () => {
      const own = process.cpuUsage();
      // This process (the load generator) in ticks too, so every figure has one unit.
      const out: Record<string, number> = {
        'load generator': (own.user + own.system) / 1000 / TICK_MS,
      };
      for (const p of procs)
        for (const [thread, ticks] of Object.entries(threadTicks(p.pid)))
          out[`${p.name} / ${thread}`] = (out[`${p.name} / ${thread}`] ?? 0) + ticks;
      return out;
    };
    // Starts, then stops and writes, every console process's profile (cpu-profile-hook.mjs).
    const signal = () => procs.forEach((p) => process.kill(p.pid, 'SIGUSR2'));
    const runs = new Map<Kind, ThroughputStats[]>(KINDS.map((k) => [k, []]));
    const cpuRuns = new Map<Kind, Record<string, number>[]>(KINDS.map((k) => [k, []]));
    const profiles: { kind: Kind; table: string[] }[] = [];
    // One unmeasured pass warms every route.
    for (const kind of KINDS)
      await throughputStats(IN_FLIGHT, 1, async () => (await get(kind)).text());
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...KINDS].reverse() : KINDS;
      const profiling = PROFILE_DIR && round === ROUNDS - 1;
      for (const kind of order) {
        const before = cpu();
        const since = Date.now();
        if (profiling) signal();
        const stats = await throughputStats(IN_FLIGHT, SECONDS, async () => {
          const r = await get(kind);
          await r.text();
          return r.status === 200;
        });
        if (profiling) signal();
        const after = cpu();
        runs.get(kind)!.push(stats);
        const perRequest: Record<string, number> = {};
        for (const [k, v] of Object.entries(after))
          perRequest[k] = ((v - (before[k] ?? 0)) * TICK_MS) / stats.requests;
        cpuRuns.get(kind)!.push(perRequest);
        log(
          `round ${round + 1} ${kind}: ${stats.perSecond.toFixed(1)} req/s, p95 ${stats.p95.toFixed(0)} ms, ${stats.errors} errors`,
        );
        if (profiling) {
          await new Promise((r) => setTimeout(r, 1500)); // the profiles are written
          const next = procs.find((p) => p.name === 'Next server');
          const file = readdirSync(PROFILE_DIR)
            .filter((f) => next && f.startsWith(`${next.pid}-`))
            .map((f) => ({ f, t: Number(f.split('-')[1]!.split('.')[0]) }))
            .filter((x) => x.t >= since)
            .sort((a, b) => b.t - a.t)[0];
          if (file)
            profiles.push({
              kind,
              table: summaryTable(
                `${kind}, Next server main thread`,
                summarise(JSON.parse(readFileSync(path.join(PROFILE_DIR, file.f), 'utf8'))),
              ),
            });
        }
      }
    }
    const kinds = KINDS.map((kind) => {
      const perRun = cpuRuns.get(kind)!;
      const keys = [...new Set(perRun.flatMap((r) => Object.keys(r)))];
      const cpuPerRequest = Object.fromEntries(
        keys
          .map((k) => [k, median(perRun.map((r) => r[k] ?? 0))] as const)
          .filter(([, v]) => v >= 0.05),
      );
      return { kind, runs: runs.get(kind)!, cpuPerRequest };
    });
    return { kinds, bytes, profiles };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pagesSection(r: PagesResult): string[] {
  const health = median(r.kinds.find((k) => k.kind === 'health')!.runs.map((x) => x.perSecond));
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const threads = [...new Set(r.kinds.flatMap((k) => Object.keys(k.cpuPerRequest)))].sort();
  return [
    `| request (${IN_FLIGHT} in flight, ${SECONDS} s, median of ${ROUNDS}) | bytes | req/s | ÷ health | p50 | p95 | CPU ms per request: ${threads.join(' · ')} |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.kinds.map((k) => {
      const rps = median(k.runs.map((x) => x.perSecond));
      return `| ${k.kind} | ${r.bytes[k.kind].toLocaleString('en-US')} | ${rps.toFixed(1)} | ${(rps / health).toFixed(2)} | ${ms(median(k.runs.map((x) => x.p50)))} | ${ms(median(k.runs.map((x) => x.p95)))} | ${threads.map((t) => (k.cpuPerRequest[t] ?? 0).toFixed(1)).join(' · ')} |`;
    }),
    '',
    ...r.profiles.flatMap((p) => [...p.table, '']),
  ];
}

runAlone(import.meta, () => benchPages((s) => console.log(`[bench:pages] ${s}`)), pagesSection);
