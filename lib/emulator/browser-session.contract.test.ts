import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing';

const REDIRECT = 'http://localhost:3000/callback';
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
});

/** A browser's cookie jar for the emulator's origin, honouring each cookie's Path. */
class Browser {
  cookies = new Map<string, { value: string; path: string; raw: string }>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const sent = [...this.cookies]
      .filter(([, c]) => u.pathname.startsWith(c.path))
      .map(([k, c]) => `${k}=${c.value}`);
    if (sent.length) headers.set('cookie', sent.join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const [name, value] = [
        pair!.slice(0, pair!.indexOf('=')),
        pair!.slice(pair!.indexOf('=') + 1),
      ];
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, raw: line });
    }
    return res;
  }
}

async function pkce() {
  const verifier = t.workos.pkce.generateCodeVerifier();
  return { verifier, challenge: await t.workos.pkce.generateCodeChallenge(verifier) };
}

function authorizeUrl(challenge: string, extra: Record<string, string> = {}) {
  const url = new URL(
    t.workos.userManagement.getAuthorizationUrl({
      provider: 'authkit',
      clientId: 'client_emulator',
      redirectUri: REDIRECT,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      screenHint: 'sign-in',
    }),
  );
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.toString();
}

const hidden = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, '&'),
    ]),
  );

/** Opens authorize; if the login page shows, picks `email`. Returns whether the page showed and the auth_time minted. */
async function authorize(
  browser: Browser,
  email: string,
  extra: Record<string, string> = {},
): Promise<{ loginPage: boolean; authTime: number }> {
  const { verifier, challenge } = await pkce();
  let res = await browser.get(authorizeUrl(challenge, extra));
  let loginPage = false;
  if (res.status === 200) {
    loginPage = true;
    const html = await res.text();
    expect(html).toContain('<h1>Sign in</h1>');
    const userId = new RegExp(
      `value="(user_[^"]+)">\\s*<span class="name">[^<]*</span>\\s*<span class="sub">${email.replace('.', '\\.')}`,
    ).exec(html)?.[1];
    res = await browser.get(`${t.url}/user_management/authorize/complete`, {
      method: 'POST',
      body: new URLSearchParams({ ...hidden(html), user_id: userId! }),
    });
  }
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  const auth = await t.workos.userManagement.authenticateWithCode({
    clientId: 'client_emulator',
    code,
    codeVerifier: verifier,
  });
  return { loginPage, authTime: decodeJwt(auth.accessToken).auth_time as number };
}

const now = () => Math.floor(Date.now() / 1000);

describe('AuthKit browser session at the emulator origin', () => {
  it('a second authorize completes without the login page and keeps the original auth_time', async () => {
    const browser = new Browser();
    await t.control('/_emulator/logins/backdate', {
      body: { email: 'admin@example.com', seconds: 3600 },
    });
    const first = await authorize(browser, 'admin@example.com');
    expect(first.loginPage).toBe(true);
    expect(first.authTime).toBeLessThanOrEqual(now() - 3599);
    const cookie = browser.cookies.get('wos_emulator_authkit');
    expect(cookie?.path).toBe('/user_management');
    expect(cookie?.raw).toMatch(/HttpOnly/i);

    const again = await authorize(browser, 'admin@example.com');
    expect(again).toEqual({ loginPage: false, authTime: first.authTime });
    // max_age larger than the session's age: still silent, still the old auth_time.
    const roomy = await authorize(browser, 'admin@example.com', { max_age: '7200' });
    expect(roomy).toEqual({ loginPage: false, authTime: first.authTime });
  });

  it.each([
    ['max_age=0', { max_age: '0' }],
    ['max_age exceeded', { max_age: '60' }],
    ['prompt=login', { prompt: 'login' }],
  ])('%s shows the login page and mints a new auth_time', async (_label, extra) => {
    const browser = new Browser();
    await t.control('/_emulator/logins/backdate', {
      body: { email: 'admin@example.com', seconds: 3600 },
    });
    const first = await authorize(browser, 'admin@example.com');
    const step = await authorize(browser, 'admin@example.com', extra);
    expect(step.loginPage).toBe(true);
    expect(step.authTime).toBeGreaterThan(first.authTime);
    expect(step.authTime).toBeGreaterThanOrEqual(now() - 5);
    // The fresh authentication becomes the session's: the next plain authorize keeps it.
    const after = await authorize(browser, 'admin@example.com');
    expect(after).toEqual({ loginPage: false, authTime: step.authTime });
  });

  it.each([
    ['max_age=0', { max_age: '0' }],
    ['prompt=login', { prompt: 'login' }],
  ])(
    'R3-13: login_hint with %s pre-selects the user but never skips the sign-in page',
    async (_label, extra) => {
      const browser = new Browser();
      await authorize(browser, 'support@example.com');
      const hinted = await authorize(browser, 'support@example.com', {
        login_hint: 'support@example.com',
        ...extra,
      });
      expect(hinted.loginPage).toBe(true);
      expect(hinted.authTime).toBeGreaterThanOrEqual(now() - 5);
    },
  );

  it('login_hint alone still signs a script in without any page', async () => {
    const hinted = await authorize(new Browser(), 'support@example.com', {
      login_hint: 'support@example.com',
    });
    expect(hinted.loginPage).toBe(false);
  });

  it('without the cookie, or after AuthKit logout, the login page shows again', async () => {
    const browser = new Browser();
    await authorize(browser, 'admin@example.com');
    expect((await authorize(new Browser(), 'admin@example.com')).loginPage).toBe(true);
    // Sign out through AuthKit's logout endpoint with the browser's cookie.
    const { verifier, challenge } = await pkce();
    const res = await browser.get(authorizeUrl(challenge));
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const auth = await t.workos.userManagement.authenticateWithCode({
      clientId: 'client_emulator',
      code,
      codeVerifier: verifier,
    });
    const sid = decodeJwt(auth.accessToken).sid as string;
    const out = await browser.get(
      `${t.url}/user_management/sessions/logout?session_id=${sid}&return_to=${encodeURIComponent('http://localhost:3000/')}`,
    );
    expect(out.status).toBe(302);
    expect(browser.cookies.has('wos_emulator_authkit')).toBe(false);
    expect((await authorize(browser, 'admin@example.com')).loginPage).toBe(true);
  });

  it('refuses a max_age that is not a whole number of seconds', async () => {
    const { challenge } = await pkce();
    const res = await fetch(authorizeUrl(challenge, { max_age: 'soon' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('max_age must be a whole number of seconds');
  });
});
