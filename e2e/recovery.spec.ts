import type { Page } from '@playwright/test';
import { sdkClient } from '../lib/emulator/testing';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ObjectPage } from './support/pages';
import { PORTS } from './support/ports';

/** The real SDK against the e2e emulator: what an application would read. */
const sdk = sdkClient(PORTS.emulator);

async function deleteThroughConsole(page: Page, obj: { path: string; name: string }) {
  await page.goto(obj.path);
  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this object?' });
  await expect(dialog).toContainText('Recently deleted');
  await dialog.getByLabel('Type the object’s name to confirm').fill(obj.name);
  await dialog.getByRole('button', { name: 'Delete object', exact: true }).click();
  await expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible();
}

const rowOf = (page: Page, name: string) =>
  page.getByTestId('deleted-row').filter({ hasText: name });

test.describe('recovery window', () => {
  test('delete, find it under Recently deleted, restore it, and read the same value through the SDK', async ({
    pageAs,
  }) => {
    const obj = await freshObject(`recover-me-${crypto.randomUUID()}`);
    const page = await pageAs('admin');
    await deleteThroughConsole(page, obj);
    expect(await emulator.findByName(obj.name)).toBeNull();

    await page.goto(`/orgs/${obj.orgId}/deleted`);
    const row = rowOf(page, obj.name);
    await expect(row).toContainText('admin@example.com');
    await expect(row).toContainText(`organization_id=${obj.orgId}`);
    await expect(row).toContainText(obj.id);
    // Across all organizations too, with the organization named.
    await page.goto('/deleted');
    await expect(rowOf(page, obj.name)).toBeVisible();
    await rowOf(page, obj.name)
      .getByRole('button', { name: `Restore ${obj.name}` })
      .click();
    const link = page.getByTestId('restored-object-link');
    await expect(link).toBeVisible();
    const newId = (await link.textContent())!.trim();
    expect(newId).not.toBe(obj.id);
    await expect(page.getByText(`it was ${obj.id}`)).toBeVisible();
    await expect(rowOf(page, obj.name)).toHaveCount(0);

    const read = await sdk.vault.readObject({ id: newId });
    expect(read.name).toBe(obj.name);
    expect(read.value).toBe(obj.value);
    expect(read.metadata.context).toEqual({ organization_id: obj.orgId });
    // The organization's Audit Log ties the new id to the old one.
    await expect
      .poll(async () =>
        (await emulator.auditLogs(obj.orgId)).data.find(
          (e) => e.action === 'vault.object.restored' && e.targets[0]!.id === newId,
        ),
      )
      .toMatchObject({ metadata: { restored_from: obj.id } });
    // The console's activity too: the old id's entries include the restore, which names the new id.
    await page.goto(`/audit?object=${obj.id}`);
    const restoredRow = page.getByRole('row').filter({ hasText: 'object.restored' });
    await expect(restoredRow).toContainText(`restored from ${obj.id} → now ${newId}`);
    await expect(page.getByRole('row').filter({ hasText: 'object.deleted' })).toBeVisible();
    await restoredRow.getByRole('link', { name: obj.name }).click();
    await expect(page).toHaveURL(new RegExp(`/objects/${newId}`));
  });

  test('restoring a name that was created again meanwhile shows the conflict flow and never overwrites', async ({
    pageAs,
  }) => {
    const obj = await freshObject('the deleted value');
    const page = await pageAs('admin');
    await deleteThroughConsole(page, obj);
    const again = await emulator.createObject(obj.name, 'the new holder', {
      organization_id: obj.orgId,
    });
    await page.goto(`/orgs/${obj.orgId}/deleted`);
    await rowOf(page, obj.name)
      .getByRole('button', { name: `Restore ${obj.name}` })
      .click();
    const error = page.getByTestId('restore-error');
    await expect(error).toContainText('exists again');
    await expect(error).toContainText(again.id);
    await expect(error.getByRole('link', { name: 'Open the existing object' })).toHaveAttribute(
      'href',
      `/objects/${again.id}`,
    );
    expect((await emulator.read(again.id)).value).toBe('the new holder');
    // The copy is still there; restore it under another name.
    const other = uniqueName('restored-as');
    await error.getByLabel('Restore under another name').fill(other);
    await error.getByRole('button', { name: 'Restore as this name' }).click();
    const newId = (await page.getByTestId('restored-object-link').textContent())!.trim();
    expect((await sdk.vault.readObject({ id: newId })).value).toBe('the deleted value');
    expect((await emulator.read(again.id)).value).toBe('the new holder');
  });

  test('a save, then "Restore this version": the old value is back as a new version; a version replaced outside the console has no copy', async ({
    pageAs,
  }) => {
    const obj = await freshObject('v1 from the app');
    await emulator.updateObject(obj.id, 'v2 from the app');
    const page = await pageAs('admin');
    await page.goto(obj.path);
    const o = new ObjectPage(page);
    const editor = await o.openEditor();
    await editor.fill('v3 pasted by mistake');
    await o.saveButton.click();
    await expect(o.saved).toBeVisible();
    await expect(o.versions.getByRole('row')).toHaveCount(4);
    const rows = o.versions.getByRole('row');
    await expect(rows.nth(1)).toContainText('In use now: nothing to restore.');
    await expect(rows.nth(3)).toContainText('No copy exists');
    await rows
      .nth(2)
      .getByRole('button', { name: /Restore version/ })
      .click();
    await expect(o.versions.getByRole('row')).toHaveCount(5);
    expect((await sdk.vault.readObject({ id: obj.id })).value).toBe('v2 from the app');
    // The restore was a save too: the mistaken value is kept and restorable in turn.
    await expect(
      o.versions
        .getByRole('row')
        .nth(2)
        .getByRole('button', { name: /Restore version/ }),
    ).toBeVisible();
    await page.goto(`/audit?action=object.restored&org=${obj.orgId}`);
    await expect(page.getByRole('table').getByText(obj.name).first()).toBeVisible();
  });

  test('a copy under a deleted customer key is reported unreadable, not a 500', async ({
    pageAs,
    consoleErrors,
  }) => {
    const org = await emulator.createOrg(`Recovery BYOK ${Date.now().toString(36)}`);
    await emulator.setByok(org.id, 'verified');
    const name = uniqueName('byok-copy');
    const meta = await emulator.createObject(name, 'under the customer key', {
      organization_id: org.id,
    });
    const page = await pageAs('admin');
    await deleteThroughConsole(page, { path: `/objects/${meta.id}`, name });
    await emulator.setByok(org.id, 'deleted');
    await page.goto(`/orgs/${org.id}/deleted`);
    await rowOf(page, name)
      .getByRole('button', { name: `Restore ${name}` })
      .click();
    await expect(page.getByTestId('restore-error')).toContainText('This copy is unreadable');
    expect(await emulator.findByName(name)).toBeNull();
    // Still listed, and restorable once the customer restores the key.
    await emulator.setByok(org.id, 'verified');
    await page.reload();
    await rowOf(page, name)
      .getByRole('button', { name: `Restore ${name}` })
      .click();
    const newId = (await page.getByTestId('restored-object-link').textContent())!.trim();
    expect((await sdk.vault.readObject({ id: newId })).value).toBe('under the customer key');
    expect(consoleErrors.filter((e) => /500/.test(e))).toEqual([]);
  });

  test('support sees Recently deleted (names and metadata) but cannot restore or delete forever', async ({
    pageAs,
  }) => {
    const obj = await freshObject();
    await deleteThroughConsole(await pageAs('admin'), obj);
    const page = await pageAs('support');
    await page.goto(`/orgs/${obj.orgId}/deleted`);
    await expect(rowOf(page, obj.name)).toContainText('admin@example.com');
    await expect(page.getByRole('button', { name: /Restore/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Delete .* forever/ })).toHaveCount(0);
  });

  test('delete forever needs the typed name, then the copy is gone', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await deleteThroughConsole(page, obj);
    await page.goto(`/orgs/${obj.orgId}/deleted`);
    await rowOf(page, obj.name)
      .getByRole('button', { name: `Delete ${obj.name} forever` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Delete this copy forever?' });
    const go = dialog.getByRole('button', { name: 'Delete forever', exact: true });
    await expect(go).toBeDisabled();
    await dialog.getByLabel('Type the object’s name to confirm').fill(obj.name);
    await go.click();
    await expect(page.getByText(`The copy of ${obj.name} is deleted forever.`)).toBeVisible();
    await expect(rowOf(page, obj.name)).toHaveCount(0);
  });

  test('offboarding erases the organization’s copies, and the erasure report lists them', async ({
    pageAs,
  }) => {
    test.setTimeout(90_000);
    const org = await emulator.createOrg(`Recovery offboard ${Date.now().toString(36)}`);
    const page = await pageAs('admin');
    const made = [];
    for (let i = 0; i < 2; i++) {
      const name = uniqueName(`offb${i}`);
      const meta = await emulator.createObject(name, `secret-offb-${i}`, {
        organization_id: org.id,
      });
      made.push({ id: meta.id, name, path: `/objects/${meta.id}` });
    }
    // A deleted object's copy and a replaced version's copy.
    await deleteThroughConsole(page, made[0]!);
    await page.goto(made[1]!.path);
    const o = new ObjectPage(page);
    await (await o.openEditor()).fill('secret-offb-1 rotated');
    await o.saveButton.click();
    await expect(o.saved).toBeVisible();

    await page.goto(`/orgs/${org.id}/operations`);
    await page.getByRole('button', { name: 'Preview the offboarding' }).click();
    await page.getByLabel(/Type the organization’s name/).fill(org.name);
    await page.getByRole('button', { name: 'Delete 1 objects' }).click();
    await expect(page.getByText('Finished: 1 done, 0 skipped, 0 failed.')).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole('link', { name: 'Erasure report' }).click();
    const lines = page.getByTestId('recovery-copy-lines');
    await expect(lines.getByRole('listitem')).toHaveCount(2);
    await expect(lines).toContainText(made[0]!.name);
    await expect(lines).toContainText(made[1]!.name);
    await expect(page.getByTestId('recovery-copies-left')).toHaveText(
      'The organization has no recovery copy left in the console.',
    );
    await page.goto(`/orgs/${org.id}/deleted`);
    await expect(page.getByText('No recently deleted objects.')).toBeVisible();
    await expect
      .poll(
        async () =>
          (await emulator.auditLogs(org.id)).data.filter((e) => e.action === 'vault.copy.erased')
            .length,
      )
      .toBe(2);
  });
});
