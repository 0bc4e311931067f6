import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client';
import type { TestEmulator } from '../emulator/testing';
import { toIndexRow } from '../index/sdk-row';
import { upsertObject } from '../index/store';
import { emulatorAndDbForFile } from '../testing/emulator-db';
import { staffPerson } from '../testing/people';
import { CountingBudget } from '../testing/counting-budget';

/**
 * Issue 27: the import preview reads several existing names at once, within the budget, and its
 * rows still come back in the file's order, one audited read per existing name.
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

const { applyImport, previewImport } = await import('./import');
const { batchWidth, mapPool } = await import('./pool');

let t: TestEmulator;
let db: Db;
emulatorAndDbForFile((world) => {
  t = world.t;
  db = world.db;
  shared.workos = t.workos;
  shared.db = db;
});

const admin = staffPerson('admin', [
  'vault.metadata:read',
  'vault.values:reveal',
  'vault.objects:write',
]);

describe('mapPool', () => {
  it('keeps the items’ order, and after an error starts nothing new and waits for what is in flight', async () => {
    expect(await mapPool([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
    const started: number[] = [];
    const finished: number[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const run = mapPool([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 0) {
        await slow;
        finished.push(n);
        return n;
      }
      throw new Error(`row ${n}`);
    });
    let settled = false;
    void run.catch(() => (settled = true));
    await vi.waitFor(() => expect(started).toEqual([0, 1]));
    // The failure of 1 started nothing else, and the pool still waits for 0.
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow('row 1');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});

describe('previewImport reads several names at once (issue 27)', () => {
  it('has the pool’s width of compare reads in flight, answers in the file’s order, one audited read per existing name', async () => {
    const org = await t.workos.organizations.createOrganization({ name: 'Import Pool Co' });
    const other = await t.workos.organizations.createOrganization({ name: 'Other Co' });
    const entries: { name: string; value: string }[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      const name = `import-pool/KEY_${i}`;
      const kind = i % 3 === 0 ? 'new' : i % 3 === 1 ? 'unchanged' : 'changed';
      if (kind !== 'new') {
        const o = await t.workos.vault.createObject({
          name,
          value: kind === 'unchanged' ? `v${i}` : `old${i}`,
          context: { organization_id: org.id },
        });
        await upsertObject(db, {
          ...toIndexRow(await t.workos.vault.describeObject({ id: o.id })),
          org_id: org.id,
        });
      }
      entries.push({ name, value: `v${i}` });
      expected.push(kind);
    }
    const foreign = await t.workos.vault.createObject({
      name: 'import-pool/TAKEN',
      value: 'x',
      context: { organization_id: other.id },
    });
    await upsertObject(db, {
      ...toIndexRow(await t.workos.vault.describeObject({ id: foreign.id })),
      org_id: other.id,
    });
    entries.splice(5, 0, { name: 'import-pool/TAKEN', value: 'x' });
    expected.splice(5, 0, 'taken');

    const width = batchWidth({ perMinute: 3_000, burst: 20 }, 1);
    const budget = new CountingBudget(width);
    shared.budget = budget;
    const preview = previewImport(admin, org.id, entries);
    await vi.waitFor(() => expect(budget.held).toBe(width), { timeout: 60_000, interval: 20 });
    const rows = await preview;

    expect(rows.map((r) => r.name)).toEqual(entries.map((e) => e.name));
    expect(rows.map((r) => r.status)).toEqual(expected);
    expect(budget.maxRunning).toBe(width);
    expect(budget.calls).toBe(20);
    const reads = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'object.edit_loaded' and org_id = $1 and detail->>'purpose' = 'import_compare'`,
      [org.id],
    );
    expect(reads.rows[0]!.n).toBe(20);
  });
});

describe('applyImport writes several rows at once (issue 27)', () => {
  it('has the pool’s width of writes in flight, every Vault call through the budget; a stale or taken row is skipped, the others written', async () => {
    const org = await t.workos.organizations.createOrganization({ name: 'Apply Pool Co' });
    const rows: { name: string; value: string; objectId?: string; versionCheck?: string }[] = [];
    const stale: string[] = [];
    for (let i = 0; i < 10; i++) {
      const name = `apply-pool/OLD_${i}`;
      const o = await t.workos.vault.createObject({
        name,
        value: `old${i}`,
        context: { organization_id: org.id },
      });
      await upsertObject(db, {
        ...toIndexRow(await t.workos.vault.describeObject({ id: o.id })),
        org_id: org.id,
      });
      rows.push({ name, value: `new${i}`, objectId: o.id, versionCheck: o.versionId! });
      // Two are saved by someone else after the preview.
      if (i === 2 || i === 7) {
        await t.workos.vault.updateObject({
          id: o.id,
          value: 'theirs',
          versionCheck: o.versionId!,
        });
        stale.push(name);
      }
    }
    await t.workos.vault.createObject({
      name: 'apply-pool/TAKEN',
      value: 'x',
      context: { organization_id: org.id },
    });
    for (let i = 0; i < 8; i++) rows.push({ name: `apply-pool/NEW_${i}`, value: `n${i}` });
    rows.splice(4, 0, { name: 'apply-pool/TAKEN', value: 'mine' });

    const width = batchWidth({ perMinute: 3_000, burst: 20 }, 2);
    const budget = new CountingBudget(width);
    shared.budget = budget;
    const before = (await t.control('/_emulator/requests?path_prefix=/vault')).body as {
      last_seq: number;
    };
    const applying = applyImport(admin, org.id, rows);
    await vi.waitFor(() => expect(budget.held).toBe(width), { timeout: 60_000, interval: 20 });
    const out = await applying;

    expect(out.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    expect(out.map((r) => r.status)).toEqual(
      rows.map((r) =>
        stale.includes(r.name) || r.name === 'apply-pool/TAKEN'
          ? 'skipped'
          : r.objectId
            ? 'updated'
            : 'created',
      ),
    );
    expect(budget.maxRunning).toBe(width);
    const made = (
      await t.control(`/_emulator/requests?path_prefix=/vault&since=${before.last_seq}`)
    ).body as { data: unknown[] };
    expect(budget.calls).toBe(made.data.length);
    // The stale ones still hold the other person's value.
    for (const r of rows.filter((x) => stale.includes(x.name)))
      expect((await t.workos.vault.readObject({ id: r.objectId! })).value).toBe('theirs');
  });
});
