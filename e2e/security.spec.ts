/** Security review round 2 (issue 12): attacks replayed against the running console and emulator. */
import { request as httpRequest } from 'node:http';
import { ConsoleSession } from '../scripts/lib/console-session';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { CONSOLE_URL, PORTS } from './support/ports';

test.describe('security review round 2', () => {
  test('F8: sign-out and organization switch refuse a cross-origin POST, and keep the session', async () => {
    const s = new ConsoleSession(CONSOLE_URL);
    await s.signIn('support@example.com');
    for (const path of ['/sign-out', '/switch-organization']) {
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'https://x.console.example.com' },
        { 'sec-fetch-site': 'same-site' },
      ];
      for (const headers of attempts) {
        const res = await s.fetch(path, { method: 'POST', headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect((await s.fetch('/api/index/status')).status).toBe(200); // still signed in
    const same = await s.fetch('/sign-out', { method: 'POST', headers: { origin: CONSOLE_URL } });
    expect(same.status).toBeLessThan(400);
    expect((await s.fetch('/api/index/status')).status).toBe(401);
  });

  test('F11: arrays and bad cursors are 400s or empty states, never 500s', async ({
    playwright,
  }) => {
    const obj = await freshObject();
    const req = await playwright.request.newContext({
      baseURL: CONSOLE_URL,
      storageState: 'e2e/.auth/admin.json',
    });
    const badCursor = Buffer.from(JSON.stringify({ v: 'not-a-date', id: 'x' })).toString(
      'base64url',
    );
    const auditCursor = Buffer.from(JSON.stringify({ at: 'yesterday', id: 'x' })).toString(
      'base64url',
    );
    for (const path of [
      '/search?q=a&q=b',
      '/audit?org=a&org=b',
      `/audit?before=${auditCursor}`,
      '/orgs?q=a&q=b',
      `/orgs/${obj.orgId}?deleted=a&deleted=b`,
      '/signed-out?error=a&error=b',
    ]) {
      const res = await req.get(path);
      expect(res.status(), path).toBe(200);
    }
    const sorted = await req.get(`/api/orgs/${obj.orgId}/objects?sort=updated&cursor=${badCursor}`);
    expect(sorted.status()).toBe(200); // a cursor from elsewhere starts over
    const twice = await req.get(`/api/orgs/${obj.orgId}/objects?q=a&q=b`);
    expect(twice.status()).toBe(400);
    expect(await twice.json()).toMatchObject({
      problems: [{ param: 'q', rule: 'must be given once' }],
    });
    const sortBad = await req.get(`/api/orgs/${obj.orgId}/objects?sort=size`);
    expect(sortBad.status()).toBe(400);
    await req.dispose();
  });

  test('F15a: a ?deleted= banner never shows text the URL made up', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.goto(
      `/orgs/${obj.orgId}?deleted=${encodeURIComponent('Your key was rotated. Call +1-555-0100')}`,
    );
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Call +1-555-0100')).toHaveCount(0);
    // Nor the name of an object that exists but was not deleted.
    await page.goto(`/orgs/${obj.orgId}?deleted=${encodeURIComponent(obj.id)}`);
    await expect(page.getByText(`Deleted ${obj.name}`)).toHaveCount(0);
  });

  test('F3 + F15e: key-tools decrypt is audited and its output re-masks like a reveal', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Wingtip');
    const page = await pageAs('admin');
    await page.clock.install();
    await page.goto(`/key-tools?org=${org.id}`);
    await page.getByLabel('Plaintext').fill('remask-me');
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    const ciphertext = await page.getByLabel('Ciphertext', { exact: true }).inputValue();
    await page.getByLabel('Ciphertext (base64)').fill(ciphertext);
    await page.getByRole('button', { name: 'Decrypt' }).click();
    await expect(page.getByTestId('decrypted-value')).toHaveText('remask-me');
    await page.clock.fastForward(31_000);
    await expect(page.getByTestId('decrypted-value')).toHaveCount(0);
    await expect(page.getByText('Hidden again after the time limit.')).toBeVisible();

    await page.goto(`/audit?action=key.decrypted&org=${org.id}`);
    await expect(
      page.getByRole('row').filter({ hasText: 'admin@example.com' }).first(),
    ).toBeVisible();
    // Sent from the outbox after the response: poll until it arrives.
    await expect
      .poll(async () =>
        (await emulator.auditLogs(org.id)).data.some((e) => e.action === 'vault.key.decrypted'),
      )
      .toBe(true);
    const logs = await emulator.auditLogs(org.id);
    expect(JSON.stringify(logs.data)).not.toContain('remask-me');
  });

  test('F5: the running e2e emulator refuses a rebinding Host and a token-less control call', async () => {
    const status = (path: string, method: string, headers: Record<string, string>, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: PORTS.emulator, path, method, headers },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(
      await status('/vault/v1/kv', 'GET', {
        host: `rebind.attacker.example:${PORTS.emulator}`,
        authorization: 'Bearer sk_test_emulator',
      }),
    ).toBe(421);
    expect(
      await status(
        '/_emulator/logins/backdate',
        'POST',
        {
          host: `localhost:${PORTS.emulator}`,
          'content-type': 'text/plain',
          origin: 'https://evil.example',
        },
        JSON.stringify({ email: 'admin@example.com', seconds: 99 }),
      ),
    ).toBe(401);
  });
});
