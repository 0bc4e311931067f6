import { describe, expect, it, vi } from 'vitest';

const workos = vi.hoisted(() => ({ fail: false, calls: [] as string[] }));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('@workos-inc/authkit-nextjs', () => ({ withAuth: async () => ({}) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('next/navigation', () => ({ forbidden: () => undefined, redirect: () => undefined }));
vi.mock('../env', () => ({ getEnv: () => ({}) }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    userManagement: {
      revokeSession: async ({ sessionId }: { sessionId: string }) => {
        workos.calls.push(sessionId);
        if (workos.fail) throw Object.assign(new Error('down'), { status: 503 });
      },
    },
  }),
}));

const { testPglite } = await import('../testing/backends');
const { revokeSession } = await import('./session');
const db = await testPglite();
database.db = db;
const rows = async () =>
  (
    await db.query<{ sid: string; workos_revoked: boolean }>(
      'select sid, workos_revoked from revoked_sessions order by sid',
    )
  ).rows;

describe('sign-out revocation (F6)', () => {
  it('revokes at WorkOS server-side and keeps unconfirmed records (retrying them) past 2 days', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    workos.fail = true;
    await revokeSession('session_a');
    expect(workos.calls).toEqual(['session_a']);
    expect(await rows()).toEqual([{ sid: 'session_a', workos_revoked: false }]);
    // Three days later, WorkOS answers again: the old unconfirmed record was kept and is retried.
    await db.query("update revoked_sessions set revoked_at = now() - interval '3 days'");
    workos.fail = false;
    await revokeSession('session_b');
    expect(workos.calls).toEqual(['session_a', 'session_b', 'session_a']);
    // session_a is now confirmed and older than any access token: it goes; session_b stays.
    expect(await rows()).toEqual([{ sid: 'session_b', workos_revoked: true }]);
  });
});
