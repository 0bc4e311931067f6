/**
 * The load phase `npm run bench` and `npm run bench:replicas` share: N signed-in users (spread
 * over one or more consoles), each doing R rounds of org page, object page and reveal, and the
 * same-run baseline for it: the bare route handler `/api/health` at the same number in flight.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sessionAction } from '../../e2e/support/actions';
import { consoleEnv } from '../../e2e/support/console-process';
import { ConsoleSession, percentile } from './console-session';

export type Latency = { p50: number; p95: number; p99: number };

export type LoadStats = Latency & {
  users: number;
  rounds: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  byKind: Record<string, Latency>;
};

/** `/api/health` with the same callers in flight and the same number of requests. */
export type HealthStats = Latency & { requests: number; perSecond: number };

const latency = (sorted: number[]): Latency => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
});

/** Builds the console once if there is no production build yet. */
export function ensureConsoleBuild(port: number, log: (s: string) => void): void {
  if (existsSync('.next/BUILD_ID')) return;
  log('building the console…');
  const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'build'], {
    stdio: 'inherit',
    env: consoleEnv(port, {}),
  });
  if (b.status !== 0) throw new Error('build failed');
}

/** `count` users signed in as the admin, the i-th on `bases[i % bases.length]`. */
export async function signInUsers(bases: string[], count: number): Promise<ConsoleSession[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const s = new ConsoleSession(bases[i % bases.length]!);
      await s.signIn('admin@example.com');
      return s;
    }),
  );
}

/** Every user runs `rounds` rounds of org page, object page and reveal, all users at once. */
export async function runLoad(
  users: ConsoleSession[],
  rounds: number,
  orgId: string,
  objectId: string,
): Promise<LoadStats> {
  const lat: Record<string, number[]> = { 'org page': [], 'object page': [], reveal: [] };
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    users.map(async (s) => {
      for (let r = 0; r < rounds; r++) {
        for (const [kind, run] of [
          ['org page', async () => (await s.fetch(`/orgs/${orgId}`)).status === 200],
          ['object page', async () => (await s.fetch(`/objects/${objectId}`)).status === 200],
          [
            'reveal',
            async () =>
              (
                await sessionAction(s, `/objects/${objectId}`, 'revealObjectValue', {
                  objectId,
                  purpose: 'reveal',
                  reason: 'load test',
                })
              ).result?.ok === true,
          ],
        ] as const) {
          const t0 = performance.now();
          const ok = await run().catch(() => false);
          lat[kind]!.push(performance.now() - t0);
          if (!ok) errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const v of Object.values(lat)) v.sort((a, b) => a - b);
  const all = Object.values(lat)
    .flat()
    .sort((a, b) => a - b);
  return {
    users: users.length,
    rounds,
    requests: all.length,
    errors,
    seconds,
    perSecond: all.length / seconds,
    ...latency(all),
    byKind: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, latency(v)])),
  };
}

/**
 * `requests` GETs of `/api/health` (no session, no database, no WorkOS) with `inFlight` callers,
 * spread over `bases` like the users are.
 */
export async function healthLoad(
  bases: string[],
  inFlight: number,
  requests: number,
): Promise<HealthStats> {
  const lat: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, i) => {
      const url = `${bases[i % bases.length]!}/api/health`;
      while (next < requests) {
        next++;
        const t0 = performance.now();
        await (await fetch(url)).text();
        lat.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return { requests: lat.length, perSecond: lat.length / seconds, ...latency(lat) };
}

/** Throughput and latency of one kind of request with a fixed number of callers in a loop. */
export type ThroughputStats = Latency & { perSecond: number; requests: number; errors: number };

/**
 * `run` with `callers` in a loop for `seconds`: requests/s, latency percentiles, and how many
 * answers `run` judged wrong (it returns false) or threw.
 */
export async function throughputStats(
  callers: number,
  seconds: number,
  run: () => Promise<unknown>,
): Promise<ThroughputStats> {
  const until = performance.now() + seconds * 1000;
  const lat: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const ok = await run().catch(() => false);
        lat.push(performance.now() - t0);
        if (ok === false) errors++;
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { perSecond: lat.length / seconds, requests: lat.length, errors, ...latency(lat) };
}

/** Requests/s of `run` with `callers` in a loop for `seconds`. */
export async function throughput(
  callers: number,
  seconds: number,
  run: () => Promise<unknown>,
): Promise<number> {
  return (await throughputStats(callers, seconds, run)).perSecond;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** One table row: p50/p95/p99, errors, req/s, and the `/api/health` baseline beside them. */
export function loadRow(label: string, l: LoadStats, h: HealthStats | null): string {
  return `| ${label} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${l.errors} of ${l.requests} | ${l.perSecond.toFixed(1)} | ${h ? `p95 ${ms(h.p95)}, ${h.perSecond.toFixed(0)} req/s` : '—'} | ${h ? `${(l.p95 / h.p95).toFixed(1)}× / ${(l.perSecond / h.perSecond).toFixed(2)}` : '—'} |`;
}

export const LOAD_TABLE_HEAD = [
  '| configuration | p50 | p95 | p99 | errors | req/s | baseline: `/api/health`, same in flight | p95 ÷ baseline / req/s ÷ baseline |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
