/**
 * `npm run bench:million`: the context index at BENCH_OBJECTS (1,000,000) objects, seeded in SQL
 * straight into the store (the way a finished cold build leaves it; no HTTP, no WorkOS), in
 * process on PGlite in a temporary directory (never a shared database). Measures what the org page and
 * the global name search ask the database (`listObjects`, `countOrg`), p50/p95 per kind, and
 * prints the plan of a substring search so the trigram index's use is visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '../lib/db/client';
import { countOrg, listObjects } from '../lib/index/store';
import { seedIndexRows } from './lib/bench-fixtures';
import { percentile } from './lib/console-session';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_MILLION_ROUNDS ?? 20);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-million-'));
  const db = await openDb({ url: null, dataDir: dir });
  const log = (s: string) => console.log(`[bench:million] ${s}`);
  try {
    const seedStarted = performance.now();
    log(`seeding ${OBJECTS} index rows over ${ORGS} organizations (${db.kind})…`);
    for (let from = 0; from < OBJECTS; from += 100_000) {
      await seedIndexRows(db, { orgs: ORGS, from, to: Math.min(OBJECTS, from + 100_000) });
    }
    await db.query('analyze vault_objects');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded in ${seedSeconds.toFixed(0)} s`);
    const trgm = await db.query(
      "select 1 from pg_indexes where indexname = 'vault_objects_name_trgm'",
    );
    log(`trigram index present: ${trgm.rows.length > 0}`);
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `explain select id from vault_objects where lower(name) like '%password-12345%' order by name, id limit 51`,
    );
    log(
      `plan of a rare substring search:\n  ${plan.rows.map((r) => r['QUERY PLAN']).join('\n  ')}`,
    );
    const kinds: Record<string, () => Promise<unknown>> = {};
    const searches = {
      'search: common word': ['stripe', 'webhook', 'api-tok'],
      'search: rare': ['-99999', 'password-12345', '/aws/client-secret-4'],
      'search: no match': ['zzzz', 'no-such-object', 'qqq'],
    };
    const times: Record<string, number[]> = {};
    for (let round = 0; round <= ROUNDS; round++) {
      const org = `org_${String((round * 37) % ORGS).padStart(5, '0')}`;
      kinds['org page (first page + count)'] = () =>
        Promise.all([
          listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 50 }),
          countOrg(db, org),
        ]);
      kinds['org page, by updated'] = () =>
        listObjects(db, { orgId: org, sort: 'updated', dir: 'desc', limit: 50 });
      for (const [kind, qs] of Object.entries(searches))
        for (const q of qs)
          kinds[`${kind} (${q})`] = () =>
            listObjects(db, { orgId: null, search: q, sort: 'name', dir: 'asc', limit: 50 });
      for (const [kind, run] of Object.entries(kinds)) {
        const t0 = performance.now();
        await run();
        if (round > 0) (times[kind.replace(/ \(.*\)$/, '')] ??= []).push(performance.now() - t0);
      }
    }
    console.log(`\n${OBJECTS.toLocaleString('en-US')} objects, ${db.kind}, ${ROUNDS} rounds`);
    console.log('| query | p50 | p95 |\n| --- | --- | --- |');
    for (const [k, t] of Object.entries(times)) {
      t.sort((a, b) => a - b);
      console.log(
        `| ${k} | ${percentile(t, 50).toFixed(1)} ms | ${percentile(t, 95).toFixed(1)} ms |`,
      );
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
