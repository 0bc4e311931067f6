import { describe, expect, it, vi } from 'vitest';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import type { TestEmulator } from '../emulator/testing';
import { emulatorAndDbForFile } from '../testing/emulator-db';
import { staffPerson } from '../testing/people';
import { CountingBudget } from '../testing/counting-budget';

/**
 * Issue 27: a batch works several rows at once. Every row keeps its version check, intent row and
 * audit; the number in flight never passes the pool's width; every WorkOS call spends the budget;
 * a console that dies mid-batch leaves no row to be written twice by the one that resumes.
 */
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
const shared = vi.hoisted(() => ({
  workos: null as unknown,
  db: null as unknown,
  budget: null as unknown,
}));
vi.mock('../workos/client', () => ({ getWorkOS: () => shared.workos }));
vi.mock('../workos/budget', () => ({ processBudget: () => shared.budget }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => shared.db,
}));

const { advanceRun } = await import('./engine');
const { batchWidth } = await import('./pool');
const store = await import('./store');

let t: TestEmulator;
let db: Db;
emulatorAndDbForFile((world) => {
  t = world.t;
  db = world.db;
  shared.db = db;
});

const admin = staffPerson('admin', [
  'vault.metadata:read',
  'vault.objects:delete',
  'vault.objects:write',
]);

const never = () => new Promise<never>(() => undefined);

/**
 * The test emulator's client with its Vault calls counted per method and object; `onUpdate` may
 * replace an update's reply (the call still reaches WorkOS first).
 */
function countingClient(onUpdate?: (n: number) => 'lost' | 'ok') {
  const vault = t.workos.vault;
  const counts = { read: 0, update: 0, delete: 0, describe: 0, list: 0 };
  const updatesOf = new Map<string, number>();
  let updates = 0;
  const wrapped = Object.assign(Object.create(vault) as WorkOS['vault'], {
    readObject: (o: Parameters<typeof vault.readObject>[0]) => {
      counts.read++;
      return vault.readObject(o);
    },
    describeObject: (o: Parameters<typeof vault.describeObject>[0]) => {
      counts.describe++;
      return vault.describeObject(o);
    },
    listObjects: (o: Parameters<typeof vault.listObjects>[0]) => {
      counts.list++;
      return vault.listObjects(o);
    },
    deleteObject: (o: Parameters<typeof vault.deleteObject>[0]) => {
      counts.delete++;
      return vault.deleteObject(o);
    },
    updateObject: async (o: Parameters<typeof vault.updateObject>[0]) => {
      counts.update++;
      updatesOf.set(o.id, (updatesOf.get(o.id) ?? 0) + 1);
      const r = await vault.updateObject(o);
      return onUpdate?.(++updates) === 'lost' ? never() : r;
    },
  });
  const client = Object.assign(Object.create(t.workos) as WorkOS, { vault: wrapped });
  return { client, counts, updatesOf };
}

async function plannedRun(kind: 'rewrap' | 'bulk_delete', n: number, label: string) {
  const org = await t.workos.organizations.createOrganization({ name: `${label} Co` });
  const objects = [];
  for (let i = 0; i < n; i++) {
    objects.push(
      await t.workos.vault.createObject({
        name: `${label}/${String(i).padStart(3, '0')}`,
        value: `v${i}`,
        context: { organization_id: org.id },
      }),
    );
  }
  const runId = await store.createRun(db, {
    kind,
    orgId: org.id,
    orgName: org.name,
    user: admin.user,
    rows: objects.map((o, i) => ({
      objectId: o.id,
      name: `${label}/${String(i).padStart(3, '0')}`,
      expectedVersion: o.versionId!,
      keyIdBefore: o.keyId,
    })),
  });
  expect(await store.markStarted(db, runId, admin.user.email)).toBe(true);
  return { org, objects, runId };
}

/** Advances until the run says finished (each call has ample time; a few calls at most). */
async function runToEnd(runId: string) {
  for (let i = 0; i < 20; i++) {
    const r = await advanceRun(admin, db, runId, 60_000);
    if (r?.finished) return r;
  }
  throw new Error('the run did not finish');
}

describe('batchWidth', () => {
  it('sizes the pool from the budget: wider for more calls a minute, never past the cap or the burst', () => {
    expect(batchWidth({ perMinute: 3_000, burst: 20 }, 2)).toBe(8);
    expect(batchWidth({ perMinute: 3_000, burst: 4 }, 2)).toBe(4);
    expect(batchWidth({ perMinute: 600, burst: 10 }, 2)).toBe(2);
    expect(batchWidth({ perMinute: 60, burst: 1 }, 1)).toBe(1);
    expect(batchWidth({ perMinute: 60_000, burst: 20 }, 1)).toBe(8);
  });
});

describe('a batch works several rows at once (issue 27)', () => {
  it('has the pool’s width in flight and never more, and every WorkOS call spends the budget', async () => {
    const budget = new CountingBudget();
    const width = batchWidth(budget, 2);
    expect(width).toBeGreaterThan(1);
    // The first calls wait until a whole pool's worth are waiting together: a batch that worked
    // one row at a time would never get there.
    const gated = new CountingBudget(width);
    shared.budget = gated;
    const { client, counts, updatesOf } = countingClient();
    shared.workos = client;
    const n = width * 3;
    const { objects, runId } = await plannedRun('rewrap', n, 'pool-width');

    const finished = runToEnd(runId);
    await vi.waitFor(() => expect(gated.held).toBe(width), { timeout: 60_000, interval: 20 });
    const r = await finished;
    expect(r.progress).toMatchObject({ done: n, skipped: 0, failed: 0 });
    expect(gated.maxRunning).toBe(width);
    // Two Vault calls a row (read, version-checked update), every one through the budget.
    expect(counts).toMatchObject({ read: n, update: n });
    expect(gated.calls).toBe(counts.read + counts.update + counts.describe + counts.list);
    for (const o of objects) expect(updatesOf.get(o.id)).toBe(1);
    // Each row has its own intent row, settled, with the run's id on it.
    const trail = await db.query<{ outcome: string; n: number }>(
      `select outcome, count(*)::int as n from audit_events
       where action = 'object.updated' and detail->>'operation_run' = $1 group by outcome`,
      [runId],
    );
    expect(trail.rows).toEqual([{ outcome: 'success', n }]);
  });

  it('a version conflict on some rows skips those rows only; the others are written', async () => {
    shared.budget = new CountingBudget();
    const { client, updatesOf } = countingClient();
    shared.workos = client;
    const { objects, runId } = await plannedRun('rewrap', 16, 'pool-conflict');
    // Three objects get a new version after the plan.
    const changed = [objects[1]!, objects[7]!, objects[12]!];
    for (const o of changed)
      await t.workos.vault.updateObject({
        id: o.id,
        value: 'someone else',
        versionCheck: o.versionId!,
      });

    const r = await runToEnd(runId);
    expect(r.progress).toMatchObject({ done: 13, skipped: 3, failed: 0 });
    const rows = new Map((await store.listRows(db, runId)).map((row) => [row.object_id, row]));
    for (const o of objects) {
      const row = rows.get(o.id)!;
      if (changed.includes(o)) {
        expect(row.status).toBe('skipped');
        expect(row.reason).toMatch(/Changed after the plan/);
        expect(updatesOf.get(o.id)).toBeUndefined();
      } else {
        expect(row.status).toBe('done');
        expect(updatesOf.get(o.id)).toBe(1);
      }
    }
  });

  it('a bulk delete whose versions went stale on some rows gets 409s there and deletes the rest', async () => {
    shared.budget = new CountingBudget();
    const { client, counts } = countingClient();
    shared.workos = client;
    const { objects, runId } = await plannedRun('bulk_delete', 12, 'pool-delete');
    const changed = [objects[0]!, objects[5]!];
    for (const o of changed)
      await t.workos.vault.updateObject({ id: o.id, value: 'newer', versionCheck: o.versionId! });

    const r = await runToEnd(runId);
    expect(r.progress).toMatchObject({ done: 10, skipped: 2, failed: 0 });
    expect(counts.delete).toBe(12);
    for (const row of await store.listRows(db, runId)) {
      const stale = changed.some((o) => o.id === row.object_id);
      expect(row.status).toBe(stale ? 'skipped' : 'done');
      if (stale) expect(row.reason).toMatch(/is no longer current/);
    }
    for (const o of objects) {
      const gone = t.workos.vault.describeObject({ id: o.id });
      if (changed.includes(o)) await expect(gone).resolves.toMatchObject({ id: o.id });
      else await expect(gone).rejects.toMatchObject({ status: 404 });
    }
  });

  it('two advancers at once (R3-05): one pool works the run, every object is deleted exactly once', async () => {
    shared.budget = new CountingBudget();
    const { client, counts } = countingClient();
    shared.workos = client;
    const n = 30;
    const { runId } = await plannedRun('bulk_delete', n, 'pool-two');
    const both = await Promise.all([
      advanceRun(admin, db, runId, 60_000),
      advanceRun(admin, db, runId, 60_000),
    ]);
    expect(both.some((r) => r?.finished)).toBe(true);
    expect(counts.delete).toBe(n);
    expect((await runToEnd(runId)).progress).toMatchObject({ done: n, failed: 0 });
  });

  it('a console that dies mid-batch with a pool of rows in flight: the next one resumes and writes no row twice', async () => {
    const crashing = new CountingBudget();
    shared.budget = crashing;
    const width = batchWidth(crashing, 2);
    const n = width * 5;
    // The 6th update reaches WorkOS, but its reply never comes back; from then on nothing this
    // console starts gets an answer (it is dead).
    const lostAt = 6;
    const { client, updatesOf } = countingClient((k) => {
      if (k !== lostAt) return 'ok';
      crashing.crashed = true;
      return 'lost';
    });
    shared.workos = client;
    const { objects, runId } = await plannedRun('rewrap', n, 'pool-crash');

    void advanceRun(admin, db, runId, 600_000);
    // Dead: every worker of the pool waits on WorkOS for good (the lost reply, or a call never sent).
    await vi.waitFor(() => expect(crashing.hung + 1).toBe(width), {
      timeout: 60_000,
      interval: 20,
    });
    const inFlight = await db.query<{ n: number }>(
      `select count(*)::int as n from operation_rows where run_id = $1 and status = 'in_progress'`,
      [runId],
    );
    expect(inFlight.rows[0]!.n).toBe(width);
    // The dead console's lease runs out; another one resumes.
    await db.query(
      `update operation_runs set lease_until = now() - interval '1 second' where id = $1`,
      [runId],
    );
    shared.budget = new CountingBudget();

    const r = await runToEnd(runId);
    expect(r.progress.failed).toBe(0);
    expect(r.progress.done + r.progress.skipped).toBe(n);
    // No object was written twice, and every one was written once.
    for (const o of objects) expect(updatesOf.get(o.id)).toBe(1);
    const rows = await store.listRows(db, runId);
    const lost = rows.filter((row) => row.status === 'skipped');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatch(/possibly this run/);
  });
});
