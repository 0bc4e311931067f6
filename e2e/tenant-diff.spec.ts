import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ObjectPage } from './support/pages';
import { screenshot } from './support/screens';

test.describe('diff before saving', () => {
  test('the editor shows what a save changes against the loaded value, before saving', async ({
    pageAs,
  }) => {
    const obj = await freshObject('host=db\nuser=svc\npassword=old-one');
    const page = await pageAs('admin');
    await page.goto(obj.path);
    const editor = await new ObjectPage(page).openEditor();
    await expect(editor).toHaveValue(obj.value);
    await expect(page.getByRole('region', { name: /Changes from version/ })).toHaveCount(0);
    await editor.fill('host=db\nuser=svc\npassword=new-one\nport=5432');
    const diff = page.getByRole('region', { name: `Changes from version ${obj.versionId}` });
    await expect(diff).toContainText('2 added, 1 removed');
    await expect(diff.locator('[data-diff="del"]')).toHaveText(/password=old-one/);
    await expect(diff.locator('[data-diff="add"]')).toHaveText([/password=new-one/, /port=5432/]);
    await expect(diff.locator('[data-diff="same"]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect(page.getByText(/Saved as version/)).toBeVisible();
    expect((await emulator.read(obj.id)).value).toBe(
      'host=db\nuser=svc\npassword=new-one\nport=5432',
    );
  });

  test('a conflict offers "compare with theirs": one more audited read, side by side, my text kept', async ({
    pageAs,
  }) => {
    const obj = await freshObject('shared-start');
    const page = await pageAs('admin');
    await page.goto(obj.path);
    const editor = await new ObjectPage(page).openEditor();
    await emulator.updateObject(obj.id, 'their-rotation');
    await editor.fill('my-rotation');
    await page.getByRole('button', { name: 'Save new version' }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'This object changed after you loaded it' });
    await expect(conflict).toBeVisible();
    const readsBefore = (await emulator.auditLogs(obj.orgId)).data.filter(
      (e) => e.action === 'vault.object.edit_loaded' && e.targets[0]?.id === obj.id,
    ).length;
    await conflict.getByRole('button', { name: 'Compare with theirs' }).click();
    const compare = page.getByTestId('compare-theirs');
    await expect(compare.getByRole('region', { name: 'Your text' })).toContainText('my-rotation');
    await expect(compare.getByRole('region', { name: 'Their version' })).toContainText(
      'their-rotation',
    );
    await expect(compare.locator('[data-diff="del"]')).toHaveText(/their-rotation/);
    await expect(editor).toHaveValue('my-rotation'); // never lost
    await expect
      .poll(
        async () =>
          (await emulator.auditLogs(obj.orgId)).data.filter(
            (e) => e.action === 'vault.object.edit_loaded' && e.targets[0]?.id === obj.id,
          ).length,
      )
      .toBe(readsBefore + 1);
    await expect(conflict.getByRole('button', { name: 'Compare with theirs' })).toHaveCount(0);
    await screenshot(page, 'r3-16/compare-theirs');

    await conflict.getByRole('button', { name: /Keep my text and save over/ }).click();
    await page.getByRole('button', { name: 'Yes, save my text' }).click();
    await expect(page.getByText(/Saved as version/)).toBeVisible();
    expect((await emulator.read(obj.id)).value).toBe('my-rotation');
  });
});
