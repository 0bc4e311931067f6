import { WorkOS } from '@workos-inc/node';
import type { Page } from '@playwright/test';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { PORTS } from './support/ports';

const SCREENS = '/work/screens/r3-15';

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
    await page.locator('#activity').screenshot({ path: `${SCREENS}/activity-panel-support.png` });
    await page.screenshot({ path: `${SCREENS}/object-page-support.png`, fullPage: true });
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
    await read.screenshot({ path: `${SCREENS}/owner-rotation-support.png` });

    await support.goto(`/audit?object=${created.id}`);
    const rows = support.getByRole('row').filter({ hasText: 'object.stewardship_updated' });
    await expect(rows).toHaveCount(2);
  });
});
