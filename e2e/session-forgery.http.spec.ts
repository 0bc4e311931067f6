import { readFileSync } from 'node:fs';
import type { APIRequest } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { CONSOLE_URL } from './support/ports';
import { storageStatePath } from './support/roles';

/**
 * The page takes the session the proxy just unsealed from a per-process memo keyed on the sealed
 * string it finds in `x-workos-session` (lib/auth/unsealed-sessions.ts). That header must only
 * ever be the proxy's: a client sending it, even with a sealed string the memo knows (an
 * admin's, used a moment ago), gets exactly what its own cookie (or none) gets.
 */
const adminSealed = () =>
  (
    JSON.parse(readFileSync(storageStatePath('admin'), 'utf8')) as {
      cookies: { name: string; value: string }[];
    }
  ).cookies.find((c) => c.name === 'wos-session')!.value;

const forged = (sealed: string) => ({
  'x-workos-session': sealed,
  'x-workos-middleware': 'true',
  'x-url': `${CONSOLE_URL}/orgs`,
});

/** The admin's own request puts their sealed session string into the process's memo. */
async function adminInMemo(playwright: { request: APIRequest }) {
  const sealed = adminSealed();
  const admin = await playwright.request.newContext({
    baseURL: CONSOLE_URL,
    storageState: storageStatePath('admin'),
  });
  expect((await admin.get('/orgs', { maxRedirects: 0 })).status()).toBe(200);
  return { sealed, admin };
}

test.describe('the proxy-to-page session header cannot be forged', () => {
  test('a member sending an admin’s sealed session in the header stays a member', async ({
    playwright,
  }) => {
    const { sealed, admin } = await adminInMemo(playwright);
    expect((await admin.get('/api/index/status')).status()).toBe(200);

    const member = await playwright.request.newContext({
      baseURL: CONSOLE_URL,
      storageState: storageStatePath('member'),
    });
    const plain = await member.get('/orgs', { maxRedirects: 0 });
    const withHeader = await member.get('/orgs', { maxRedirects: 0, headers: forged(sealed) });
    expect(plain.status()).toBe(403);
    expect(withHeader.status()).toBe(403);
    const api = await member.get('/api/index/status', { headers: forged(sealed) });
    expect(api.status()).toBe(403);
    await admin.dispose();
    await member.dispose();
  });

  test('no cookie and an admin’s sealed session in the header is signed out', async ({
    playwright,
  }) => {
    const { sealed, admin } = await adminInMemo(playwright);
    const anon = await playwright.request.newContext({ baseURL: CONSOLE_URL });
    const page = await anon.get('/orgs', { maxRedirects: 0, headers: forged(sealed) });
    expect([302, 303, 307]).toContain(page.status());
    const api = await anon.get('/api/index/status', { headers: forged(sealed) });
    expect(api.status()).toBe(401);
    await admin.dispose();
    await anon.dispose();
  });
});
