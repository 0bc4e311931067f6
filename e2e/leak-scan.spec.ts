import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { actionIds } from './support/actions';
import { controlFetch, emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import type { Role } from './support/roles';
import { CONSOLE_URL } from './support/ports';

type Seen = {
  url: string;
  method: string;
  action: string | null;
  role: Role;
  body: string;
  headers: string;
};

/**
 * Build output under `/_next/static/` is immutable (its names carry a content hash) and was written
 * before any canary of the run existed. Routing turns the browser's HTTP cache off, so without this
 * every page would fetch every chunk again; each one is fetched once per worker and replayed.
 */
const staticFiles = new Map<
  string,
  Promise<{ status: number; headers: Record<string, string>; body: Buffer }>
>();

/**
 * Records every response the console sends this page, body and headers, with the server action it
 * answered. The page's requests go through page.route(), so each body is read in full before the
 * browser gets it: nothing can slip past by arriving during a navigation. Static build files are
 * replayed from memory after their first fetch (see `staticFiles`) and not recorded.
 */
async function record(page: Page, role: Role, into: Seen[]) {
  const names = new Map([...actionIds()].map(([name, v]) => [v.id, name]));
  await page.route(`${CONSOLE_URL}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (route.request().method() === 'GET' && url.pathname.startsWith('/_next/static/')) {
      let file = staticFiles.get(url.href);
      if (!file) {
        file = route.fetch().then(async (r) => ({
          status: r.status(),
          headers: r.headers(),
          body: await r.body(),
        }));
        staticFiles.set(url.href, file);
        file.catch(() => staticFiles.delete(url.href));
      }
      const { status, headers, body } = await file;
      await route.fulfill({ status, headers, body });
      return;
    }
    // A keep-alive socket the server already closed resets on reuse; that request never ran.
    let response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await route.fetch({ maxRedirects: 0 });
        break;
      } catch (err) {
        if (attempt >= 2 || !/ECONNRESET|socket hang up/.test(String(err))) throw err;
      }
    }
    const body = await response.body();
    const action = route.request().headers()['next-action'];
    into.push({
      url: route.request().url(),
      method: route.request().method(),
      action: action ? (names.get(action) ?? action) : null,
      role,
      body: body.toString('utf8'),
      headers: JSON.stringify(response.headers()),
    });
    await route.fulfill({ response, body });
  });
}

async function browserStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: unknown[] = [{ ...localStorage }, { ...sessionStorage }];
    for (const db of (await indexedDB.databases?.()) ?? []) out.push(db.name);
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys())
        out.push(req.url, await (await cache.match(req))?.text());
    }
    out.push(document.cookie);
    return JSON.stringify(out);
  });
}

test('canary values appear only in reveal and edit-load responses to an admin', async ({
  pageAs,
}) => {
  test.setTimeout(180_000);
  const canaryA = `CANARY-A-${crypto.randomUUID()}`;
  const canaryB = `CANARY-B-${crypto.randomUUID()}`;
  const a = await freshObject(canaryA, 'Northwind');
  const b = await freshObject(JSON.stringify({ token: canaryB }), 'Litware', {
    data_classification: 'restricted',
  });
  await expect
    .poll(
      async () =>
        (
          await (
            await pageAs('support')
          ).request.get(`/api/orgs/${a.orgId}/objects?q=${encodeURIComponent(a.name)}`)
        ).text(),
      { timeout: 20_000 },
    )
    .toContain(a.name);

  const seen: Seen[] = [];
  const storage: string[] = [];
  const crawl = [
    '/orgs',
    `/orgs/${a.orgId}`,
    `/orgs/${b.orgId}`,
    `/orgs/${a.orgId}/byok`,
    a.path,
    b.path,
    `/search?q=${encodeURIComponent('e2e/obj')}`,
    '/audit',
    '/byok',
    '/key-tools',
    '/settings',
    '/settings/health',
    `/orgs/${a.orgId}/new`,
    '/signed-out',
  ];
  // The three people crawl at the same time, each in a browser context of its own: every response
  // is still recorded in full, and the waits for a quiet network overlap instead of adding up.
  const crawlAs = async (role: Role) => {
    const page = await pageAs(role);
    await record(page, role, seen);
    for (const path of crawl) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    if (role === 'admin') {
      for (const obj of [a, b]) {
        await page.goto(obj.path);
        await page.getByRole('button', { name: 'Reveal', exact: true }).click();
        await expect(page.getByTestId('revealed-value')).toBeVisible();
        await page.getByRole('button', { name: 'Edit value' }).click();
        await expect(page.getByLabel(/New value/)).toBeVisible();
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Hide now' }).click();
        await page.goto(`/orgs/${obj.orgId}`); // navigate away, then look at storage
        await page.waitForLoadState('networkidle');
      }
    }
    storage.push(await browserStorage(page));
  };
  await Promise.all((['member', 'support', 'admin'] as Role[]).map(crawlAs));

  const hits = seen.filter(
    (s) =>
      s.body.includes(canaryA) ||
      s.body.includes(canaryB) ||
      s.headers.includes(canaryA) ||
      s.headers.includes(canaryB),
  );
  const allowed = (s: Seen) =>
    s.role === 'admin' &&
    s.method === 'POST' &&
    (s.action === 'revealObjectValue' || s.action === 'loadObjectForEdit') &&
    !s.headers.includes('CANARY');
  expect(
    hits.filter((h) => !allowed(h)).map((h) => `${h.role} ${h.method} ${h.url} ${h.action ?? ''}`),
  ).toEqual([]);
  // The scan can see a canary where one is expected: reveal and edit-load of both objects.
  expect(new Set(hits.map((h) => `${h.action}:${h.body.includes(canaryA) ? 'A' : 'B'}`))).toEqual(
    new Set([
      'revealObjectValue:A',
      'loadObjectForEdit:A',
      'revealObjectValue:B',
      'loadObjectForEdit:B',
    ]),
  );
  expect(seen.length).toBeGreaterThan(100);

  for (const s of storage) expect(s).not.toMatch(/CANARY-[AB]/);
  const serverLog = readFileSync('test-results/server.log', 'utf8');
  expect(serverLog).not.toContain(canaryA);
  expect(serverLog).not.toContain(canaryB);
  const requestLog = await (await controlFetch('/_emulator/requests')).text();
  expect(requestLog).not.toMatch(/CANARY-[AB]/);
  expect((await emulator.read(a.id)).value).toBe(canaryA); // the canary really was stored
});

test('import values and editor diffs never leave the browser except in the request that uses them', async ({
  pageAs,
}) => {
  test.setTimeout(120_000);
  const tag = crypto.randomUUID();
  const imported = `CANARY-IMPORT-${tag}`;
  const typed = `CANARY-TYPED-${tag}`;
  const stored = `CANARY-STORED-${tag}`;
  const obj = await freshObject(stored, 'Northwind');
  const prefix = `e2e-leak-${Date.now().toString(36)}/`;
  const seen: Seen[] = [];
  const page = await pageAs('admin');
  await record(page, 'admin', seen);

  // The diff: the stored value (from edit-load) against typed text that is never saved.
  await page.goto(obj.path);
  await page.getByRole('button', { name: 'Edit value' }).click();
  await page.getByLabel(/New value/).fill(typed);
  await expect(page.getByRole('region', { name: /Changes from version/ })).toContainText(typed);
  await page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The import: a new name whose value is the canary, previewed and applied.
  await page.goto(`/orgs/${obj.orgId}/import`);
  await page.getByLabel('Name prefix (optional)').fill(prefix);
  await page.getByLabel('Or paste it here').fill(`LEAK=${imported}\n`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Apply 1 changes' }).click();
  await expect(page.getByText(/Applied: 1 created/)).toBeVisible();
  await page.goto(`/orgs/${obj.orgId}/operations`);
  await page.waitForLoadState('networkidle');
  const storage = await browserStorage(page);

  const where = (needle: string) =>
    seen
      .filter(
        (s) => s.body.includes(needle) || s.headers.includes(needle) || s.url.includes(needle),
      )
      .map((s) => `${s.method} ${s.action ?? s.url}`);
  expect(where(imported)).toEqual([]);
  expect(where(typed)).toEqual([]);
  expect(where(stored)).toEqual(['POST loadObjectForEdit']);
  for (const needle of [imported, typed, stored]) expect(storage).not.toContain(needle);
  const serverLog = readFileSync('test-results/server.log', 'utf8');
  for (const needle of [imported, typed, stored]) expect(serverLog).not.toContain(needle);
  const requestLog = await (await controlFetch('/_emulator/requests')).text();
  expect(requestLog).not.toContain(tag);
  // The import really happened.
  const created = await emulator.findByName(`${prefix}LEAK`);
  expect((await emulator.read(created!.id)).value).toBe(imported);
});

test('recovery copies: Recently deleted, restore and "Restore this version" never carry a value', async ({
  pageAs,
}) => {
  test.setTimeout(180_000);
  const canaryDel = `CANARY-DELETED-${crypto.randomUUID()}`;
  const canaryOld = `CANARY-REPLACED-${crypto.randomUUID()}`;
  const gone = await freshObject(canaryDel, 'Northwind');
  const kept = await freshObject(canaryOld, 'Northwind');
  const admin = await pageAs('admin');
  const seen: Seen[] = [];
  await record(admin, 'admin', seen);
  // A delete and a save through the console: both keep a copy of the canary.
  await admin.goto(gone.path);
  await admin.getByRole('button', { name: 'Delete…' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Delete this object?' });
  await dialog.getByLabel('Type the object’s name to confirm').fill(gone.name);
  await dialog.getByRole('button', { name: 'Delete object', exact: true }).click();
  await expect(admin.getByText(`Deleted ${gone.name} and all its versions.`)).toBeVisible();
  await admin.goto(kept.path);
  await admin.getByRole('button', { name: 'Edit value' }).click();
  await admin.getByLabel(/New value/).fill('replacement');
  await admin.getByRole('button', { name: 'Save new version' }).click();
  await expect(admin.getByText(/Saved as version/)).toBeVisible();
  const editLoads = seen.length; // the edit-load above is allowed to carry the old value

  const crawl = ['/deleted', `/orgs/${gone.orgId}/deleted`, kept.path];
  const pages = [admin];
  const crawlAs = async (role: Role) => {
    const page = role === 'admin' ? admin : await pageAs(role);
    if (role !== 'admin') {
      pages.push(page);
      await record(page, role, seen);
    }
    for (const path of crawl) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
  };
  await Promise.all((['member', 'support', 'admin'] as Role[]).map(crawlAs));
  // Restore both ways: the value goes server to WorkOS, never to the browser.
  await admin.goto(kept.path);
  await admin
    .getByRole('table', { name: /Version history/ })
    .getByRole('button', { name: /Restore version/ })
    .first()
    .click();
  await expect
    .poll(async () => (await emulator.read(kept.id)).value, { timeout: 20_000 })
    .toBe(canaryOld);
  await admin.goto(`/orgs/${gone.orgId}/deleted`);
  await admin.getByRole('button', { name: `Restore ${gone.name}` }).click();
  await expect(admin.getByTestId('restored-object-link')).toBeVisible();
  // The list refreshes behind the message; its reply is recorded too.
  await expect(admin.getByTestId('deleted-row').filter({ hasText: gone.name })).toHaveCount(0);
  await admin.waitForLoadState('networkidle');
  for (const p of pages) await p.unrouteAll({ behavior: 'wait' });

  const hits = seen
    .slice(0)
    .filter((s, i) => !(i < editLoads && s.action === 'loadObjectForEdit'))
    .filter((s) => /CANARY-(DELETED|REPLACED)/.test(s.body + s.headers));
  expect(hits.map((h) => `${h.role} ${h.method} ${h.url} ${h.action ?? ''}`)).toEqual([]);
  expect(seen.filter((s) => s.url.includes('/deleted')).length).toBeGreaterThan(3);
  const serverLog = readFileSync('test-results/server.log', 'utf8');
  expect(serverLog).not.toMatch(/CANARY-(DELETED|REPLACED)/);
  const requestLog = await (await controlFetch('/_emulator/requests')).text();
  expect(requestLog).not.toMatch(/CANARY-(DELETED|REPLACED)/);
});
