import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { sdkClient, startTestEmulator, type TestEmulator } from '../emulator/testing';
import { signWebhook } from '../emulator/webhooks';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { IndexSync } from '../index/sync';
import { receiveWorkOSWebhook } from '../index/webhooks';
import { activityFor, summariesFor, versionAuthorsFromEvents } from './queries';
import { pruneActivity, storeActivityEvent } from './store';

const fast = { intervalMs: 60_000, reconcileIntervalMs: 3_600_000, maxRequestsPerMinute: 600_000 };
const SECRET = 'whsec_activity_0123456789abcdef';

afterAll(stopTestPostgres);

describe.each(BACKENDS)('vault activity ingest on %s', (backend) => {
  let t: TestEmulator;
  let db: Db;
  let close: () => Promise<void>;
  let sync: IndexSync;
  beforeAll(async () => {
    t = await startTestEmulator();
    ({ db, close } = await testDb(backend));
    sync = new IndexSync(db, t.workos, fast);
    await sync.runOnce();
  });
  afterAll(async () => {
    await close();
    await t.close();
  });

  it('the event poll stores reads, updates and metadata reads with the API key that made them', async () => {
    const prod = sdkClient(t.port, 'sk_test_emulator_prod_backend', { maxRetries: 0 });
    const name = `act/${backend}/db-url`;
    const o = await t.workos.vault.createObject({
      name,
      value: 'first',
      context: { organization_id: 'org_act' },
    });
    await prod.vault.readObject({ id: o.id });
    await prod.vault.updateObject({ id: o.id, value: 'second' });
    await t.workos.vault.describeObject({ id: o.id });
    await sync.runOnce();
    const page = await activityFor(db, name, { limit: 10 });
    expect(page.rows.map((r) => [r.event, r.actorName, r.actorSource])).toEqual([
      ['vault.metadata.read', 'Emulator API key', 'api'],
      ['vault.data.updated', 'Prod backend', 'api'],
      ['vault.data.read', 'Prod backend', 'api'],
      ['vault.data.created', 'Emulator API key', 'api'],
    ]);
    const reads = await activityFor(db, name, { limit: 10, kinds: ['vault.data.read'] });
    expect(reads.rows).toHaveLength(1);
    const s = (await summariesFor(db, [name])).get(name)!;
    expect(s.lastReadAt).toEqual(page.rows[2]!.occurredAt);
    expect(s.lastChangedAt).toEqual(page.rows[1]!.occurredAt);
    // Authors for both versions come from the write events; a version far from any event has none.
    const versions = await t.workos.vault.listObjectVersions({ id: o.id });
    const asRows = versions.map((v) => ({
      id: v.id,
      createdAt: v.createdAt.toISOString(),
      current: v.currentVersion,
    }));
    const authors = await versionAuthorsFromEvents(db, name, asRows);
    const current = versions.find((v) => v.currentVersion)!;
    const first = versions.find((v) => !v.currentVersion)!;
    expect(authors.get(current.id)).toMatchObject({ label: 'API key Prod backend', source: 'api' });
    expect(authors.get(first.id)).toMatchObject({ label: 'API key Emulator API key' });
    const far = new Date(Date.now() - 86_400_000).toISOString();
    const none = await versionAuthorsFromEvents(db, name, [{ id: 'far', createdAt: far }]);
    expect(none.size).toBe(0);
    // A second pass stores nothing twice (it may add the index's own describe of the update).
    await sync.runOnce();
    const again = (await activityFor(db, name, { limit: 20 })).rows.map((r) => r.id);
    expect(new Set(again).size).toBe(again.length);
    for (const r of page.rows) expect(again).toContain(r.id);
  });

  it('pages newest first with a cursor, each event once', async () => {
    const name = `act/${backend}/paged`;
    const o = await t.workos.vault.createObject({
      name,
      value: 'v',
      context: { organization_id: 'org_act' },
    });
    // Each read in a millisecond of its own: two reads of one object by one actor in the same
    // millisecond have the same content key and are stored once (docs/decisions.md, round 10).
    for (let i = 0; i < 6; i++) {
      const before = Date.now();
      while (Date.now() === before) await new Promise((r) => setImmediate(r));
      await t.workos.vault.readObject({ id: o.id });
    }
    await sync.runOnce();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await activityFor(db, name, { limit: 3, cursor });
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('a webhook delivery and the poll store the same event once', async () => {
    const name = `act/${backend}/hooked`;
    const payload = {
      id: 'event_01ACTIVITYWEBHOOK000000000',
      event: 'vault.data.read',
      created_at: new Date().toISOString(),
      data: {
        actor_id: 'key_x',
        actor_source: 'dashboard',
        actor_name: 'Jane Admin',
        kv_name: name,
        key_id: 'key_1',
      },
    };
    const raw = JSON.stringify(payload);
    const deps = {
      db,
      workos: t.workos,
      secret: SECRET,
      sync: async () => sync,
      defer: () => undefined,
    };
    const reply = await receiveWorkOSWebhook(raw, signWebhook(raw, SECRET), deps);
    expect(reply).toMatchObject({ status: 200, body: { received: true, applied: true } });
    expect(await storeActivityEvent(db, payload)).toBe(false); // the poll's copy of the same id
    const rows = (await activityFor(db, name, { limit: 10 })).rows;
    expect(rows.map((r) => [r.actorName, r.actorSource])).toEqual([['Jane Admin', 'dashboard']]);
  });

  it('keeps events for the retention, and the per-name summary survives pruning', async () => {
    const name = `act/${backend}/old`;
    const old = new Date(Date.now() - 500 * 86_400_000).toISOString();
    await storeActivityEvent(db, {
      id: 'event_01ACTIVITYOLD0000000000000',
      event: 'vault.data.read',
      created_at: old,
      data: { actor_id: 'k', actor_source: 'api', actor_name: 'K', kv_name: name, key_id: 'k' },
    });
    await pruneActivity(db, 400);
    expect((await activityFor(db, name, { limit: 10 })).rows).toHaveLength(0);
    expect((await summariesFor(db, [name])).get(name)?.lastReadAt?.toISOString()).toBe(old);
  });

  it('ignores events it does not keep and payloads without a name', async () => {
    expect(
      await storeActivityEvent(db, {
        id: 'event_01ACTIVITYNONAME000000000',
        event: 'vault.data.read',
        created_at: new Date().toISOString(),
        data: { actor_id: 'k' },
      }),
    ).toBe(false);
    expect(
      await storeActivityEvent(db, {
        id: 'event_01ACTIVITYLISTED000000000',
        event: 'vault.names.listed',
        created_at: new Date().toISOString(),
        data: { kv_name: 'x' },
      }),
    ).toBe(false);
  });

  it('the emulator backdates a create through its control API, and refuses bad input with a 4xx', async () => {
    const name = `act/${backend}/backdated`;
    const made = await t.control('/_emulator/objects/backdated', {
      body: { name, value: 'v', context: { organization_id: 'org_act' }, days: 40 },
    });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    const versions = await t.workos.vault.listObjectVersions({ id });
    const age = Date.now() - versions[0]!.createdAt.getTime();
    expect(Math.round(age / 86_400_000)).toBe(40);
    const bad = await t.control('/_emulator/objects/backdated', {
      body: { name: `${name}-2`, value: 'v', context: {}, days: 0 },
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });
});
