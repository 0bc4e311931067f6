import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { OrgPage } from './support/pages';

test.describe('browsing without decryption', () => {
  test('support browses orgs → org → object → versions, with no write controls and no console errors', async ({
    pageAs,
    consoleErrors,
  }) => {
    const page = await pageAs('support');
    await page.goto('/orgs');
    await page.getByRole('link', { name: 'Contoso Pharmaceuticals' }).click();
    await expect(page.getByRole('heading', { name: 'Contoso Pharmaceuticals' })).toBeVisible();
    const row = page.getByRole('link', { name: 'contoso/snowflake/service-account' });
    await expect(row).toBeVisible();
    await expect(
      page
        .getByRole('row', { name: /contoso\/snowflake\/service-account/ })
        .getByText('data_classification=restricted'),
    ).toBeVisible();
    await row.click();
    await expect(
      page.getByRole('heading', { name: 'contoso/snowflake/service-account' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Version history' })).toBeVisible();
    const versions = page.getByRole('table', { name: /Version history/ }).getByRole('row');
    await expect(versions).toHaveCount(4); // header + 3 versions
    await expect(
      page.getByRole('table', { name: /Version history/ }).getByText('Current'),
    ).toHaveCount(1);
    await expect(
      page.getByText('Sizes are of the stored encrypted record, not of the plaintext.'),
    ).toBeVisible();
    for (const name of ['Reveal', 'Edit value', 'Delete', 'Create object'])
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('admin searches organizations by name and objects across all orgs', async ({ pageAs }) => {
    const page = await pageAs('admin');
    await page.goto('/orgs');
    await page.getByLabel('Search organizations by name').fill('fabri');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('link', { name: 'Fabrikam Logistics' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Contoso Pharmaceuticals' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Search objects' }).click();
    await page.getByLabel('Object name').fill('stripe/secret');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: /Objects whose name contains/ });
    await expect(results.getByRole('link', { name: /\/stripe\/secret-key$/ })).toHaveCount(8);
    await expect(results.getByRole('link', { name: 'Tailspin Airlines' })).toBeVisible();
  });

  test('an org page searches, sorts and pages through its objects', async ({ pageAs }) => {
    const org = await emulator.createOrg(`Paging Org ${Date.now()}`);
    const prefix = uniqueName('paging');
    for (let i = 0; i < 30; i++)
      await emulator.createObject(`${prefix}/item-${String(i).padStart(2, '0')}`, 'v', {
        organization_id: org.id,
      });
    const page = await pageAs('support');
    const orgPage = new OrgPage(page);
    await orgPage.goto(org.id);
    await expect
      .poll(async () => (await page.reload(), await orgPage.object(/\/item-/).count()), {
        timeout: 20_000,
      })
      .toBe(25);
    await expect(orgPage.object(`${prefix}/item-00`)).toBeVisible();
    await orgPage.nextPage();
    await expect(orgPage.object(/\/item-/)).toHaveCount(5);
    await expect(orgPage.object(`${prefix}/item-29`)).toBeVisible();
    await orgPage.previousPage();
    await expect(orgPage.object(`${prefix}/item-00`)).toBeVisible();
    await orgPage.sort.selectOption('name:desc');
    await expect(orgPage.object(/\/item-/).first()).toHaveText(`${prefix}/item-29`);
    await orgPage.search.fill('item-1');
    await expect(orgPage.object(/\/item-/)).toHaveCount(10);
    await orgPage.search.fill('no-such-thing');
    await expect(page.getByText('No object name contains “no-such-thing”')).toBeVisible();
  });

  test('an org with no objects explains why the list is empty', async ({ pageAs }) => {
    const org = await emulator.createOrg(`Empty Org ${Date.now()}`);
    const page = await pageAs('support');
    await page.goto(`/orgs/${org.id}`);
    await expect(page.getByText('No objects in this organization yet')).toBeVisible();
    await expect(page.getByText(`organization_id=${org.id}`)).toBeVisible();
  });

  test('an unknown organization or object gets a clear not-found state, not a crash', async ({
    pageAs,
  }) => {
    const page = await pageAs('support');
    await page.goto('/orgs/org_01NOSUCHORG000000000000000');
    await expect(
      page.getByText(/No organization with id org_01NOSUCHORG000000000000000/),
    ).toBeVisible();
    await page.goto('/objects/secret_00000000000000000000000000000000');
    await expect(page.getByText(/This object no longer exists/)).toBeVisible();
  });
});
