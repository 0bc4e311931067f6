import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { testDb } from '../testing/backends';
import { setState } from '../db/state';
import { totalObjects } from './store';
import { IndexSync, readSyncStatus } from './sync';

// F3-03: the console sends updated_after as ISO 8601 itself, and a filter WorkOS refuses with a
// 4xx falls back to the bounded walk, as an ignored one does, and the index status says so.
let t: TestEmulator;
let db: Db;
let close: () => Promise<void>;
let sync: IndexSync; // one instance: it holds the sync lease across passes
const fast = { intervalMs: 60_000, reconcileIntervalMs: 3_600_000, maxRequestsPerMinute: 600_000 };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(async () => {
  t = await startTestEmulator();
  ({ db, close } = await testDb('pglite'));
});
afterAll(async () => {
  await close();
  await t.close();
});

const create = (name: string) =>
  t.workos.vault.createObject({ name, value: 'v', context: { organization_id: 'org_ua' } });
const listFilters = (since: number) =>
  t.emu.requestLog
    .list({ since, pathPrefix: '/vault/v1/kv' })
    .filter((e) => e.method === 'GET' && e.path === '/vault/v1/kv' && e.updatedAfter);

describe('updated_after on the Vault list (F3-03)', () => {
  it('goes on the wire as ISO 8601, whatever the SDK would do with a Date', async () => {
    for (let i = 0; i < 3; i++) await create(`ua/${i}`);
    sync = new IndexSync(db, t.workos, { ...fast, walkPagesPerPass: 5 });
    await sync.runOnce(); // cold build: no filter
    const seq = t.emu.requestLog.list().at(-1)!.seq;
    await create('ua/after-build');
    await sync.runOnce();
    const sent = listFilters(seq);
    expect(sent.length).toBeGreaterThan(0);
    for (const e of sent) expect(e.updatedAfter).toMatch(ISO);
    expect(await totalObjects(db)).toBe(4);
    expect((await readSyncStatus(db)).listFilter).toEqual({ mode: 'filtered' });
  });

  it('a filter refused with 400 falls back to the bounded walk, finds new objects, and the status says so', async () => {
    t.emu.config.policy.updatedAfterFilter = 'reject';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const late = await create('ua/while-rejected');
    const summary = await sync.runOnce();
    expect(summary).toBeDefined();
    // The pass did not fail: the walk found the new object.
    expect(
      (await db.query('select 1 from vault_objects where id = $1', [late.id])).rows,
    ).toHaveLength(1);
    const status = await readSyncStatus(db);
    expect(status.listFilter).toMatchObject({ mode: 'rejected', status: 400 });
    expect(status.lastError).toBeNull();
    expect(
      warn.mock.calls.filter((c) => String(c[0]).includes('refused updated_after (HTTP 400)')),
    ).toHaveLength(1);
    // Webhook catch-up does not throw either.
    await expect(sync.absorbRecent(new Date(Date.now() - 60_000))).resolves.toBe(0);

    // Once WorkOS honours the filter again (the recheck is due), the status clears.
    t.emu.config.policy.updatedAfterFilter = 'honour';
    await setState(db, 'updated_after_ignored_at', new Date(Date.now() - 3_600_000).toISOString());
    await sync.runOnce();
    expect((await readSyncStatus(db)).listFilter).toEqual({ mode: 'filtered' });
    warn.mockRestore();
  });

  it('an object the filtered list never returns (written before the watermark, no webhook) is added by the deletion-check walk', async () => {
    const res = await t.control('/_emulator/objects/backdated', {
      body: {
        name: 'ua/backdated',
        value: 'old',
        context: { organization_id: 'org_ua' },
        days: 40,
      },
    });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    await sync.runOnce();
    expect((await db.query('select 1 from vault_objects where id = $1', [id])).rows).toHaveLength(
      0,
    );
    await sync.runOnce({ reconcile: true });
    expect((await db.query('select 1 from vault_objects where id = $1', [id])).rows).toHaveLength(
      1,
    );
  });
});
