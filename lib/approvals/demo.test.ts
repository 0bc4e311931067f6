import { describe, expect, it, vi } from 'vitest';

const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../env', () => ({ getEnv: () => ({ mode: 'local' }) }));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    userManagement: {
      listUsers: async ({ email }: { email: string }) => ({
        data: [{ id: 'user_support', email }],
      }),
    },
  }),
}));

const { testPglite } = await import('../testing/backends');
type Db = Awaited<ReturnType<typeof testPglite>>;
const db: Db = await testPglite();
database.db = db;
const { seedDemoApprovals } = await import('./demo');
const { upsertObject } = await import('../index/store');
const { effectivePolicy } = await import('./policy');

describe('the local demo seed', () => {
  it('waits for the index, then files one policy and one pending request, once', async () => {
    process.env.DEMO_APPROVALS = 'on';
    await seedDemoApprovals();
    expect(await effectivePolicy('org_1', db)).toBeNull();
    await upsertObject(db, {
      id: 'obj_1',
      name: 'acme/stripe',
      context: { organization_id: 'org_1' },
      key_id: null,
      version_id: 'v',
      updated_at: new Date(),
    });
    await seedDemoApprovals();
    await seedDemoApprovals();
    expect((await effectivePolicy('org_1', db))?.revealNeedsApproval).toBe(true);
    const requests = await db.query<{ requester_email: string; status: string; object_id: string }>(
      'select requester_email, status, object_id from access_requests',
    );
    expect(requests.rows).toEqual([
      { requester_email: 'support@example.com', status: 'pending', object_id: 'obj_1' },
    ]);
  });
});
