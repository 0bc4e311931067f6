import { describe, expect, it, vi } from 'vitest';

const database = vi.hoisted(() => ({ db: null as unknown }));
const workos = vi.hoisted(() => ({ fail: false }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('../env', () => ({
  getEnv: () => ({
    trustedProxyHops: 0,
    reveal: { reasonDestination: 'console-and-workos' },
    deleteRecoveryDays: 0,
  }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
// The index write after WorkOS answered fails: the change is applied, the process "crashes".
vi.mock('../index/store', () => ({
  upsertObject: async () => {
    throw new Error('database went away');
  },
  removeObject: async () => undefined,
  markIndexChanged: async () => undefined,
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    vault: {
      updateObject: async () => {
        if (workos.fail) throw Object.assign(new Error('conflict'), { status: 409 });
        return {
          id: 'secret_1',
          name: 'db-password',
          metadata: {
            context: { organization_id: 'org_1' },
            keyId: 'k',
            versionId: 'v2',
            updatedAt: new Date(),
          },
        };
      },
      describeObject: async () => {
        throw new Error('no describe in this test');
      },
    },
    auditLogs: { createEvent: async () => undefined },
  }),
}));

const { testPglite } = await import('../testing/backends');
const { updateValue } = await import('./commands');
const db = await testPglite();
database.db = db;
const session = {
  user: { id: 'user_1', email: 'a@example.com', name: 'A' },
  impersonator: null,
} as never;

describe('write audit: intent before the WorkOS call, outcome after (F7e)', () => {
  it('an applied write whose follow-up fails is still in the trail, as pending', async () => {
    const r = await updateValue(session, {
      objectId: 'secret_1',
      value: 'new',
      versionCheck: 'v1',
    });
    expect(r.ok).toBe(false);
    const rows = (
      await db.query<{ action: string; outcome: string; object_id: string; version_id: string }>(
        'select action, outcome, object_id, version_id from audit_events',
      )
    ).rows;
    expect(rows).toEqual([
      { action: 'object.updated', outcome: 'pending', object_id: 'secret_1', version_id: 'v1' },
    ]);
  });

  it('a refused write settles its intent as a failure', async () => {
    await db.query('delete from audit_events');
    workos.fail = true;
    const r = await updateValue(session, {
      objectId: 'secret_1',
      value: 'new',
      versionCheck: 'v1',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const rows = (
      await db.query<{ action: string; outcome: string }>(
        "select action, outcome from audit_events where action = 'object.updated'",
      )
    ).rows;
    expect(rows).toEqual([{ action: 'object.updated', outcome: 'failure' }]);
  });
});
