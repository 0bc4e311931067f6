import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjects, startTestEmulator, type TestEmulator } from '../emulator/testing';
import { BACKENDS, freshDatabases, stopTestPostgres } from '../testing/backends';
import { FAST_SYNC, requestLog } from '../testing/index-sync';
import { getState } from '../db/state';
import { listObjects, totalObjects } from './store';
import { nextListCursor } from './sdk-row';
import { IndexSync, readSyncStatus } from './sync';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.close();
  await stopTestPostgres();
});

const { lastSeq, callsSince } = requestLog(() => t);
const fast = FAST_SYNC;

describe('nextListCursor', () => {
  it('reads spec and observed cursor semantics, and refuses an unrelated `before`', () => {
    const data = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ];
    expect(nextListCursor({ data, listMetadata: { after: 'b', before: null } })).toBe('b');
    expect(nextListCursor({ data, listMetadata: { after: null, before: 'b' } })).toBe('b');
    expect(nextListCursor({ data, listMetadata: { after: null, before: 'B' } })).toBe('B');
    expect(nextListCursor({ data, listMetadata: { after: null, before: 'a' } })).toBeNull();
  });
});

describe.each(BACKENDS)('IndexSync on %s', (kind) => {
  const fresh = freshDatabases(kind);

  it('builds cold from list + describe only, resumes after a restart, and never describes an id twice', async () => {
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    const orgA = 'org_01INDEXA0000000000000000000';
    await createObjects(t.workos, 23, (i) => ({
      name: `idx/a-${String(i).padStart(3, '0')}`,
      value: `v${i}`,
      context: {
        organization_id: orgA,
        ...(i % 10 === 0 ? { tier: 'gold' } : {}),
      } as Record<string, string>,
    }));
    const db = await fresh();
    const seq = await lastSeq();
    const first = new IndexSync(db, t.workos, { ...fast, buildSliceMs: 0 });
    await first.runOnce();
    const mid = await readSyncStatus(db);
    expect(mid.build.status).toBe('building');
    expect(mid.build.cursor).toBeTruthy();
    expect(await totalObjects(db)).toBe(10);

    // A new instance (a restarted server) continues from the saved cursor.
    await first.stop();
    const second = new IndexSync(db, t.workos, { ...fast, buildSliceMs: 0 });
    for (let i = 0; i < 5 && (await readSyncStatus(db)).build.status !== 'ready'; i++)
      await second.runOnce();
    const done = await readSyncStatus(db);
    expect(done.build.status).toBe('ready');
    // The full walk counts as a deletion check as of its start, so the page shows one.
    expect(done.lastReconcileAt).toBe(done.build.startedAt);
    expect(await totalObjects(db)).toBe(23);

    const calls = await callsSince(seq);
    const describes = calls.filter((c) => c.path.endsWith('/metadata'));
    expect(describes).toHaveLength(23);
    expect(new Set(describes.map((c) => c.path)).size).toBe(23);
    expect(calls.filter((c) => /^\/vault\/v1\/kv\/[^/]+$/.test(c.path))).toEqual([]); // never a decrypting read
    const page = await listObjects(db, { orgId: orgA, sort: 'name', dir: 'asc', limit: 5 });
    expect(page.rows[0]).toMatchObject({
      name: 'idx/a-000',
      context: { organization_id: orgA, tier: 'gold' },
    });
  });

  it('keeps fresh incrementally: creates, updates (key id), deletions by event and by reconcile', async () => {
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    const org = (await t.workos.organizations.createOrganization({ name: 'Sync Org' })).id;
    const a = await t.workos.vault.createObject({
      name: 'inc/a',
      value: '1',
      context: { organization_id: org },
    });
    const b = await t.workos.vault.createObject({
      name: 'inc/b',
      value: '1',
      context: { organization_id: org },
    });
    const db = await fresh();
    const sync = new IndexSync(db, t.workos, fast);
    await sync.runOnce();
    expect(await totalObjects(db)).toBe(2);

    const c = await t.workos.vault.createObject({
      name: 'inc/c',
      value: '1',
      context: { organization_id: org },
    });
    await t.workos.vault.updateObject({ id: a.id, value: '2' });
    await t.workos.vault.deleteObject({ id: b.id });
    // Under BYOK the next write of `a` is wrapped by the customer key: its key_id changes.
    await t.control(`/_emulator/byok/${org}`, {
      method: 'PUT',
      body: { state: 'verified', provider: 'AWS_KMS', key_id: 'arn:aws:kms:x' },
    });
    await t.workos.vault.updateObject({ id: a.id, value: '3' });
    const seq = await lastSeq();
    await sync.runOnce();
    const calls = await callsSince(seq);
    const rows = (await listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 10 })).rows;
    expect(rows.map((r) => r.name)).toEqual(['inc/a', 'inc/c']);
    const described = await t.workos.vault.describeObject({ id: a.id });
    expect(rows[0]!.key_id).toBe(described.metadata.keyId);
    expect(rows.find((r) => r.id === c.id)).toBeTruthy();
    expect(
      calls
        .filter((x) => x.path.endsWith('/metadata'))
        .map((x) => x.path)
        .sort(),
    ).toEqual([`/vault/v1/kv/${b.id}/metadata`, `/vault/v1/kv/${c.id}/metadata`].sort());

    // A deletion whose event we never see (e.g. older than 30 days) is caught by reconcile.
    await db.query(
      "insert into vault_objects (id, name, org_id, context, indexed_at) values ('secret_GHOST', 'inc/ghost', $1, $2, now() - interval '1 hour')",
      [org, JSON.stringify({ organization_id: org })],
    );
    await sync.runOnce({ reconcile: true });
    expect(
      (await listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 10 })).rows.map(
        (r) => r.name,
      ),
    ).toEqual(['inc/a', 'inc/c']);
    expect(await getState(db, 'last_reconcile_at')).toBeTruthy();
  });

  it('stays under its request budget', async () => {
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    for (let i = 0; i < 12; i++)
      await t.workos.vault.createObject({
        name: `rate/${i}`,
        value: 'v',
        context: { organization_id: 'org_rate' },
      });
    const db = await fresh();
    // 300/min = 5/s with a burst of 5: 13 calls (1 list + 12 describes) need at least ~1.6 s.
    const sync = new IndexSync(db, t.workos, { ...fast, maxRequestsPerMinute: 300 });
    const started = performance.now();
    await sync.runOnce();
    const seconds = (performance.now() - started) / 1000;
    expect(await totalObjects(db)).toBe(12);
    expect(seconds).toBeGreaterThan(1.4);
  });

  it('only one instance holds the sync lease at a time', async () => {
    const db = await fresh();
    const one = new IndexSync(db, t.workos, fast);
    const two = new IndexSync(db, t.workos, fast);
    await one.runOnce();
    const seq = await lastSeq();
    await two.runOnce(); // lease held by `one` for 60 s: no calls
    expect(await callsSince(seq)).toEqual([]);
  });

  it('hands the lease back on stop and after every one-shot (cron) pass', async () => {
    const db = await fresh();
    const looping = new IndexSync(db, t.workos, fast);
    await looping.runOnce();
    const other = new IndexSync(db, t.workos, fast);
    expect((await other.runOnce()).skipped).toBe('lease-held');
    await looping.stop(); // what SIGTERM does
    const afterStop = await other.runOnce();
    expect(afterStop).toMatchObject({ ran: true, build: 'ready' });
    await other.stop();

    const cronA = new IndexSync(db, t.workos, { ...fast, oneShot: true });
    const cronB = new IndexSync(db, t.workos, { ...fast, oneShot: true });
    expect((await cronA.runOnce()).ran).toBe(true);
    expect((await cronB.runOnce()).ran).toBe(true); // no 60 s wait between cron instances
  });

  it('a deletion check sliced over several passes removes what is gone and keeps the rest', async () => {
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    const org = 'org_01RECONCILESLICE00000000000';
    const ids = await createObjects(t.workos, 25, (i) => ({
      name: `slice/${String(i).padStart(3, '0')}`,
      value: 'v',
      context: { organization_id: org },
    }));
    const db = await fresh();
    const sync = new IndexSync(db, t.workos, fast);
    // The test client does not retry: a pass that lost a request to a busy machine just runs again.
    for (let i = 0; i < 3 && (await readSyncStatus(db)).build.status !== 'ready'; i++)
      await sync.runOnce();
    expect(await totalObjects(db)).toBe(25);
    // Deleted behind the console's back, with no event to tell it (an aged-out event stream).
    for (const id of [ids[5]!, ids[15]!, ids[24]!]) await t.workos.vault.deleteObject({ id });
    const latest = await t.workos.events.listEvents({
      events: ['vault.data.deleted'],
      limit: 1,
      order: 'desc',
    });
    await db.query("update index_state set value = $1::jsonb where key = 'events_cursor'", [
      JSON.stringify(latest.data[0]!.id),
    ]);
    const passes = [];
    // A zero budget: each pass lists one page of the walk and saves its cursor.
    for (let i = 0; i < 10; i++) {
      const p = await sync.runOnce({ reconcile: i === 0, budgetMs: 0 });
      passes.push(p.reconcile);
      if (p.reconcile === 'complete') break;
    }
    expect(passes.slice(0, 2)).toEqual(['partial', 'partial']);
    expect(passes[passes.length - 1]).toBe('complete');
    expect(await totalObjects(db)).toBe(22);
    const left = await db.query<{ id: string }>('select id from vault_objects');
    expect(left.rows.map((r) => r.id)).not.toContain(ids[15]);
    expect(left.rows.map((r) => r.id)).toContain(ids[16]);
  });
});
