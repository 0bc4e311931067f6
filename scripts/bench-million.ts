/**
 * `npm run bench:million` (also part of `npm run bench` unless BENCH_MILLION=0): the context index
 * at BENCH_MILLION_OBJECTS (1,000,000) objects, seeded in SQL straight into the store (the way a
 * finished cold build leaves it; no HTTP, no WorkOS), in process on PGlite in a temporary
 * directory (never a shared database). Times what the org page and the global name search ask the
 * database, p50/p95 per kind: the org page's statement (first page and the org's count in one
 * query, as the page runs it) and its two halves apart; searches for common, rare and missing
 * substrings. Baselines in the same run: the same queries at BENCH_MILLION_BASELINE_OBJECTS
 * (100,000; measured on the way up, before the rest is seeded) and a `select 1` round trip on the
 * same database at full size. Prints the plan of a rare substring search, so the trigram index's
 * use is visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../lib/db/client';
import { OBJECT_PAGE_SIZE } from '../lib/index/list-params';
import { countOrg, listObjects } from '../lib/index/store';
import { seedIndexRows } from './lib/bench-fixtures';
import { percentile } from './lib/console-session';
import { runAlone } from './lib/run-alone';

const OBJECTS = Number(process.env.BENCH_MILLION_OBJECTS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_MILLION_ORGS ?? 1_000);
const BASELINE_OBJECTS = Number(process.env.BENCH_MILLION_BASELINE_OBJECTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_MILLION_ROUNDS ?? 20);
const CHUNK = 100_000;

export type Timing = { p50: number; p95: number; n: number };
/** Query kind → timing, at one index size. */
export type SizeTimings = { objects: number; kinds: Record<string, Timing> };

export type MillionResult = {
  objects: number;
  orgs: number;
  rounds: number;
  seedSeconds: number;
  trigramIndex: boolean;
  plan: string[];
  full: SizeTimings;
  /** The same queries at the smaller size, or null when it is not smaller than the full one. */
  baseline: SizeTimings | null;
  /** `select 1` on the same database at full size. */
  select1: Timing;
};

export const ORG_PAGE = 'org page (first page + count, one statement)';
export const ORG_FIRST_PAGE = 'org page: first page alone';
export const ORG_COUNT = 'org page: count alone';
const ORG_BY_UPDATED = 'org page, by updated';
export const SEARCH_ALL = 'search: all kinds';
const SEARCHES = {
  'search: common word': ['stripe', 'webhook', 'api-tok'],
  'search: rare': ['-99999', 'password-12345', '/aws/client-secret-4'],
  'search: no match': ['zzzz', 'no-such-object', 'qqq'],
};

const timing = (xs: number[]): Timing => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
};

/** ROUNDS rounds of every query kind (plus one unmeasured warm-up round). */
async function measure(db: Db, objects: number): Promise<SizeTimings> {
  const times: Record<string, number[]> = {};
  const record = (kind: string, ms: number) => (times[kind] ??= []).push(ms);
  for (let round = 0; round <= ROUNDS; round++) {
    // Each org-page kind reads an organization no other kind touched this round, so none of
    // them finds the rows already in cache because another kind just read them.
    const org = (k: number) => `org_${String((round * 37 + k * 7) % ORGS).padStart(5, '0')}`;
    const page = (k: number) =>
      ({ orgId: org(k), sort: 'name', dir: 'asc', limit: OBJECT_PAGE_SIZE }) as const;
    const kinds: [string, () => Promise<unknown>][] = [
      [ORG_PAGE, () => listObjects(db, { ...page(0), orgTotal: true })],
      [ORG_FIRST_PAGE, () => listObjects(db, page(1))],
      [ORG_COUNT, () => countOrg(db, org(2))],
      [ORG_BY_UPDATED, () => listObjects(db, { ...page(3), sort: 'updated', dir: 'desc' })],
    ];
    for (const [kind, qs] of Object.entries(SEARCHES))
      for (const q of qs)
        kinds.push([
          kind,
          () => listObjects(db, { orgId: null, search: q, sort: 'name', dir: 'asc', limit: 50 }),
        ]);
    for (const [kind, run] of kinds) {
      const t0 = performance.now();
      await run();
      const ms = performance.now() - t0;
      if (round === 0) continue;
      record(kind, ms);
      if (kind.startsWith('search: ')) record(SEARCH_ALL, ms);
    }
  }
  return {
    objects,
    // Every kind in the order it ran, the searches' total last.
    kinds: Object.fromEntries(
      Object.entries(times)
        .sort(([a], [b]) => Number(a === SEARCH_ALL) - Number(b === SEARCH_ALL))
        .map(([k, v]) => [k, timing(v)]),
    ),
  };
}

export async function benchMillion(log: (s: string) => void): Promise<MillionResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-million-'));
  const db = await openDb({ url: null, dataDir: dir });
  try {
    const seedStarted = performance.now();
    let baseline: SizeTimings | null = null;
    let baselineMs = 0;
    let seeded = 0;
    const seedTo = async (to: number) => {
      for (; seeded < to; seeded = Math.min(to, seeded + CHUNK))
        await seedIndexRows(db, { orgs: ORGS, from: seeded, to: Math.min(to, seeded + CHUNK) });
      await db.query('analyze vault_objects');
    };
    if (BASELINE_OBJECTS > 0 && BASELINE_OBJECTS < OBJECTS) {
      log(`seeding ${BASELINE_OBJECTS} index rows over ${ORGS} organizations (${db.kind})…`);
      await seedTo(BASELINE_OBJECTS);
      log(`baseline: ${ROUNDS} rounds at ${BASELINE_OBJECTS} objects…`);
      const t0 = performance.now();
      baseline = await measure(db, BASELINE_OBJECTS);
      baselineMs = performance.now() - t0;
    }
    log(`seeding up to ${OBJECTS} index rows…`);
    await seedTo(OBJECTS);
    const seedSeconds = (performance.now() - seedStarted - baselineMs) / 1000;
    log(`seeded in ${seedSeconds.toFixed(0)} s (not counting the baseline's rounds)`);
    const trgm = await db.query(
      "select 1 from pg_indexes where indexname = 'vault_objects_name_trgm'",
    );
    const plan = (
      await db.query<{ 'QUERY PLAN': string }>(
        `explain select id from vault_objects where lower(name) like '%password-12345%' order by name, id limit 51`,
      )
    ).rows.map((r) => r['QUERY PLAN']);
    log(`trigram index present: ${trgm.rows.length > 0}; plan of a rare substring search:`);
    for (const line of plan) log(`  ${line}`);
    log(`${ROUNDS} rounds at ${OBJECTS} objects…`);
    const full = await measure(db, OBJECTS);
    const select1: number[] = [];
    for (let i = -5; i < ROUNDS * 5; i++) {
      const t0 = performance.now();
      await db.query('select 1');
      if (i >= 0) select1.push(performance.now() - t0);
    }
    return {
      objects: OBJECTS,
      orgs: ORGS,
      rounds: ROUNDS,
      seedSeconds,
      trigramIndex: trgm.rows.length > 0,
      plan,
      full,
      baseline,
      select1: timing(select1),
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(1));

/** The markdown section for PERFORMANCE.md (and the standalone run's output). */
export function millionSection(r: MillionResult | null): string[] {
  const head = `## Context index at ${(r?.objects ?? OBJECTS).toLocaleString('en-US')} objects (database time)`;
  if (!r)
    return [
      head,
      '',
      'Not run (`BENCH_MILLION=0`). Run `npm run bench:million` alone, or `npm run bench` without that setting.',
      '',
    ];
  const b = r.baseline;
  return [
    head,
    '',
    `${r.objects.toLocaleString('en-US')} index rows over ${r.orgs.toLocaleString('en-US')} organizations, seeded in SQL into PGlite in process (${r.seedSeconds.toFixed(0)} s), ${r.rounds} rounds per query kind after a warm-up round. Same-run baselines: the same queries at ${b ? b.objects.toLocaleString('en-US') : '—'} objects (measured on the way up), and \`select 1\` on the same database at full size: p50 ${f1(r.select1.p50)} ms, p95 ${f1(r.select1.p95)} ms. Trigram index \`vault_objects_name_trgm\` ${r.trigramIndex ? 'present' : '**missing**'}.`,
    '',
    `| query | p50 | p95 | p95 at ${b ? b.objects.toLocaleString('en-US') : '—'} | ratio (p95) |`,
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(r.full.kinds).map(([k, t]) => {
      const base = b?.kinds[k];
      return `| ${k} | ${f1(t.p50)} ms | ${f1(t.p95)} ms | ${base ? `${f1(base.p95)} ms` : '—'} | ${base ? `${(t.p95 / base.p95).toFixed(1)}×` : '—'} |`;
    }),
    '',
    'Plan of a rare substring search at full size:',
    '',
    '```',
    ...r.plan,
    '```',
    '',
  ];
}

runAlone(
  import.meta,
  () => benchMillion((s) => console.log(`[bench:million] ${s}`)),
  (r) => ['', ...millionSection(r)],
);
