import { OauthException } from '@workos-inc/node';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ROLES } from './seed-roles';
import { startEmulator } from './server';
import { sdkClient, startTestEmulator, type TestEmulator } from './testing';

const REDIRECT = 'http://localhost:3000/callback';
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
});

type LoginResult = { code: string; state: string | null };

/** What a browser does on the emulator's login page: open it, pick a user (and an org), follow the redirect. */
async function signInThroughLoginPage(
  base: string,
  authorizeUrl: string,
  email: string,
  orgName?: string,
): Promise<LoginResult> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status === 302) return parseCallback(page.headers.get('location')!);
  expect(page.status).toBe(200);
  expect(page.headers.get('access-control-allow-origin')).toBeNull();
  const html = await page.text();
  const hiddenOf = (h: string) =>
    Object.fromEntries(
      [...h.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        unescape(m[2]!),
      ]),
    );
  let res: Response | null = null;
  let orgHtml = html;
  if (!html.includes('Choose an organization')) {
    const userId = new RegExp(
      `value="(user_[^"]+)">\\s*<span class="name">[^<]*</span>\\s*<span class="sub">${email.replace('.', '\\.')}`,
    ).exec(html)?.[1];
    expect(userId, `login page lists ${email}`).toBeTruthy();
    res = await fetch(`${base}/user_management/authorize/complete`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ ...hiddenOf(html), user_id: userId! }),
    });
    orgHtml = res.status === 200 ? await res.text() : '';
  }
  if (!res || res.status === 200) {
    expect(orgHtml).toContain('Choose an organization');
    const orgId = new RegExp(`value="(org_[^"]+)">\\s*<span class="name">${orgName}</span>`).exec(
      orgHtml,
    )?.[1];
    expect(orgId).toBeTruthy();
    res = await fetch(`${base}/user_management/authorize/complete`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ ...hiddenOf(orgHtml), organization_id: orgId! }),
    });
  }
  expect(res.status).toBe(302);
  return parseCallback(res.headers.get('location')!);
}

function unescape(s: string) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function parseCallback(location: string): LoginResult {
  const url = new URL(location);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT);
  return { code: url.searchParams.get('code')!, state: url.searchParams.get('state') };
}

async function pkce() {
  const verifier = t.workos.pkce.generateCodeVerifier();
  return { verifier, challenge: await t.workos.pkce.generateCodeChallenge(verifier) };
}

function authorizeUrl(challenge: string, extra: { state?: string; loginHint?: string } = {}) {
  return t.workos.userManagement.getAuthorizationUrl({
    provider: 'authkit',
    clientId: 'client_emulator',
    redirectUri: REDIRECT,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    screenHint: 'sign-in',
    ...extra,
  });
}

describe('AuthKit sign-in round trip, the way authkit-nextjs does it', () => {
  it('authorize → login page → code → tokens verified against JWKS → refresh → logout', async () => {
    const { verifier, challenge } = await pkce();
    // authkit's state is an iron-sealed string with * and ~ in it; it must come back byte for byte.
    const state = 'Fe26.2**abc*def~2*x_y-z~ü+/=';
    const login = await signInThroughLoginPage(
      t.url,
      authorizeUrl(challenge, { state }),
      'admin@example.com',
    );
    expect(login.state).toBe(state);

    const auth = await t.workos.userManagement.authenticateWithCode({
      clientId: 'client_emulator',
      code: login.code,
      codeVerifier: verifier,
    });
    expect(auth.user.email).toBe('admin@example.com');
    expect(auth.organizationId).toMatch(/^org_/);
    expect(auth.authenticationMethod).toBe('Password');

    const jwks = createRemoteJWKSet(new URL(t.workos.userManagement.getJwksUrl('client_emulator')));
    const { payload } = await jwtVerify(auth.accessToken, jwks);
    expect(payload).toMatchObject({
      sub: auth.user.id,
      org_id: auth.organizationId,
      role: 'admin',
      roles: ['admin'],
      client_id: 'client_emulator',
    });
    expect(payload.permissions).toEqual([
      ...SEED_ROLES.find((r) => r.slug === 'admin')!.permissions,
    ]);
    expect(typeof payload.sid).toBe('string');
    expect(typeof payload.jti).toBe('string');
    expect(payload.iss).toContain('/user_management/client_emulator');
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.auth_time).toBeLessThanOrEqual(payload.iat!);
    expect(decodeProtectedHeader(auth.accessToken)).toMatchObject({ alg: 'RS256', typ: 'JWT' });

    const refreshed = await t.workos.userManagement.authenticateWithRefreshToken({
      clientId: 'client_emulator',
      refreshToken: auth.refreshToken,
    });
    const { payload: second } = await jwtVerify(refreshed.accessToken, jwks);
    expect(second.sid).toBe(payload.sid);
    expect(second.jti).not.toBe(payload.jti);
    expect(second.auth_time).toBe(payload.auth_time);
    const reused = await t.workos.userManagement
      .authenticateWithRefreshToken({
        clientId: 'client_emulator',
        refreshToken: auth.refreshToken,
      })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(OauthException);
    expect(reused).toMatchObject({ status: 400, error: 'invalid_grant' });

    const logout = await fetch(
      t.workos.userManagement.getLogoutUrl({
        sessionId: String(payload.sid),
        returnTo: 'http://localhost:3000/signed-out',
      }),
      { redirect: 'manual' },
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('http://localhost:3000/signed-out');
    const afterLogout = await t.workos.userManagement
      .authenticateWithRefreshToken({
        clientId: 'client_emulator',
        refreshToken: refreshed.refreshToken,
      })
      .catch((e: unknown) => e);
    expect(afterLogout).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: expect.stringMatching(/session has ended/i),
    });
  });

  it('revokeSession (server-side sign-out, F6) ends the session: its refresh token is refused', async () => {
    const { verifier, challenge } = await pkce();
    const login = await signInThroughLoginPage(t.url, authorizeUrl(challenge), 'admin@example.com');
    const auth = await t.workos.userManagement.authenticateWithCode({
      clientId: 'client_emulator',
      code: login.code,
      codeVerifier: verifier,
    });
    const jwks = createRemoteJWKSet(new URL(t.workos.userManagement.getJwksUrl('client_emulator')));
    const sid = String((await jwtVerify(auth.accessToken, jwks)).payload.sid);
    await t.workos.userManagement.revokeSession({ sessionId: sid });
    // Again is fine (idempotent); an unknown id is a 404.
    await t.workos.userManagement.revokeSession({ sessionId: sid });
    await expect(
      t.workos.userManagement.revokeSession({ sessionId: 'session_01UNKNOWN0000000000000000' }),
    ).rejects.toMatchObject({ status: 404 });
    const refused = await t.workos.userManagement
      .authenticateWithRefreshToken({
        clientId: 'client_emulator',
        refreshToken: auth.refreshToken,
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, error: 'invalid_grant' });
    // Needs the API key, like every server-side call.
    const anonymous = await fetch(`${t.url}/user_management/sessions/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: sid }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('skips the login page for a login_hint user with one membership; gives support and member their roles', async () => {
    for (const [email, role, permissions] of [
      [
        'support@example.com',
        'support',
        ['vault.metadata:read', 'vault.byok:read', 'console.audit:read'],
      ],
      ['member@example.com', 'member', []],
    ] as const) {
      const { verifier, challenge } = await pkce();
      const first = await fetch(authorizeUrl(challenge, { loginHint: email, state: 's' }), {
        redirect: 'manual',
      });
      expect(first.status).toBe(302);
      const { code } = parseCallback(first.headers.get('location')!);
      const auth = await t.workos.userManagement.authenticateWithCode({
        clientId: 'client_emulator',
        code,
        codeVerifier: verifier,
      });
      const { payload } = await jwtVerify(
        auth.accessToken,
        createRemoteJWKSet(new URL(`${t.url}/sso/jwks/client_emulator`)),
      );
      expect(payload.role).toBe(role);
      expect(payload.permissions).toEqual(permissions);
    }
  });

  it('asks a user with several memberships to choose, and can switch organization on refresh only where a member', async () => {
    const { verifier, challenge } = await pkce();
    const login = await signInThroughLoginPage(
      t.url,
      authorizeUrl(challenge, { loginHint: 'oncall@example.com' }),
      'oncall@example.com',
      'Northwind Traders',
    );
    const auth = await t.workos.userManagement.authenticateWithCode({
      clientId: 'client_emulator',
      code: login.code,
      codeVerifier: verifier,
    });
    const orgs = await t.workos.organizations.listOrganizations({ limit: 100 });
    const northwind = orgs.data.find((o) => o.name === 'Northwind Traders')!;
    const staff = orgs.data.find((o) => o.name === 'Ledgerline Staff')!;
    expect(auth.organizationId).toBe(northwind.id);
    const switched = await t.workos.userManagement.authenticateWithRefreshToken({
      clientId: 'client_emulator',
      refreshToken: auth.refreshToken,
      organizationId: staff.id,
    });
    expect(switched.organizationId).toBe(staff.id);
    const contoso = orgs.data.find((o) => o.name === 'Contoso Pharmaceuticals')!;
    const denied = await t.workos.userManagement
      .authenticateWithRefreshToken({
        clientId: 'client_emulator',
        refreshToken: switched.refreshToken,
        organizationId: contoso.id,
      })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: expect.stringMatching(/no active membership/),
    });
  });

  it('rejects a wrong verifier, a reused code and a bad redirect_uri', async () => {
    const { challenge } = await pkce();
    const login = await fetch(authorizeUrl(challenge, { loginHint: 'admin@example.com' }), {
      redirect: 'manual',
    });
    const { code } = parseCallback(login.headers.get('location')!);
    const wrong = await t.workos.userManagement
      .authenticateWithCode({
        clientId: 'client_emulator',
        code,
        codeVerifier: t.workos.pkce.generateCodeVerifier(),
      })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: expect.stringMatching(/code_verifier/),
    });
    const reused = await t.workos.userManagement
      .authenticateWithCode({ clientId: 'client_emulator', code, codeVerifier: 'x'.repeat(43) })
      .catch((e: unknown) => e);
    expect(reused).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: expect.stringMatching(/already been used/),
    });

    const evil = t.workos.userManagement.getAuthorizationUrl({
      provider: 'authkit',
      clientId: 'client_emulator',
      redirectUri: 'https://evil.example/callback',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const res = await fetch(evil, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('not on the allow-list');
    const plain = await fetch(
      `${t.url}/user_management/authorize?client_id=client_emulator&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&code_challenge=${challenge}&code_challenge_method=plain`,
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(400);
  });

  it('serves users and memberships, and validates logout', async () => {
    const { verifier, challenge } = await pkce();
    const login = await fetch(authorizeUrl(challenge, { loginHint: 'support@example.com' }), {
      redirect: 'manual',
    });
    const auth = await t.workos.userManagement.authenticateWithCode({
      clientId: 'client_emulator',
      code: parseCallback(login.headers.get('location')!).code,
      codeVerifier: verifier,
    });
    const user = await t.workos.userManagement.getUser(auth.user.id);
    expect(user).toMatchObject({ email: 'support@example.com', firstName: 'Sam' });
    const memberships = await t.workos.userManagement.listOrganizationMemberships({
      userId: auth.user.id,
    });
    expect(memberships.data).toHaveLength(1);
    expect(memberships.data[0]).toMatchObject({
      role: { slug: 'support' },
      status: 'active',
      organizationName: 'Ledgerline Staff',
    });
    expect(
      (await fetch(`${t.url}/user_management/sessions/logout`, { redirect: 'manual' })).status,
    ).toBe(422);
    await expect(t.workos.userManagement.getUser('user_missing')).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('sessions survive an emulator restart', () => {
  it('keeps the signing key and refresh tokens on disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vault-emu-auth-'));
    try {
      const first = await startEmulator(
        { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'demo' },
        {},
      );
      const w1 = sdkClient(first.port);
      const verifier = w1.pkce.generateCodeVerifier();
      const challenge = await w1.pkce.generateCodeChallenge(verifier);
      const url = w1.userManagement.getAuthorizationUrl({
        provider: 'authkit',
        clientId: 'client_emulator',
        redirectUri: REDIRECT,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        loginHint: 'admin@example.com',
      });
      const { code } = parseCallback(
        (await fetch(url, { redirect: 'manual' })).headers.get('location')!,
      );
      const auth = await w1.userManagement.authenticateWithCode({
        clientId: 'client_emulator',
        code,
        codeVerifier: verifier,
      });
      const kid1 = (await (await fetch(`${first.url}/sso/jwks/client_emulator`)).json()).keys[0]
        .kid;
      await first.close();

      const second = await startEmulator(
        { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'demo' },
        {},
      );
      try {
        const jwks = createRemoteJWKSet(new URL(`${second.url}/sso/jwks/client_emulator`));
        await expect(jwtVerify(auth.accessToken, jwks)).resolves.toBeTruthy();
        expect(
          (await (await fetch(`${second.url}/sso/jwks/client_emulator`)).json()).keys[0].kid,
        ).toBe(kid1);
        const refreshed = await sdkClient(second.port).userManagement.authenticateWithRefreshToken({
          clientId: 'client_emulator',
          refreshToken: auth.refreshToken,
        });
        expect(refreshed.user.email).toBe('admin@example.com');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listing users (GET /user_management/users)', () => {
  it('filters by email and organization, pages by cursor in creation order, and checks its limit', async () => {
    const um = t.workos.userManagement;
    const support = await um.listUsers({ email: 'SUPPORT@example.com' });
    expect(support.data.map((u) => u.email)).toEqual(['support@example.com']);
    expect(support.data[0]!.object).toBe('user');
    expect((await um.listUsers({ email: 'nobody@example.com' })).data).toEqual([]);

    const everyone = (await um.listUsers({ limit: 100, order: 'asc' })).data;
    expect(everyone.length).toBeGreaterThan(2);
    // Pages of one, forward through `after`, visit every user once, in the same order.
    const walked: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < everyone.length + 1; i++) {
      const page = await um.listUsers({ limit: 1, order: 'asc', ...(after ? { after } : {}) });
      walked.push(...page.data.map((u) => u.id));
      after = page.listMetadata.after ?? undefined;
      if (!after) break;
    }
    expect(walked).toEqual(everyone.map((u) => u.id));
    // `before` the last one gives the one before it.
    const last = everyone[everyone.length - 1]!;
    const prev = await um.listUsers({ limit: 1, order: 'asc', before: last.id });
    expect(prev.data.map((u) => u.id)).toEqual([everyone[everyone.length - 2]!.id]);
    // Default order is newest first.
    expect((await um.listUsers({ limit: 100 })).data.map((u) => u.id)).toEqual(
      [...everyone].reverse().map((u) => u.id),
    );

    const org = (await t.workos.organizations.listOrganizations({ limit: 100 })).data[0]!;
    const members = await um.listOrganizationMemberships({ organizationId: org.id });
    const inOrg = await um.listUsers({ organizationId: org.id, limit: 100 });
    expect(new Set(inOrg.data.map((u) => u.id))).toEqual(
      new Set(members.data.filter((m) => m.status !== 'inactive').map((m) => m.userId)),
    );

    const bad = await fetch(`${t.url}/user_management/users?limit=101`, {
      headers: { authorization: 'Bearer sk_test_emulator' },
    });
    expect(bad.status).toBe(422);
  });
});
