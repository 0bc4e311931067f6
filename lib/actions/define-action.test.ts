import { notFound, redirect } from 'next/navigation';
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';

const session = vi.hoisted(() => ({ current: null as null | Record<string, unknown> }));
vi.mock('../auth/session', () => ({ getSession: async () => session.current }));
vi.mock('../env', () => ({ getEnv: () => ({ reveal: { recentAuthMaxAgeSeconds: 900 } }) }));

const { defineAction } = await import('./define-action');

const admin = (authAgeSeconds = 10) => ({
  user: { id: 'user_1', email: 'a@example.com', name: 'A' },
  sessionId: 'session_1',
  organizationId: 'org_staff',
  role: 'admin',
  permissions: ['vault.values:reveal'],
  isStaffSession: true,
  authTime: Math.floor(Date.now() / 1000) - authAgeSeconds,
});

const handler = vi.fn(async (input: { id: string }) => ({
  ok: true as const,
  data: { echoed: input.id },
}));
const action = defineAction(
  {
    name: 'test',
    schema: z.object({ id: z.string().min(2) }),
    permission: 'vault.values:reveal',
    recentAuth: (i) => `/objects/${i.id}`,
  },
  handler,
);

describe('defineAction', () => {
  beforeEach(() => {
    handler.mockClear();
    session.current = null;
  });

  it('refuses without a session, before looking at the input', async () => {
    expect(await action({ id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses without the permission, naming it', async () => {
    session.current = { ...admin(), permissions: ['vault.metadata:read'] };
    expect(await action({ id: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('vault.values:reveal') },
    });
    session.current = { ...admin(), permissions: [] };
    expect(await action({ id: 'abc' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('parses the input with the schema and reports field errors', async () => {
    session.current = admin();
    expect(await action({ id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { id: [expect.any(String)] } },
    });
    // Callers are typed, but the endpoint is public: anything can arrive over the network.
    const fromTheNetwork = action as (input: unknown) => ReturnType<typeof action>;
    expect(await fromTheNetwork('not an object')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('asks for a recent sign-in and says where to come back to', async () => {
    session.current = admin(3600);
    expect(await action({ id: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'reauth_required', signInUrl: '/sign-in?reauth=1&returnTo=%2Fobjects%2Fabc' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('runs the handler, and turns a crash into a generic error without its message', async () => {
    session.current = admin();
    expect(await action({ id: 'abc' })).toEqual({ ok: true, data: { echoed: 'abc' } });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const crashing = defineAction(
      { name: 'crash', schema: z.object({ v: z.string() }), permission: 'vault.values:reveal' },
      async (i) => {
        throw new Error(`secret ${i.v} leaked?`);
      },
    );
    const result = await crashing({ v: 'hunter2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(JSON.stringify(log.mock.calls)).not.toContain('hunter2');
    log.mockRestore();
  });

  it('types its input from the schema, so callers are checked against it', () => {
    expectTypeOf(action).parameter(0).toEqualTypeOf<{ id: string }>();
  });

  it('needs every listed permission and names the ones missing', async () => {
    const both = defineAction(
      {
        name: 'both',
        schema: z.object({}),
        permission: ['vault.objects:write', 'vault.values:reveal'],
      },
      async () => ({ ok: true as const, data: 'ran' }),
    );
    session.current = { ...admin(), permissions: ['vault.objects:write'] };
    const refused = await both({});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(refused)).toContain('vault.values:reveal');
    expect(JSON.stringify(refused)).not.toContain('vault.objects:write');
    session.current = { ...admin(), permissions: ['vault.values:reveal', 'vault.objects:write'] };
    expect(await both({})).toEqual({ ok: true, data: 'ran' });
  });

  it("rethrows Next's control-flow errors instead of reporting them as unexpected", async () => {
    session.current = admin();
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const missing = defineAction(
      { name: 'missing', schema: z.object({}), permission: 'vault.values:reveal' },
      async () => notFound(),
    );
    await expect(missing({})).rejects.toMatchObject({ digest: expect.stringContaining('404') });
    const moved = defineAction(
      { name: 'moved', schema: z.object({}), permission: 'vault.values:reveal' },
      async () => redirect('/orgs'),
    );
    await expect(moved({})).rejects.toMatchObject({ digest: expect.stringContaining('/orgs') });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
