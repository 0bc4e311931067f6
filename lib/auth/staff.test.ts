import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ n: 0 }));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../env', () => ({
  getEnv: () => ({ staffOrganizationId: 'org_staff', membershipCacheSeconds: 300 }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    userManagement: {
      listOrganizationMemberships: async () => {
        calls.n++;
        return { data: [{ status: 'active' }] };
      },
    },
  }),
}));

const { testPglite } = await import('../testing/backends');
const { canSwitchToStaff } = await import('./staff');
database.db = await testPglite();

const customerSession = (userId: string) =>
  ({
    user: { id: userId, email: `${userId}@example.com`, name: userId },
    sessionId: 's',
    organizationId: 'org_customer',
    role: 'admin',
    permissions: [],
    isStaffSession: false,
    authTime: null,
    impersonator: null,
  }) as unknown as import('../auth/session').ConsoleSession;

describe('canSwitchToStaff (F12)', () => {
  it('asks WorkOS once per person per cache period, however often the 403 page renders', async () => {
    for (let i = 0; i < 10; i++)
      expect(await canSwitchToStaff(customerSession('user_a'))).toBe(true);
    expect(calls.n).toBe(1);
    await canSwitchToStaff(customerSession('user_b'));
    expect(calls.n).toBe(2);
  });
});
