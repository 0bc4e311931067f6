import type { APIRequestContext } from '@playwright/test';
import { sealData } from 'iron-session';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { LOCAL_COOKIE_PASSWORD } from '../lib/config/runtime-env';
import { ConsoleSession } from '../scripts/lib/console-session';
import { bucketsOf, type RateLimitBucket } from '../lib/auth/step-up';
import { RATE_LIMIT_VARIABLES } from '../lib/security/rate-limit';
import { startTestPostgres, type TestPostgres } from '../lib/testing/postgres';
import { actionId, parseActionReply, postAction, sessionAction } from './support/actions';
import {
  STALE_SIGN_IN_SECONDS,
  startConsole,
  waitUp,
  type ConsoleProcess,
} from './support/console-process';
import {
  allowed,
  buildActions,
  buildEntryPoints,
  IDENTITIES,
  PAGES,
  ROUTES,
  type Ctx,
  type Identity,
} from './support/entry-points';
import { controlFetch, EMULATOR_URL, emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { storageStatePath } from './support/roles';
import { CONSOLE_URL, PORTS, urlFor } from './support/ports';

const BASE = CONSOLE_URL;
type Outcome = 'ok' | 'authkit' | 'signin' | 'forbidden' | 'unauthenticated' | 'other';

type PlaywrightApi = {
  request: { newContext: (o: Record<string, unknown>) => Promise<APIRequestContext> };
};

async function requestAs(playwright: PlaywrightApi, who: Identity): Promise<APIRequestContext> {
  return playwright.request.newContext({
    baseURL: BASE,
    ...(who === 'anonymous' ? {} : { storageState: storageStatePath(who) }),
  });
}

/** By status only: every denial is a redirect to sign-in or a 403 (the 403 boundary's markup rides along in every RSC payload). */
function classifyPage(status: number, location: string | undefined): Outcome {
  if (status >= 300 && status < 400) {
    if (location?.startsWith(EMULATOR_URL)) return 'authkit';
    if (location?.includes('/sign-in')) return 'signin';
    return 'ok';
  }
  if (status === 403) return 'forbidden';
  if (status === 401) return 'unauthenticated';
  if (status === 200 || status === 404) return 'ok';
  return 'other';
}

async function context(): Promise<Ctx> {
  const obj = await freshObject('matrix-value');
  return { orgId: obj.orgId, objectId: obj.id, objectName: obj.name, versionId: obj.versionId };
}

test.describe('auth matrix, derived from the build', () => {
  test('every page, route handler and server action in the build has a rule', () => {
    const built = buildEntryPoints();
    expect(built.pages.sort()).toEqual(Object.keys(PAGES).sort());
    expect(built.routes.sort()).toEqual(Object.keys(ROUTES).sort());
    // Actions declare their rule, policy and harmless input in their defineAction config.
    const { specs, problems } = buildActions();
    expect(problems, problems.join('\n')).toEqual([]);
    expect(built.actions.sort()).toEqual(Object.keys(specs).sort());
  });

  test('each entry point × {anonymous, member, support, admin} gets exactly its allow or deny', async ({
    playwright,
  }) => {
    test.setTimeout(180_000);
    const ACTIONS = buildActions().specs;
    const ctx = await context();
    const results: {
      entry: string;
      who: Identity;
      expected: string;
      got: Outcome;
      status: number;
    }[] = [];
    for (const who of IDENTITIES) {
      const req = await requestAs(playwright, who);
      for (const [key, spec] of Object.entries(PAGES)) {
        const res = await req.get(spec.path(ctx), { maxRedirects: 0 });
        const got = classifyPage(res.status(), res.headers().location);
        const expected = allowed(spec.rule, who)
          ? 'ok'
          : who === 'anonymous'
            ? 'authkit'
            : 'forbidden';
        results.push({ entry: `page ${key}`, who, expected, got, status: res.status() });
      }
      for (const [key, spec] of Object.entries(ROUTES)) {
        if (spec.path(ctx) === '/sign-out' || spec.path(ctx) === '/switch-organization') continue; // below, with throwaway sessions
        const res =
          spec.method === 'GET'
            ? await req.get(spec.path(ctx), { maxRedirects: 0 })
            : await req.post(spec.path(ctx), { maxRedirects: 0 });
        let got: Outcome =
          res.status() === 401
            ? 'unauthenticated'
            : res.status() === 403
              ? 'forbidden'
              : res.status() < 400
                ? 'ok'
                : 'other';
        if (
          res.status() >= 300 &&
          res.status() < 400 &&
          res.headers().location?.startsWith(EMULATOR_URL) &&
          key !== '/(auth)/sign-in/route'
        )
          got = 'authkit';
        const expected = allowed(spec.rule, who)
          ? 'ok'
          : who === 'anonymous' || spec.rule === 'credential'
            ? 'unauthenticated'
            : 'forbidden';
        results.push({ entry: `route ${key}`, who, expected, got, status: res.status() });
      }
      for (const [name, spec] of Object.entries(ACTIONS)) {
        const reply = await postAction(req, spec.page(ctx), name, [spec.input(ctx)]);
        const mayCarryValue =
          who === 'admin' && (name === 'revealObjectValue' || name === 'loadObjectForEdit');
        if (!mayCarryValue) expect(reply.text, `${name} as ${who}`).not.toContain('matrix-value');
        let got: Outcome;
        if (reply.status >= 300 && reply.status < 400)
          got = reply.headers.location?.startsWith(EMULATOR_URL) ? 'authkit' : 'other';
        else if (!reply.result) got = 'other';
        else if (reply.result.ok) got = 'ok';
        else {
          const code = (reply.result.error as { code: string }).code;
          got =
            code === 'forbidden'
              ? 'forbidden'
              : code === 'unauthenticated'
                ? 'unauthenticated'
                : 'ok'; // any other error: it got past the gate
        }
        const expected = allowed(spec.rule, who)
          ? 'ok'
          : who === 'anonymous'
            ? 'authkit'
            : 'forbidden';
        results.push({ entry: `action ${name}`, who, expected, got, status: reply.status });
      }
      await req.dispose();
    }
    // sign-out and switch-organization change the session, so they get throwaway sessions.
    for (const who of IDENTITIES) {
      for (const path of ['/sign-out', '/switch-organization']) {
        const s = new ConsoleSession(BASE);
        if (who !== 'anonymous') await s.signIn(`${who}@example.com`);
        const res = await s.fetch(path, { method: 'POST' });
        const location = res.headers.get('location') ?? '';
        const rule =
          ROUTES[
            path === '/sign-out' ? '/(auth)/sign-out/route' : '/(auth)/switch-organization/route'
          ]!.rule;
        const got: Outcome =
          location.startsWith(EMULATOR_URL) && path === '/switch-organization'
            ? 'authkit'
            : res.status < 400
              ? 'ok'
              : 'other';
        const expected = allowed(rule, who) ? 'ok' : 'authkit';
        results.push({ entry: `route POST ${path}`, who, expected, got, status: res.status });
      }
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/auth-matrix.json', JSON.stringify(results, null, 2));
    const wrong = results.filter((r) => r.expected !== r.got);
    expect(wrong, JSON.stringify(wrong, null, 2)).toEqual([]);
    console.log(
      `auth matrix: ${Object.keys(PAGES).length + Object.keys(ROUTES).length + Object.keys(ACTIONS).length} entry points × ${IDENTITIES.length} identities = ${results.length} tries, all as expected`,
    );
  });
});

test.describe('step-up answers, from the policy each action declares', () => {
  test('with a sign-in an hour old, every action the policy marks answers reauth_required; the others run', async () => {
    test.setTimeout(90_000);
    const ACTIONS = buildActions().specs;
    const ctx = await context();
    await emulator.backdateNextLogin('admin@example.com', STALE_SIGN_IN_SECONDS);
    const old = new ConsoleSession(BASE);
    await old.signIn('admin@example.com');
    const results: { action: string; expected: string; got: string }[] = [];
    for (const [name, spec] of Object.entries(ACTIONS)) {
      const input =
        name === 'createVaultObject'
          ? { orgId: ctx.orgId, name: uniqueName('stepup'), value: 'x', extraContext: [] }
          : spec.input(ctx);
      const res = await old.fetch(spec.page(ctx), {
        method: 'POST',
        headers: {
          'next-action': actionId(name),
          'content-type': 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        body: JSON.stringify([input]),
      });
      const reply = parseActionReply(await res.text()) as {
        ok: boolean;
        error?: { code: string; signInUrl?: string };
      } | null;
      const got = reply?.ok ? 'ran' : (reply?.error?.code ?? `status ${res.status}`);
      const needsStepUp = spec.policy.stepUp !== 'none';
      results.push({
        action: name,
        expected: needsStepUp ? 'reauth_required' : 'not reauth_required',
        got: needsStepUp ? got : got === 'reauth_required' ? got : 'not reauth_required',
      });
      if (needsStepUp) expect(reply?.error?.signInUrl).toMatch(/^\/sign-in\?reauth=1&returnTo=%2F/);
    }
    const wrong = results.filter((r) => r.expected !== r.got);
    expect(wrong, JSON.stringify(wrong, null, 2)).toEqual([]);
    // F2 in particular: update, delete, create, BYOK links and key-tools decrypt are gated.
    for (const name of [
      'updateObjectValue',
      'deleteVaultObject',
      'createVaultObject',
      'generateByokLink',
      'decryptWithDataKey',
    ])
      expect(results.find((r) => r.action === name)?.got).toBe('reauth_required');
  });
});

/**
 * Answers from the checks before a handler. Anything else means the call got through them. (An
 * `invalid_input` can come from the handler too, e.g. a wrong delete confirmation; one from the
 * schema would spend no budget, so the second call would not be rate_limited and the test fails.)
 */
const GATE_REFUSALS = new Set(['rate_limited', 'reauth_required', 'forbidden', 'unauthenticated']);

/** The budget each test console gives every bucket: one call per person per ten minutes. */
const TINY_LIMIT = '1/600';

/**
 * Pages that spend a rate-limit budget, read from their source (the manifest key names the file):
 * a page that calls `rateLimitPage(session, '<bucket>')` is one, so a new one is covered unasked.
 */
function rateLimitedPages(): { key: string; bucket: RateLimitBucket }[] {
  const found: { key: string; bucket: RateLimitBucket }[] = [];
  for (const key of Object.keys(PAGES)) {
    const file = [`app${key}.tsx`, `app${key}.ts`].find((f) => existsSync(f));
    if (!file) continue;
    const m = /rateLimitPage\(\s*\w+\s*,\s*'(\w+)'/.exec(readFileSync(file, 'utf8'));
    if (m) found.push({ key, bucket: m[1] as RateLimitBucket });
  }
  return found;
}

test.describe('rate-limit answers, from the policy each action declares', () => {
  test('with every budget at one call, each rate-limited action and page runs once, then answers rate_limited and is audited', async () => {
    test.setTimeout(240_000);
    const ACTIONS = buildActions().specs;
    const actions = Object.keys(ACTIONS).filter((name) => bucketsOf(ACTIONS[name]!.policy).length);
    const pages = rateLimitedPages();
    const entries = [
      ...actions.map((name) => `action ${name}`),
      ...pages.map((p) => `page ${p.key}`),
    ];
    expect(actions.length).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThan(0);
    // Every bucket the console knows is spent by at least one entry point tried here.
    const exercised = new Set<string | null>([
      ...actions.flatMap((n) => bucketsOf(ACTIONS[n]!.policy)),
      ...pages.map((p) => p.bucket),
    ]);
    expect([...exercised].filter(Boolean).sort()).toEqual(Object.keys(RATE_LIMIT_VARIABLES).sort());

    // Its own console and database (the counters and audit rows are read and reset from here),
    // signing in through the suite's emulator.
    let database: TestPostgres | null = null;
    let server: ConsoleProcess | null = null;
    let client: pg.Client | null = null;
    try {
      database = await startTestPostgres();
      server = await startConsole(PORTS.rateLimited, {
        EMULATOR_PORT: String(PORTS.emulator),
        DATABASE_URL: database.url,
        INDEX_SYNC_INTERVAL_SECONDS: '2',
        ...Object.fromEntries(Object.values(RATE_LIMIT_VARIABLES).map((v) => [v, TINY_LIMIT])),
      });
      await waitUp(`${urlFor(PORTS.rateLimited)}/api/health`, server);
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const db = client;
      // A fresh sign-in, so step-up never answers before the rate limit.
      const session = new ConsoleSession(urlFor(PORTS.rateLimited));
      await session.signIn('admin@example.com');

      const results: {
        entry: string;
        first: string;
        firstGot?: string;
        second: string;
        audited: boolean;
      }[] = [];
      const auditedFor = async (action: string) =>
        Number(
          (
            await db.query(
              "select count(*)::int as n from audit_events where action = 'action.rate_limited' and detail->>'action' = $1",
              [action],
            )
          ).rows[0].n,
        );

      for (const name of actions) {
        // Each entry point gets the whole budget, and a fresh object for each call.
        await db.query('delete from rate_limit_windows');
        const call = async () => {
          const ctx = await context();
          const input =
            name === 'createVaultObject'
              ? { orgId: ctx.orgId, name: uniqueName('ratelimit'), value: 'x', extraContext: [] }
              : ACTIONS[name]!.input(ctx);
          const reply = await sessionAction(session, ACTIONS[name]!.page(ctx), name, input);
          return {
            status: reply.status,
            result: reply.result as {
              ok: boolean;
              error?: { code: string; message?: string; retryAfterSeconds?: number };
            } | null,
          };
        };
        const first = await call();
        const second = await call();
        const firstCode = first.result?.ok
          ? 'ran'
          : (first.result?.error?.code ?? `status ${first.status}`);
        const secondCode = second.result?.ok
          ? 'ran'
          : (second.result?.error?.code ?? `status ${second.status}`);
        if (secondCode === 'rate_limited') {
          expect(second.result?.error?.message, name).toMatch(
            /^You have reached the limit of 1 [a-z ]+ per 10 minutes\. Try again in \d+ (seconds?|minutes?)\.$/,
          );
          if (second.result?.error?.retryAfterSeconds !== undefined)
            expect(second.result.error.retryAfterSeconds, name).toBeGreaterThan(0);
        }
        results.push({
          entry: `action ${name}`,
          // Ran, or an answer from the handler itself (a stale version, a wrong confirmation):
          // either way it got past every check, the rate limit included.
          first: first.result && !GATE_REFUSALS.has(firstCode) ? 'past the gate' : firstCode,
          firstGot: firstCode,
          second: secondCode,
          audited: (await auditedFor(name)) === 1,
        });
      }

      for (const { key, bucket } of pages) {
        await db.query('delete from rate_limit_windows');
        const ctx = await context();
        const load = async () => {
          const res = await session.fetch(PAGES[key]!.path(ctx));
          return { status: res.status, html: await res.text() };
        };
        const limitedMessage =
          /You have reached the limit of 1 [a-z ]+ per 10 minutes\. Try again in \d+ (seconds?|minutes?)\./;
        const first = await load();
        const second = await load();
        results.push({
          entry: `page ${key}`,
          first:
            first.status !== 200
              ? `status ${first.status}`
              : limitedMessage.test(first.html)
                ? 'rate_limited'
                : 'past the gate',
          second:
            second.status !== 200
              ? `status ${second.status}`
              : limitedMessage.test(second.html)
                ? 'rate_limited'
                : 'ran',
          audited: (await auditedFor(`page:${bucket}`)) === 1,
        });
      }

      mkdirSync('test-results', { recursive: true });
      writeFileSync('test-results/auth-matrix-rate-limits.json', JSON.stringify(results, null, 2));
      expect(results.map((r) => r.entry)).toEqual(entries);
      const wrong = results.filter(
        (r) => r.first !== 'past the gate' || r.second !== 'rate_limited' || !r.audited,
      );
      expect(wrong, JSON.stringify(wrong, null, 2)).toEqual([]);
      console.log(
        `rate limits: ${entries.length} rate-limited entry points (${entries.join(', ')}), each refused on its second call and audited`,
      );
    } finally {
      await client?.end();
      await server?.stop();
      await database?.stop();
    }
  });
});

test.describe('replayed and forged sessions', () => {
  const probes = async (req: APIRequestContext, ctx: Ctx, headers: Record<string, string> = {}) => {
    const page = await req.get('/orgs', { maxRedirects: 0, headers });
    const api = await req.get('/api/index/status', { maxRedirects: 0, headers });
    const action = await postAction(
      req,
      `/objects/${ctx.objectId}`,
      'revealObjectValue',
      [{ objectId: ctx.objectId, purpose: 'reveal' }],
      headers,
    );
    return { page: page.status(), pageBody: await page.text(), api: api.status(), action };
  };
  const expectDenied = (p: Awaited<ReturnType<typeof probes>>) => {
    expect(p.page).toBeGreaterThanOrEqual(300);
    expect(p.pageBody).not.toContain('Organizations</h1>');
    expect(p.api).toBe(401);
    expect(p.action.text).not.toContain('matrix-value');
    expect(p.action.result?.ok ?? false).toBe(false);
  };

  test('x-middleware-subrequest does not skip any check', async ({ playwright }) => {
    const ctx = await context();
    const anon = await playwright.request.newContext({ baseURL: BASE });
    for (const value of [
      'middleware',
      'middleware:middleware:middleware:middleware:middleware',
      'proxy:proxy:proxy:proxy:proxy',
      'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
    ]) {
      expectDenied(await probes(anon, ctx, { 'x-middleware-subrequest': value }));
    }
    const member = await playwright.request.newContext({
      baseURL: BASE,
      storageState: storageStatePath('member'),
    });
    const asMember = await member.get('/orgs', {
      headers: {
        'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
      },
    });
    expect(asMember.status()).toBe(403);
    await anon.dispose();
    await member.dispose();
  });

  test('a tampered session cookie is refused', async ({ playwright }) => {
    const ctx = await context();
    const state = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(storageStatePath('admin'), 'utf8')),
    ) as { cookies: { name: string; value: string }[] };
    const real = state.cookies.find((c) => c.name === 'wos-session')!.value;
    const i = Math.floor(real.length / 2);
    const tampered = real.slice(0, i) + (real[i] === 'a' ? 'b' : 'a') + real.slice(i + 1);
    const req = await playwright.request.newContext({
      baseURL: BASE,
      extraHTTPHeaders: { cookie: `wos-session=${tampered}` },
    });
    expectDenied(await probes(req, ctx));
    await req.dispose();
  });

  test('an expired session cookie whose refresh token is dead is refused', async ({
    playwright,
  }) => {
    const ctx = await context();
    const tokens = (await (
      await controlFetch('/_emulator/sessions/expired', { body: { email: 'admin@example.com' } })
    ).json()) as {
      user: Record<string, unknown>;
      access_token: string;
      refresh_token: string;
    };
    const user = tokens.user as {
      id: string;
      email: string;
      first_name: string;
      last_name: string;
    };
    const sealed = await sealData(
      {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        user: {
          object: 'user',
          id: user.id,
          email: user.email,
          firstName: user.first_name,
          lastName: user.last_name,
          emailVerified: true,
          profilePictureUrl: null,
          createdAt: '',
          updatedAt: '',
          lastSignInAt: null,
          externalId: null,
          metadata: {},
        },
      },
      { password: LOCAL_COOKIE_PASSWORD, ttl: 0 },
    );
    const req = await playwright.request.newContext({
      baseURL: BASE,
      extraHTTPHeaders: { cookie: `wos-session=${sealed}` },
    });
    expectDenied(await probes(req, ctx));
    await req.dispose();
  });

  test('a session that signed out is refused even while its access token is unexpired', async () => {
    const ctx = await context();
    const s = new ConsoleSession(BASE);
    await s.signIn('admin@example.com');
    const before = await s.fetch('/api/index/status');
    expect(before.status).toBe(200);
    const stolen = s.cookieHeader();
    const out = await s.fetch('/sign-out', { method: 'POST' });
    expect(out.headers.get('location')).toContain('/user_management/sessions/logout');
    await fetch(out.headers.get('location')!, { redirect: 'manual' }); // the browser's hop to WorkOS revokes it there too
    const replay = async (path: string, init: RequestInit = {}) =>
      fetch(`${BASE}${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: stolen },
      });
    expect((await replay('/api/index/status')).status).toBe(401);
    const page = await replay('/orgs');
    expect(page.status).toBeGreaterThanOrEqual(300);
    const action = await replay(`/objects/${ctx.objectId}`, {
      method: 'POST',
      headers: {
        'next-action': (await import('./support/actions')).actionId('revealObjectValue'),
        'content-type': 'text/plain;charset=UTF-8',
      },
      body: JSON.stringify([{ objectId: ctx.objectId, purpose: 'reveal' }]),
    });
    const text = await action.text();
    expect(text).not.toContain('matrix-value');
    expect(text).toContain('unauthenticated');
  });
});
