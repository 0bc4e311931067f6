/**
 * Issue 26's `/requests` row: with 10,000 access requests in the console database (PGlite, as
 * `npm run dev` and `npm start` use it), the server time of the queue's first page (the query and
 * its decisions, as the page runs them) and of the header badge and inbox for an approver, p95
 * over repeated runs. Requests are spread over 60 days, three requesters and every status; a third
 * of them carry one or two decisions.
 *
 * Run: node --conditions=react-server --import tsx scripts/bench-requests.ts  (BENCH_REQUESTS=10000)
 */
import { listAccessRequests, pendingForApprover } from '../lib/approvals/requests';
import { openDb } from '../lib/db/client';
import { inboxCounts, inboxItems } from '../lib/notify/inbox';
import { runAlone } from './lib/run-alone';

const N = Number(process.env.BENCH_REQUESTS ?? 10_000);
const RUNS = Number(process.env.BENCH_REQUESTS_RUNS ?? 60);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const db = await openDb({ url: null, dataDir: ':memory:' });
  await db.query(
    `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id,
       object_name, reason, ticket, duration_minutes, approvals_required, created_at, expires_at,
       granted_at, grant_expires_at)
     select 'areq_bench_' || g, 'reveal',
       (array['pending', 'approved', 'denied', 'withdrawn', 'revoked'])[1 + g % 5],
       'user_requester_' || (g % 3), 'support' || (g % 3) || '@example.com',
       'org_bench_' || (g % 40), case when g % 4 = 0 then null else 'obj_bench_' || g end,
       'bench/object-' || g, 'ticket work', 'SUP-' || g, 60, 1 + g % 2,
       now() - (g * interval '518 seconds'), now() - (g * interval '518 seconds') + interval '24 hours',
       case when g % 5 = 1 then now() - (g * interval '518 seconds') + interval '5 minutes' end,
       case when g % 5 = 1 then now() - (g * interval '518 seconds') + interval '65 minutes' end
     from generate_series(1, $1::int) g`,
    [N],
  );
  await db.query(
    `insert into access_request_decisions (request_id, approver_id, approver_email, decision, comment, decided_at)
     select id, 'user_approver_' || a, 'approver' || a || '@example.com',
       case when status = 'denied' then 'deny' else 'approve' end, 'ok', created_at + interval '2 minutes'
     from access_requests, generate_series(1, 2) a
     where status in ('approved', 'denied') and (a = 1 or approvals_required = 2)`,
  );
  await db.query('analyze');
  const approver = 'user_approver_1';
  const rows: [string, number[]][] = [];
  for (const filter of ['open', 'all', 'mine'] as const) {
    const who = filter === 'mine' ? 'user_requester_1' : approver;
    rows.push([
      `/requests first page (${filter}), 50 rows + decisions`,
      await time(() => listAccessRequests(filter, who, { limit: 50 }, db)),
    ]);
  }
  rows.push([
    'header badge (pending for an approver)',
    await time(() => pendingForApprover(approver, db)),
  ]);
  rows.push(['inbox counts (approver)', await time(() => inboxCounts(approver, true, db))]);
  rows.push(['inbox page (approver)', await time(() => inboxItems(approver, true, 50, db))]);
  const count = await db.query<{ n: number }>('select count(*)::int as n from access_requests');
  console.log(
    `bench:requests, ${count.rows[0]!.n.toLocaleString('en-US')} requests on PGlite, ${RUNS} runs each, ${new Date().toISOString()}`,
  );
  for (const [label, xs] of rows)
    console.log(
      `  ${label}: p95 ${quantile(xs, 0.95).toFixed(2)} ms, median ${quantile(xs, 0.5).toFixed(2)} ms`,
    );
  await db.close();
}

runAlone(import.meta, main);
