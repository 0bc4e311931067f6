/**
 * `npm run bench:palette`: the command palette's server-side search against an index of
 * BENCH_OBJECTS (100,000) objects in PGlite, in process. Reports p50/p95 per query kind. The
 * HTTP round trip through a production console is measured by `npm run bench:index`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '../lib/db/client';
import { searchCachedOrgs, searchObjectNames } from '../lib/comfort/palette';
import { favouritePlaces, recentPlaces, recordVisit } from '../lib/comfort/recents';
import { seedIndexRows } from './lib/bench-fixtures';
import { percentile } from './lib/console-session';
import { runAlone } from './lib/run-alone';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_PALETTE_ROUNDS ?? 100);

export type PaletteBenchResult = {
  objects: number;
  queries: number;
  p50: number;
  p95: number;
  max: number;
  byKind: Record<string, { p50: number; p95: number }>;
};

async function benchPalette(log: (s: string) => void = console.log) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-palette-'));
  const db = await openDb({ url: null, dataDir: dir });
  try {
    log(`seeding ${OBJECTS} index rows over ${ORGS} organizations…`);
    // Rows as the index stores them (names only); built in SQL, the way a cold build leaves them.
    await seedIndexRows(db, { orgs: ORGS, from: 0, to: OBJECTS });
    await db.query(
      `insert into org_cache (id, name) select 'org_' || lpad(g::text, 5, '0'), 'Tenant ' || g from generate_series(0, ${ORGS - 1}) g`,
    );
    for (let i = 0; i < 12; i++)
      await recordVisit(
        db,
        'user_bench',
        'object',
        `secret_${String(i * 997).padStart(8, '0')}`,
        `n${i}`,
      );
    await db.query('analyze');
    // Prefix hits, substring hits (many and few), misses (a full scan), exact ids, empty (recents).
    const kinds: Record<string, string[]> = {
      prefix: ['tenant-4', 'tenant-12/', 'tenant-999/str'],
      substring: ['stripe', 'webhook', 'api-tok'],
      rare: ['-99999', 'password-12345', '/aws/client-secret-4'],
      miss: ['zzzz', 'no-such-object', 'qqq'],
      id: ['secret_00004242'],
    };
    const times: number[] = [];
    const byKind: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++)
      for (const [kind, queries] of Object.entries(kinds))
        for (const q of queries) {
          const started = performance.now();
          // What GET /api/palette does on the server, minus the WorkOS organization search.
          await Promise.all([
            searchObjectNames(db, q),
            searchCachedOrgs(db, q),
            round % 5 === 0 ? recentPlaces(db, 'user_bench') : null,
            round % 5 === 0 ? favouritePlaces(db, 'user_bench') : null,
          ]);
          const ms = performance.now() - started;
          if (round === 0) continue; // warm-up
          times.push(ms);
          (byKind[kind] ??= []).push(ms);
        }
    times.sort((a, b) => a - b);
    const result: PaletteBenchResult = {
      objects: OBJECTS,
      queries: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1]!,
      byKind: Object.fromEntries(
        Object.entries(byKind).map(([k, t]) => {
          t.sort((a, b) => a - b);
          return [k, { p50: percentile(t, 50), p95: percentile(t, 95) }];
        }),
      ),
    };
    return result;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta, benchPalette, (r) => [
  `\ncommand palette search, ${r.objects} objects, ${r.queries} queries`,
  `  all      p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`,
  ...Object.entries(r.byKind).map(
    ([k, v]) => `  ${k.padEnd(8)} p50 ${v.p50.toFixed(1)} ms, p95 ${v.p95.toFixed(1)} ms`,
  ),
]);
