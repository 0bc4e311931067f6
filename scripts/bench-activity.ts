/**
 * `npm run bench:activity`: issue 15's measures, in process on PGlite, as server-side query time
 * (what the pages wait for from the console database; the WorkOS describe/version calls of the
 * object page are not included):
 * - object page activity (first page, horizon, version authors) with 10,000 events for one object;
 * - an organization's stale view at 100,000 objects and 1,000,000 events;
 * - the tenant matrix's first page at 1,000 organizations × 200 kinds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../lib/db/client';
import { activityFor, versionAuthorsFromEvents } from '../lib/activity/queries';
import { listStale } from '../lib/activity/stale';
import { activityHorizon } from '../lib/activity/store';
import { tenantMatrix } from '../lib/stewardship/matrix';
import { percentile } from './lib/console-session';
import { runAlone } from './lib/run-alone';

const ORGS = 1_000;
const KINDS = 200;
const OBJECTS = Number(process.env.BENCH_ACTIVITY_OBJECTS ?? 100_000);
const EVENTS = Number(process.env.BENCH_ACTIVITY_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ACTIVITY_ROUNDS ?? 60);

async function time(rounds: number, fn: (i: number) => Promise<unknown>) {
  const t: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const s = performance.now();
    await fn(i);
    if (i >= 3) t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p95: percentile(t, 95), n: t.length };
}

async function seed(db: Db, log: (s: string) => void) {
  log(`seeding ${OBJECTS} objects over ${ORGS} organizations…`);
  await db.query(
    `insert into vault_objects (id, name, org_id, context, version_id, updated_at)
     select 'secret_' || lpad(g::text, 8, '0'), 'tenant-' || (g % $2) || '/kind-' || (g / $2 % $3) || '-' || g,
            'org_' || lpad((g % $2)::text, 5, '0'),
            jsonb_build_object('organization_id', 'org_' || lpad((g % $2)::text, 5, '0')),
            'v_' || g, now() - (g % 400) * interval '1 day'
     from generate_series(0, $1::int - 1) g`,
    [OBJECTS, ORGS, KINDS],
  );
  log(`seeding ${EVENTS} events (10,000 of them on one object)…`);
  await db.query(
    `insert into vault_activity (id, event, kv_name, actor_id, actor_name, actor_source, occurred_at)
     select 'event_' || lpad(g::text, 9, '0'),
            (array['vault.data.read','vault.metadata.read','vault.data.updated'])[1 + g % 3],
            case when g < 10000 then 'tenant-0/kind-0-0'
                 else 'tenant-' || (g % $2) || '/kind-' || (g / $2 % $3) || '-' || (g % $4) end,
            'key_bench', 'Bench key', 'api', now() - (g % 390) * interval '1 day' - g * interval '1 ms'
     from generate_series(0, $1::int - 1) g`,
    [EVENTS, ORGS, KINDS, OBJECTS],
  );
  await db.query(
    `insert into vault_activity_summary (kv_name, last_read_at, last_changed_at)
     select kv_name, max(occurred_at) filter (where event = 'vault.data.read'),
            max(occurred_at) filter (where event = 'vault.data.updated')
     from vault_activity group by kv_name`,
  );
  log(`seeding a ${ORGS} × ${KINDS} matrix (${ORGS * KINDS} more objects)…`);
  await db.query(
    `insert into vault_objects (id, name, org_id, context, version_id, updated_at)
     select 'm_' || o || '_' || k, 'mx-' || o || '/kind-' || k, 'orgm_' || lpad(o::text, 5, '0'),
            jsonb_build_object('organization_id', 'orgm_' || lpad(o::text, 5, '0')), 'v', now()
     from generate_series(0, $1::int - 1) o, generate_series(0, $2::int - 1) k
     where (o + k) % 7 <> 0`,
    [ORGS, KINDS],
  );
  await db.query('analyze');
}

export async function benchActivity(log: (s: string) => void = console.log) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-activity-'));
  const db = await openDb({ url: null, dataDir: dir });
  try {
    await seed(db, log);
    const versions = Array.from({ length: 20 }, (_, i) => ({
      id: `v${i}`,
      createdAt: new Date(Date.now() - i * 86_400_000).toISOString(),
      current: i === 0,
    }));
    const objectPage = await time(ROUNDS, (i) =>
      Promise.all([
        activityFor(db, 'tenant-0/kind-0-0', {
          limit: 25,
          kinds: i % 2 ? ['vault.data.read'] : [],
        }),
        activityHorizon(db),
        versionAuthorsFromEvents(db, 'tenant-0/kind-0-0', versions),
      ]),
    );
    const orgStale = await time(ROUNDS, (i) =>
      listStale(
        db,
        {
          orgId: `org_${String((i * 37) % ORGS).padStart(5, '0')}`,
          notReadDays: i % 2 ? 30 : null,
        },
        { sort: 'last_read', dir: 'asc', limit: 50, offset: 0 },
      ),
    );
    const allStale = await time(Math.min(ROUNDS, 20), () =>
      listStale(
        db,
        { orgId: null, notReadDays: 90 },
        { sort: 'last_read', dir: 'asc', limit: 50, offset: 0 },
      ),
    );
    const matrix = await time(Math.min(ROUNDS, 20), () =>
      tenantMatrix(db, { strip: 1, orgLimit: 12, orgOffset: 0, kindLimit: 40, kindOffset: 0 }),
    );
    return { objectPage, orgStale, allStale, matrix };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta, benchActivity, (r) => {
  const f = (x: { p50: number; p95: number; n: number }) =>
    `p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms (${x.n} runs)`;
  return [
    `\nobject page activity, 10,000 events on the object: ${f(r.objectPage)}`,
    `org stale view, ${OBJECTS} objects, ${EVENTS} events: ${f(r.orgStale)}`,
    `stale across all orgs (search page), not read in 90 days: ${f(r.allStale)}`,
    `tenant matrix first page, ${ORGS} orgs x ${KINDS} kinds: ${f(r.matrix)}`,
  ];
});
