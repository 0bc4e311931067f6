import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { correlate } from './support/correlate';
import { freshObject } from './support/objects';
import { EMULATOR_URL } from './support/ports';

test.describe('create', () => {
  test('builds a key context, validates with the shared rules, and indexes the object at once', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Litware');
    const page = await pageAs('admin');
    await page.goto(`/orgs/${org.id}`);
    await page.getByRole('link', { name: 'Create object' }).click();
    await expect(page.getByText('fixed at creation and can never be changed')).toBeVisible();
    await expect(page.getByLabel('Value 1')).toHaveValue(org.id);
    const name = uniqueName('created');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Value', { exact: true }).fill('s3cr3t-created');
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(page.getByText('Keys cannot be empty.')).toBeVisible();
    await expect(page.getByText('Values cannot be empty.')).toBeVisible();
    await page.getByLabel('Key 2').fill('organization_id');
    await page.getByLabel('Value 2').fill('org_other');
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(
      page.getByText('The key "organization_id" is used twice; keys must be unique.'),
    ).toBeVisible();
    await page.getByLabel('Key 2').fill('data_classification');
    await page.getByLabel('Value 2').fill('x'.repeat(501));
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(
      page.getByText('Values are at most 500 characters.', { exact: true }),
    ).toBeVisible();
    await page.getByLabel('Value 2').fill('restricted');
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(page.getByText('Object created. Its key context is now fixed.')).toBeVisible();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(page.getByText('data_classification')).toBeVisible();
    const created = await emulator.findByName(name);
    expect((await emulator.describe(created!.id)).metadata.context).toEqual({
      organization_id: org.id,
      data_classification: 'restricted',
    });
    await page.goto(`/orgs/${org.id}`);
    await expect(page.getByRole('link', { name })).toBeVisible(); // indexed at once, no sync wait
  });

  test('a taken name is a clear field error that points at the holder', async ({ pageAs }) => {
    const existing = await freshObject('x', 'Proseware');
    const page = await pageAs('admin');
    await page.goto(`/orgs/${existing.orgId}/new`);
    await page.getByLabel('Name').fill(existing.name);
    await page.getByLabel('Value', { exact: true }).fill('another');
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(
      page.getByText(
        'This name is taken (names are unique across all organizations). Choose another.',
      ),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'Open the existing object' })).toHaveAttribute(
      'href',
      `/objects/${existing.id}`,
    );
  });

  test('a create whose reply is lost creates exactly one object and says so', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Proseware');
    const page = await pageAs('admin');
    await page.goto(`/orgs/${org.id}/new`);
    const name = uniqueName('lost-reply');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Value', { exact: true }).fill('once only');
    await emulator.addFault({
      path: '/vault/v1/kv',
      method: 'POST',
      drop: 'response',
      correlation: await correlate(page, 'lost-create'),
    });
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(page.getByText(/it is probably the one you just created/)).toBeVisible();
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(
      page.getByText(
        'This name is taken (names are unique across all organizations). Choose another.',
      ),
    ).toBeVisible();
    const all = await (
      await fetch(`${EMULATOR_URL}/vault/v1/kv?search=${encodeURIComponent(name)}`, {
        headers: { authorization: 'Bearer sk_test_emulator' },
      })
    ).json();
    expect(all.data).toHaveLength(1);
  });
});

test.describe('delete', () => {
  test('needs the typed name, then removes the object and its index row', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.goto(obj.path);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this object?' });
    await expect(dialog.getByRole('button', { name: 'Delete object', exact: true })).toBeDisabled();
    await dialog.getByLabel('Type the object’s name to confirm').fill(obj.name.slice(0, -1));
    await expect(dialog.getByRole('button', { name: 'Delete object', exact: true })).toBeDisabled();
    await dialog.getByLabel('Type the object’s name to confirm').fill(obj.name);
    await dialog.getByRole('button', { name: 'Delete object', exact: true }).click();
    await expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible();
    await expect(page.getByRole('link', { name: obj.name })).toHaveCount(0);
    expect(await emulator.findByName(obj.name)).toBeNull();
  });

  test('a delete after someone else changed the object is a conflict, resolved only on confirm', async ({
    pageAs,
  }) => {
    const obj = await freshObject('v1');
    const page = await pageAs('admin');
    await page.goto(obj.path);
    await emulator.updateObject(obj.id, 'v2 from elsewhere');
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this object?' });
    await dialog.getByLabel('Type the object’s name to confirm').fill(obj.name);
    await dialog.getByRole('button', { name: 'Delete object', exact: true }).click();
    await expect(dialog.getByText('This object changed after you loaded it')).toBeVisible();
    await expect(dialog.getByText('Nothing was deleted.')).toBeVisible();
    expect(await emulator.findByName(obj.name)).not.toBeNull();
    await dialog.getByRole('button', { name: /Delete the new version anyway/ }).click();
    await dialog.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible();
    expect(await emulator.findByName(obj.name)).toBeNull();
  });
});
