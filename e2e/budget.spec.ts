import { correlate } from './support/correlate';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';

test.describe('call budget and no-value guarantee', () => {
  test('a warm org page costs at most one WorkOS call; an object page only describe and versions', async ({
    pageAs,
  }) => {
    const page = await pageAs('support');
    const contoso = await emulator.orgByName('Contoso');
    await page.goto(`/orgs/${contoso.id}`); // warm
    await expect(page.getByRole('link', { name: 'contoso/postgres/primary' })).toBeVisible();

    const orgView = await correlate(page, 'org-page');
    await page.goto(`/orgs/${contoso.id}`);
    await expect(page.getByRole('link', { name: 'contoso/postgres/primary' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const orgCalls = await emulator.requestsFor(orgView);
    expect(orgCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /organizations/${contoso.id}`,
    ]);

    const target = (await emulator.findByName('contoso/postgres/primary'))!;
    const objectView = await correlate(page, 'object-page');
    await page.getByRole('link', { name: 'contoso/postgres/primary' }).click();
    await expect(page.getByRole('heading', { name: 'contoso/postgres/primary' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const objectCalls = await emulator.requestsFor(objectView);
    expect(objectCalls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      `GET /vault/v1/kv/${target.id}/metadata`,
      `GET /vault/v1/kv/${target.id}/versions`,
    ]);
    expect(objectCalls.some((c) => c.path === `/vault/v1/kv/${target.id}`)).toBe(false);
  });

  test('a canary value never appears in the HTML or RSC payload of org, object and search pages', async ({
    pageAs,
  }) => {
    const canary = `CANARY-${crypto.randomUUID()}`;
    const northwind = await emulator.orgByName('Northwind');
    const name = uniqueName('canary');
    const meta = await emulator.createObject(name, canary, { organization_id: northwind.id });
    const page = await pageAs('admin');
    await expect
      .poll(
        async () =>
          (
            await page.request.get(
              `/api/orgs/${northwind.id}/objects?q=${encodeURIComponent(name)}`,
            )
          ).text(),
        { timeout: 20_000 },
      )
      .toContain(name);
    const urls = [
      `/orgs/${northwind.id}`,
      `/objects/${meta.id}`,
      `/search?q=${encodeURIComponent(name)}`,
      `/api/orgs/${northwind.id}/objects?q=${encodeURIComponent(name)}`,
      '/orgs',
    ];
    for (const url of urls) {
      for (const headers of [{}, { RSC: '1' }] as Record<string, string>[]) {
        const res = await page.request.get(url, { headers });
        const body = await res.text();
        expect(res.status(), url).toBe(200);
        expect(body, `${url} ${JSON.stringify(headers)}`).not.toContain(canary);
        if (url !== '/orgs') expect(body, `${url} should show the object`).toContain(name);
      }
    }
    await page.goto(`/objects/${meta.id}`);
    expect(await page.content()).not.toContain(canary);
  });
});
