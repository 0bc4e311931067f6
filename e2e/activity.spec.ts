import { WorkOS } from '@workos-inc/node';
import type { Page } from '@playwright/test';
import { controlFetch, emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { PORTS } from './support/ports';
import { screenshot } from './support/screens';

/** A service's own WorkOS client: the emulator's "Prod backend" API key, through the real SDK. */
function prodBackend(): WorkOS {
  return new WorkOS('sk_test_emulator_prod_backend', {
    apiHostname: 'localhost',
    port: PORTS.emulator,
    https: false,
    clientId: 'client_emulator',
  } as ConstructorParameters<typeof WorkOS>[1]);
}

/** Reloads until `check` passes: the console copies events on its 2 s sync pass. */
async function eventually(page: Page, check: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1000, 2000] });
}

test.describe('know every secret', () => {
  // Several pages and users per test, on a shared 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test('an SDK read and update made with an API key show on the object page, naming the key; support sees no value', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Northwind');
    const name = uniqueName('activity');
    const value = `first-${crypto.randomUUID()}`;
    const second = `second-${crypto.randomUUID()}`;
    const created = await emulator.createObject(name, value, { organization_id: org.id });
    const sdk = prodBackend();
    await sdk.vault.readObject({ id: created.id });
    await sdk.vault.updateObject({ id: created.id, value: second });

    const page = await pageAs('support');
    await page.goto(`/objects/${created.id}`);
    const activity = page.getByRole('table', { name: /Object activity/ });
    await eventually(page, async () => {
      await expect(activity.getByRole('row').filter({ hasText: 'Value read' })).toContainText(
        'API key Prod backend',
        { timeout: 1000 },
      );
    });
    await expect(activity.getByRole('row').filter({ hasText: 'Updated' })).toContainText(
      'API key Prod backend',
    );
    await expect(activity.getByRole('row').filter({ hasText: 'Updated' })).toContainText('api');
    // The version made by the SDK update is attributed to the key, the first to the emulator key.
    const versions = page.getByRole('table', { name: /Version history/ });
    await expect(versions.getByRole('row').nth(1)).toContainText('API key Prod backend, via api');
    await expect(versions.getByRole('row').nth(2)).toContainText('API key Emulator API key');

    // Kind filter: only value reads.
    await page.getByRole('navigation', { name: 'Activity kind' }).getByText('Value reads').click();
    await expect(page).toHaveURL(/activity=read/);
    await expect(activity.getByRole('row')).toHaveCount(2);

    // Support: no reveal, and the page holds neither value anywhere.
    await expect(page.getByRole('button', { name: /Reveal/ })).toHaveCount(0);
    const html = await page.content();
    expect(html).not.toContain(value);
    expect(html).not.toContain(second);
    await page.goto(`/objects/${created.id}#activity`);
    await screenshot(page.locator('#activity'), 'r3-15/activity-panel-support');
    await screenshot(page, 'r3-15/object-page-support');
  });

  test('owner, notes and rotation round-trip, are version-checked and audited; support reads them', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Northwind');
    const name = uniqueName('steward');
    const created = await emulator.createObject(name, 'v', { organization_id: org.id });
    const admin = await pageAs('admin');
    await admin.goto(`/objects/${created.id}`);
    const card = admin.locator('#stewardship');
    await card.getByLabel('Owner (person or team)').fill('Payments team');
    await card.getByLabel('Notes').fill('Rotate with the Stripe dashboard first.');
    await card.getByLabel('Rotate every (days)').fill('0');
    await card.getByRole('button', { name: 'Save owner and rotation' }).click();
    await expect(card.getByText('rotation period must be at least 1 day')).toBeVisible();
    await card.getByLabel('Rotate every (days)').fill('90');
    await card.getByLabel('Expires on').fill('2030-01-31');
    await card.getByRole('button', { name: 'Save owner and rotation' }).click();
    await expect(card.getByRole('status')).toContainText('Saved');

    // A second admin tab loaded before the save cannot overwrite it silently.
    const stale = await pageAs('admin');
    await stale.goto(`/objects/${created.id}`);
    const staleCard = stale.locator('#stewardship');
    await card.getByLabel('Owner (person or team)').fill('Payments platform team');
    await card.getByRole('button', { name: 'Save owner and rotation' }).click();
    await expect(card.getByRole('status')).toContainText('Saved');
    await staleCard.getByLabel('Owner (person or team)').fill('Somebody else');
    await staleCard.getByRole('button', { name: 'Save owner and rotation' }).click();
    await expect(staleCard.getByRole('alert')).toContainText('admin@example.com saved owner');

    const support = await pageAs('support');
    await support.goto(`/objects/${created.id}`);
    const read = support.locator('#stewardship');
    await expect(read.getByTestId('stewardship-owner')).toHaveText('Payments platform team');
    await expect(read.getByTestId('stewardship-notes')).toHaveText(
      'Rotate with the Stripe dashboard first.',
    );
    await expect(read.getByTestId('stewardship-rotation')).toContainText('Every 90 days');
    await expect(read.getByText('2030-01-31')).toBeVisible();
    await expect(read.getByRole('button', { name: 'Save owner and rotation' })).toHaveCount(0);
    await screenshot(read, 'r3-15/owner-rotation-support');

    await support.goto(`/audit?object=${created.id}`);
    const rows = support.getByRole('row').filter({ hasText: 'object.stewardship_updated' });
    await expect(rows).toHaveCount(2);
  });

  test('a never-read object created 40 days ago (backdated in the emulator) is listed under "not read in 30 days"', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Northwind');
    const name = uniqueName('stale');
    const res = await controlFetch('/_emulator/objects/backdated', {
      body: { name, value: 'old', context: { organization_id: org.id }, days: 40 },
    });
    expect(res.status).toBe(201);
    const fresh = await emulator.createObject(uniqueName('fresh'), 'new', {
      organization_id: org.id,
    });
    const page = await pageAs('support');
    await page.goto(`/orgs/${org.id}/activity?read=30&sort=age&dir=desc`);
    const table = page.getByRole('table', { name: /last read, last change and age/ });
    await eventually(page, async () => {
      await expect(table.getByRole('row').filter({ hasText: name.split('/')[1]! })).toHaveCount(1, {
        timeout: 1000,
      });
    });
    const row = table.getByRole('row').filter({ hasText: name.split('/')[1]! });
    await expect(row).toContainText('Never');
    // "≥ 40 d" when the create event is outside the console's history, "40 d" when it is not.
    await expect(row).toContainText(/(≥ )?40 d/);
    await expect(page.getByText(fresh.id)).toHaveCount(0);
    await expect(page.getByTestId('history-horizon')).toContainText('reaches back to');
    await screenshot(page, 'r3-15/org-stale-lint-support');

    // The same filter across organizations, on the search page.
    await page.goto(`/search?read=30`);
    await expect(
      page
        .getByRole('table', { name: /last read, last change and age/ })
        .getByRole('row')
        .filter({ hasText: name.split('/')[1]! }),
    ).toHaveCount(1);
    await screenshot(page.locator('#stale'), 'r3-15/search-stale-support');
  });

  test('a camelCase organization key is flagged on the org page and the lint summary', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Contoso');
    const name = uniqueName('camel');
    await emulator.createObject(name, 'v', { organizationId: org.id });
    const page = await pageAs('support');
    await page.goto(`/orgs/${org.id}/activity`);
    const lint = page.locator('#lint');
    await eventually(page, async () => {
      await expect(lint.getByRole('row').filter({ hasText: name.split('/')[1]! })).toContainText(
        'Organization under another key',
        { timeout: 1000 },
      );
    });
    await expect(lint).toContainText('create a new object with organization_id set');
    await page.goto('/lint');
    await expect(page.getByRole('row').filter({ hasText: name.split('/')[1]! })).toContainText(
      'organizationId=',
    );
    await screenshot(page, 'r3-15/lint-summary-support');
  });

  test('a tenant-matrix gap links to a create form with the name filled in', async ({ pageAs }) => {
    const northwind = await emulator.orgByName('Northwind');
    const contoso = await emulator.orgByName('Contoso');
    const kind = `matrix-${Date.now().toString(36)}`;
    await emulator.createObject(`northwind/${kind}`, 'v', { organization_id: northwind.id });
    const support = await pageAs('support');
    await support.goto(`/matrix?orgs=${northwind.id},${contoso.id}&kind=${kind}`);
    const row = support.getByRole('row').filter({ hasText: `*/${kind}` });
    await eventually(support, async () => {
      await expect(row).toHaveCount(1, { timeout: 1000 });
    });
    await expect(row.getByRole('cell').nth(0)).toContainText('Present');
    await expect(row.getByRole('cell').nth(1)).toContainText('Missing');
    await screenshot(support, 'r3-15/tenant-matrix-support');

    const admin = await pageAs('admin');
    await admin.goto(`/matrix?orgs=${northwind.id},${contoso.id}&kind=${kind}`);
    const gap = admin.getByRole('link', { name: new RegExp(`Missing: create contoso/${kind}`) });
    await gap.click();
    await expect(admin).toHaveURL(new RegExp(`/orgs/${contoso.id}/new`));
    await expect(admin.getByLabel('Name')).toHaveValue(`contoso/${kind}`);
  });

  test('the overdue view lists an object past its rotation period', async ({ pageAs }) => {
    const org = await emulator.orgByName('Northwind');
    const name = uniqueName('overdue');
    await controlFetch('/_emulator/objects/backdated', {
      body: { name, value: 'old', context: { organization_id: org.id }, days: 40 },
    });
    const found = await emulator.findByName(name);
    const admin = await pageAs('admin');
    await admin.goto(`/objects/${found!.id}`);
    const card = admin.locator('#stewardship');
    await card.getByLabel('Owner (person or team)').fill('Ops');
    await card.getByLabel('Rotate every (days)').fill('30');
    await card.getByRole('button', { name: 'Save owner and rotation' }).click();
    await expect(card.getByRole('status')).toContainText('Saved');
    const support = await pageAs('support');
    await support.goto('/overdue');
    const row = support.getByRole('row').filter({ hasText: name.split('/')[1]! });
    await eventually(support, async () => {
      await expect(row).toContainText('Rotate every 30 days', { timeout: 1000 });
    });
    await screenshot(support, 'r3-15/overdue-support');
  });
});
