import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client';
import type { TestEmulator } from '../emulator/testing';
import { emulatorAndDbForFile } from '../testing/emulator-db';
import { staffPerson } from '../testing/people';

const shared = vi.hoisted(() => ({ workos: null as unknown, db: null as unknown }));
vi.mock('../workos/client', () => ({ getWorkOS: () => shared.workos }));
vi.mock('../workos/budget', () => ({
  processBudget: () => ({
    perMinute: 3_000,
    burst: 20,
    call: <T>(fn: () => Promise<T>) => fn(),
  }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => shared.db,
}));

const { advanceRun } = await import('./engine');
const store = await import('./store');

let t: TestEmulator;
let db: Db;
emulatorAndDbForFile((world) => {
  t = world.t;
  db = world.db;
  shared.workos = t.workos;
  shared.db = db;
});

const admin = staffPerson('admin', ['vault.metadata:read', 'vault.objects:delete']);

describe('offboarding never finishes without listing the organization in Vault again (R3-02)', () => {
  it('a call whose time runs out right after the last planned row still sweeps, and works what it finds on the next call', async () => {
    const org = await t.workos.organizations.createOrganization({ name: 'Sweep Co' });
    const context = { organization_id: org.id };
    const planned = await t.workos.vault.createObject({
      name: 'sweep/planned',
      value: 'a',
      context,
    });
    const runId = await store.createRun(db, {
      kind: 'offboard',
      orgId: org.id,
      orgName: org.name,
      user: admin.user,
      rows: [
        {
          objectId: planned.id,
          name: 'sweep/planned',
          expectedVersion: planned.versionId!,
          keyIdBefore: null,
        },
      ],
    });
    expect(await store.markStarted(db, runId, admin.user.email)).toBe(true);
    // The planned row is worked (deleted at WorkOS), and an object is created after the plan.
    await t.workos.vault.deleteObject({ id: planned.id, versionCheck: planned.versionId! });
    await db.query(`update operation_rows set status = 'done' where run_id = $1`, [runId]);
    const late = await t.workos.vault.createObject({ name: 'sweep/late', value: 'b', context });

    // No time left in this call (as when the budget ran out on the last row): it must not finish.
    const first = await advanceRun(admin, db, runId, 0);
    expect(first?.finished).toBe(false);
    expect((await store.listRows(db, runId)).map((r) => [r.object_name, r.status])).toEqual([
      ['sweep/planned', 'done'],
      ['sweep/late', 'pending'],
    ]);

    const second = await advanceRun(admin, db, runId, 30_000);
    expect(second?.finished).toBe(true);
    expect(second?.leftBehind).toBe(0);
    await expect(t.workos.vault.describeObject({ id: late.id })).rejects.toMatchObject({
      status: 404,
    });
  });
});
