import { notFound, redirect } from 'next/navigation';
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { indexRow } from '../testing/index-sync';

const session = vi.hoisted(() => ({ current: null as null | Record<string, unknown> }));
const env = vi.hoisted(() => ({
  reveal: { recentAuthMaxAgeSeconds: 900 },
  stepUpWriteMaxAgeSeconds: 900,
  rateLimits: {
    value_reads: { limit: 3, windowSeconds: 600 },
    key_tools: { limit: 100, windowSeconds: 600 },
    writes: { limit: 100, windowSeconds: 600 },
    search: { limit: 100, windowSeconds: 600 },
  },
}));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../auth/session', () => ({ getSession: async () => session.current }));
vi.mock('../env', () => ({ getEnv: () => env }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));

const { testPglite } = await import('../testing/backends');
const { defineAction } = await import('./define-action');
const { POLICY } = await import('../auth/step-up');
const { rateLimitPage } = await import('./gate');
database.db = await testPglite();
type Db = Awaited<ReturnType<typeof testPglite>>;
const trail = async () =>
  (
    await (database.db as Db).query<{ action: string; outcome: string; detail: unknown }>(
      'select action, outcome, detail from audit_events order by occurred_at, id',
    )
  ).rows;

const admin = (authAgeSeconds = 10) => ({
  user: { id: 'user_1', email: 'a@example.com', name: 'A' },
  sessionId: 'session_1',
  organizationId: 'org_staff',
  role: 'admin',
  permissions: ['vault.values:reveal', 'vault.objects:write', 'vault.objects:delete'],
  isStaffSession: true,
  impersonator: null,
  authTime: Math.floor(Date.now() / 1000) - authAgeSeconds,
});

const handler = vi.fn(async (input: { id: string }) => ({
  ok: true as const,
  data: { echoed: input.id },
}));
type ActionConfig = Parameters<typeof defineAction>[0];
/** An action on `{ id }` that runs `handler`; the name, permission and policy are what tests vary. */
const idAction = (
  name: string,
  permission: ActionConfig['permission'],
  policy: ActionConfig['policy'],
) => defineAction({ name, schema: z.object({ id: z.string() }), permission, policy }, handler);
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
  beforeEach(async () => {
    handler.mockClear();
    session.current = null;
    await (database.db as Db).query('delete from audit_events');
    await (database.db as Db).query('delete from rate_limit_windows');
  });

  it('refuses without a session, before looking at the input', async () => {
    expect(await action({ id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses without the permission, naming it', async () => {
    session.current = { ...admin(), permissions: ['vault.metadata:read'] } as never;
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

  // F2: the declared policy decides step-up, for writes too (which actions declare which:
  // scripts/lib/action-declarations.test.ts); an action that declares none fails closed.
  it.each([
    ['updateObjectValue', POLICY.write],
    ['revealObjectValue', POLICY.valueRead],
    ['decryptWithDataKey', { ...POLICY.valueRead, rateLimit: ['value_reads', 'key_tools'] }],
    ['someNewActionNobodyListed', undefined],
  ] as const)('%s needs a recent sign-in (F2)', async (name, policy) => {
    const a = defineAction(
      {
        name,
        schema: z.object({ id: z.string() }),
        permission: 'vault.values:reveal',
        policy,
        returnTo: (i) => `/objects/${i.id}`,
      },
      handler,
    );
    session.current = admin(3600);
    expect(await a({ id: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'reauth_required', signInUrl: '/sign-in?reauth=1&returnTo=%2Fobjects%2Fabc' },
    });
    expect(handler).not.toHaveBeenCalled();
    // Denied value-bearing attempts are audited (F7d).
    expect(await trail()).toEqual([
      {
        action: 'action.denied',
        outcome: 'failure',
        detail: { action: name, code: 'reauth_required', count: 1 },
      },
    ]);
  });

  it('lets encrypt and index resync through without a step-up', async () => {
    session.current = admin(3600);
    for (const [name, policy] of [
      ['encryptWithDataKey', { ...POLICY.metadata, rateLimit: 'key_tools' }],
      ['resyncIndex', POLICY.metadata],
    ] as const) {
      const a = idAction(name, 'vault.values:reveal', policy);
      expect(await a({ id: 'abc' })).toMatchObject({ ok: true });
    }
  });

  it('audits a forbidden attempt at a value-bearing action, not at others (F7d)', async () => {
    session.current = { ...admin(), permissions: [] } as never;
    const reveal = idAction('revealObjectValue', 'vault.values:reveal', POLICY.valueRead);
    const resync = idAction('resyncIndex', 'vault.objects:write', POLICY.metadata);
    expect(await reveal({ id: 'abc' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await resync({ id: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await trail()).toEqual([
      {
        action: 'action.denied',
        outcome: 'failure',
        detail: { action: 'revealObjectValue', code: 'forbidden', count: 1 },
      },
    ]);
  });

  it('rate-limits value reads per person through the database, says when to retry, audits it (F4)', async () => {
    session.current = admin();
    const reveal = idAction('revealObjectValue', 'vault.values:reveal', POLICY.valueRead);
    const edit = idAction('loadObjectForEdit', 'vault.values:reveal', POLICY.valueRead);
    expect(await reveal({ id: 'a' })).toMatchObject({ ok: true });
    expect(await reveal({ id: 'a' })).toMatchObject({ ok: true });
    expect(await edit({ id: 'a' })).toMatchObject({ ok: true });
    const refused = await edit({ id: 'a' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'rate_limited',
        retryAfterSeconds: expect.any(Number),
        message: expect.stringMatching(/limit of 3 value reads per 10 minutes\. Try again in/),
      },
    });
    expect(handler).toHaveBeenCalledTimes(3);
    expect(await trail()).toEqual([
      {
        action: 'action.rate_limited',
        outcome: 'failure',
        detail: expect.objectContaining({ action: 'loadObjectForEdit', bucket: 'value_reads' }),
      },
    ]);
    // Another person has their own budget.
    session.current = { ...admin(), user: { id: 'user_2', email: 'b@example.com', name: 'B' } };
    expect(await reveal({ id: 'a' })).toMatchObject({ ok: true });
  });

  it('refuses value reads in an impersonated session and records who impersonated (F7f)', async () => {
    session.current = { ...admin(), impersonator: { email: 'staff@workos.example' } };
    const reveal = idAction('revealObjectValue', 'vault.values:reveal', POLICY.valueRead);
    expect(await reveal({ id: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('impersonated') },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(await trail()).toEqual([
      {
        action: 'action.denied',
        outcome: 'failure',
        detail: {
          action: 'revealObjectValue',
          code: 'impersonated',
          impersonator: 'staff@workos.example',
          count: 1,
        },
      },
    ]);
  });

  it('R3-09: a flood of refusals is one row with a count; a forbidden row names its object and org', async () => {
    session.current = { ...admin(), permissions: [] } as never;
    const reveal = defineAction(
      {
        name: 'revealObjectValue',
        schema: z.object({ objectId: z.string() }),
        permission: 'vault.values:reveal',
        policy: POLICY.valueRead,
        auditTarget: (i) => ({ objectId: i.objectId }),
      },
      handler as never,
    );
    const start = defineAction(
      {
        name: 'startOperation',
        schema: z.object({ orgId: z.string(), runId: z.string().min(5) }),
        permission: 'vault.objects:delete',
        policy: POLICY.write,
      },
      handler as never,
    );
    for (let i = 0; i < 300; i++) await reveal({ objectId: 'secret_A' });
    await reveal({ objectId: 'secret_B' });
    // Input the schema refuses still names the ids it carries.
    await start({ orgId: 'org_01X', runId: 'x' } as never);
    const rows = (
      await (database.db as Db).query<{
        object_id: string | null;
        org_id: string | null;
        detail: { count: number; code: string; action: string };
      }>(
        "select object_id, org_id, detail from audit_events where action = 'action.denied' order by occurred_at, id",
      )
    ).rows;
    expect(rows.map((r) => [r.detail.action, r.object_id, r.org_id, r.detail.count])).toEqual([
      ['revealObjectValue', 'secret_A', null, 300],
      ['revealObjectValue', 'secret_B', null, 1],
      ['startOperation', null, 'org_01X', 1],
    ]);
  });

  it('R3-06: a batch action spends one rate-limit unit per row', async () => {
    session.current = admin();
    const apply = defineAction(
      {
        name: 'applyImport',
        schema: z.object({ rows: z.array(z.string()) }),
        permission: 'vault.values:reveal',
        policy: POLICY.valueRead,
        rateUnits: (i) => i.rows.length,
      },
      handler as never,
    );
    expect(await apply({ rows: ['a', 'b', 'c', 'd'] })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/These 4 rows/) },
    });
    expect(await apply({ rows: ['a', 'b'] })).toMatchObject({ ok: true });
    expect(await apply({ rows: ['a', 'b'] })).toMatchObject({ ok: false });
    expect(await apply({ rows: ['a'] })).toMatchObject({ ok: true });
  });

  it('rate-limits search pages per person too, with the retry time (F4)', async () => {
    const saved = env.rateLimits.search;
    env.rateLimits.search = { limit: 2, windowSeconds: 600 };
    const me = admin() as never;
    expect(await rateLimitPage(me, 'search')).toBeNull();
    expect(await rateLimitPage(me, 'search')).toBeNull();
    expect(await rateLimitPage(me, 'search')).toMatch(
      /limit of 2 searches per 10 minutes\. Try again in/,
    );
    expect(await trail()).toEqual([
      {
        action: 'action.rate_limited',
        outcome: 'failure',
        detail: expect.objectContaining({ bucket: 'search' }),
      },
    ]);
    env.rateLimits.search = saved;
  });
});

describe('defineAction with an access grant standing in for a permission', () => {
  const supportSession = {
    ...admin(),
    user: { id: 'user_support', email: 's@example.com', name: 'S' },
    role: 'support',
    permissions: ['vault.metadata:read'],
  };
  const granted = vi.fn(async (input: { objectId: string }, ctx: { grant?: { id: string } }) => ({
    ok: true as const,
    data: { objectId: input.objectId, grantId: ctx.grant?.id ?? null },
  }));
  const reveal = defineAction(
    {
      name: 'grantedReveal',
      schema: z.object({ objectId: z.string() }),
      permission: 'vault.values:reveal',
      policy: POLICY.valueRead,
      auditTarget: (i) => ({ objectId: i.objectId }),
      grant: 'reveal',
    },
    granted,
  );
  const write = defineAction(
    {
      name: 'grantedWrite',
      schema: z.object({ objectId: z.string() }),
      permission: ['vault.objects:write', 'vault.values:reveal'],
      policy: POLICY.write,
      auditTarget: (i) => ({ objectId: i.objectId }),
      grant: 'reveal',
    },
    granted,
  );
  const grant = async (id: string, objectId: string | null, orgId: string, minutes = 30) => {
    const db = database.db as Db;
    await db.query(
      `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, reason,
         duration_minutes, approvals_required, expires_at, granted_at, grant_expires_at)
       values ($1, 'reveal', 'approved', 'user_support', 's@example.com', $2, $3, 'r', 30, 1, now(), now(),
         now() + make_interval(mins => $4))`,
      [id, orgId, objectId, minutes],
    );
  };

  beforeEach(async () => {
    granted.mockClear();
    session.current = supportSession as never;
    await (database.db as Db).query('delete from access_requests');
  });

  it('refuses without a grant, and runs with one for this object, handing the handler its id', async () => {
    expect(await reveal({ objectId: 'obj_A' })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Your role does not include vault.values:reveal, which this action needs, and you hold no approved access grant for this object.',
      },
    });
    await grant('areq_a', 'obj_A', 'org_1');
    expect(await reveal({ objectId: 'obj_A' })).toEqual({
      ok: true,
      data: { objectId: 'obj_A', grantId: 'areq_a' },
    });
    // A grant for A never opens B.
    expect(await reveal({ objectId: 'obj_B' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(granted).toHaveBeenCalledTimes(1);
  });

  it('an organization grant opens that organization’s objects only; an expired grant opens nothing', async () => {
    const { upsertObject } = await import('../index/store');
    const db = database.db as Db;
    await upsertObject(db, indexRow('obj_in', 'org_1'));
    await upsertObject(db, indexRow('obj_out', 'org_2'));
    await grant('areq_org', null, 'org_1');
    expect(await reveal({ objectId: 'obj_in' })).toMatchObject({
      ok: true,
      data: { grantId: 'areq_org' },
    });
    expect(await reveal({ objectId: 'obj_out' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await db.query(`update access_requests set grant_expires_at = now() - interval '1 second'`);
    expect(await reveal({ objectId: 'obj_in' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('never stands in for a permission its kind does not cover', async () => {
    await grant('areq_w', 'obj_A', 'org_1');
    expect(await write({ objectId: 'obj_A' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('vault.objects:write') },
    });
    expect(granted).not.toHaveBeenCalled();
  });

  it('with a grant still asks for a recent sign-in', async () => {
    await grant('areq_s', 'obj_A', 'org_1');
    session.current = {
      ...supportSession,
      authTime: Math.floor(Date.now() / 1000) - 3600,
    } as never;
    expect(await reveal({ objectId: 'obj_A' })).toMatchObject({
      ok: false,
      error: { code: 'reauth_required' },
    });
  });
});

describe('defineAction with several running grants', () => {
  it('hands the handler the grant for this object, not another one', async () => {
    const db = database.db as Db;
    await db.query('delete from access_requests');
    session.current = {
      ...admin(),
      user: { id: 'user_support', email: 's@example.com', name: 'S' },
      permissions: ['vault.metadata:read'],
    } as never;
    for (const [id, obj, minutes] of [
      ['areq_a', 'obj_A', 60],
      ['areq_f', 'obj_F', 15],
    ] as const)
      await db.query(
        `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, reason,
           duration_minutes, approvals_required, expires_at, granted_at, grant_expires_at)
         values ($1, 'reveal', 'approved', 'user_support', 's@example.com', 'org_1', $2, 'r', 30, 1, now(), now(),
           now() + make_interval(mins => $3))`,
        [id, obj, minutes],
      );
    const seen = defineAction(
      {
        name: 'seen',
        schema: z.object({ objectId: z.string() }),
        permission: 'vault.values:reveal',
        policy: POLICY.metadata,
        auditTarget: (i) => ({ objectId: i.objectId }),
        grant: 'reveal',
      },
      async (input, ctx) => ({ ok: true as const, data: ctx.grant?.objectId ?? null }),
    );
    expect(await seen({ objectId: 'obj_F' })).toEqual({ ok: true, data: 'obj_F' });
    expect(await seen({ objectId: 'obj_A' })).toEqual({ ok: true, data: 'obj_A' });
  });
});
