import type { Page } from '@playwright/test';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { correlate } from './support/correlate';
import { freshObject } from './support/objects';
import { ObjectPage } from './support/pages';
import { EMULATOR_URL } from './support/ports';

async function openEditor(page: Page, path: string) {
  await page.goto(path);
  const editor = await new ObjectPage(page).openEditor();
  await expect(editor).toBeVisible();
  return editor;
}

test.describe('version-checked edits', () => {
  test('validates JSON, pretty-prints, and saves a new version attributed to the person', async ({
    pageAs,
  }) => {
    const obj = await freshObject(JSON.stringify({ user: 'svc', password: 'old' }));
    const page = await pageAs('admin');
    const editor = await openEditor(page, obj.path);
    await expect(editor).toHaveValue(obj.value);
    await expect(page.getByLabel('JSON')).toBeChecked();
    await editor.fill('{"user": "svc", "password": ');
    await expect(page.getByText(/Not valid JSON/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save new version' })).toBeDisabled();
    await editor.fill('{"user":"svc","password":"new-and-long"}');
    await page.getByRole('button', { name: 'Pretty-print' }).click();
    await expect(editor).toHaveValue('{\n  "user": "svc",\n  "password": "new-and-long"\n}');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect(page.getByText(/Saved as version/)).toBeVisible();
    const versions = page.getByRole('table', { name: /Version history/ });
    await expect(versions.getByRole('row')).toHaveCount(3);
    await expect(versions.getByRole('row').nth(1)).toContainText('admin@example.com');
    expect((await emulator.read(obj.id)).value).toBe(
      '{\n  "user": "svc",\n  "password": "new-and-long"\n}',
    );
  });

  test('a conflict between two editors shows who and when, keeps the text, and only overwrites on confirm', async ({
    pageAs,
  }) => {
    const obj = await freshObject('original');
    const alice = await pageAs('admin');
    const bob = await pageAs('admin');
    const aliceEditor = await openEditor(alice, obj.path);
    const bobEditor = await openEditor(bob, obj.path);
    await bobEditor.fill('bob rotated this');
    await bob.getByRole('button', { name: 'Save new version' }).click();
    await expect(bob.getByText(/Saved as version/)).toBeVisible();

    await aliceEditor.fill('alice has a different idea');
    await alice.getByRole('button', { name: 'Save new version' }).click();
    const conflict = alice
      .getByRole('alert')
      .filter({ hasText: 'This object changed after you loaded it' });
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('admin@example.com');
    await expect(conflict).toContainText('Your text is still in the editor');
    await expect(aliceEditor).toHaveValue('alice has a different idea');
    expect((await emulator.read(obj.id)).value).toBe('bob rotated this');

    await alice.getByRole('button', { name: /Keep my text and save over the new version/ }).click();
    await expect(alice.getByText(/Your text becomes the current value/)).toBeVisible();
    expect((await emulator.read(obj.id)).value).toBe('bob rotated this'); // nothing until confirmed
    await alice.getByRole('button', { name: 'Yes, save my text' }).click();
    await expect(alice.getByText(/Saved as version/)).toBeVisible();
    expect((await emulator.read(obj.id)).value).toBe('alice has a different idea');
    await expect(
      alice.getByRole('table', { name: /Version history/ }).getByRole('row'),
    ).toHaveCount(4);
  });

  test('"discard mine and load theirs" replaces the text with the newer value', async ({
    pageAs,
  }) => {
    const obj = await freshObject('first');
    const page = await pageAs('admin');
    const editor = await openEditor(page, obj.path);
    await emulator.updateObject(obj.id, 'changed elsewhere');
    await editor.fill('my edit');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect(page.getByText('This object changed after you loaded it')).toBeVisible();
    await expect(
      page.getByRole('alert').getByText('Emulator API key', { exact: true }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Discard mine and load theirs' }).click();
    await expect(editor).toHaveValue('changed elsewhere');
  });

  test('the text survives a rate limit, a server error and a lost reply, and nothing is written twice', async ({
    pageAs,
  }) => {
    const obj = await freshObject('start');
    const page = await pageAs('admin');
    const tag = await correlate(page, 'edit-faults');
    const editor = await openEditor(page, obj.path);
    await editor.fill('precious unsaved text');
    const save = page.getByRole('button', { name: 'Save new version' });

    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'PUT',
      status: 429,
      retryAfterSeconds: 17,
      correlation: tag,
    });
    await save.click();
    await expect(page.getByText(/Try again in 17 s/)).toBeVisible();
    await expect(editor).toHaveValue('precious unsaved text');

    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'PUT',
      status: 500,
      correlation: tag,
    });
    await save.click();
    await expect(page.getByText('WorkOS did not answer', { exact: true })).toBeVisible();
    await expect(editor).toHaveValue('precious unsaved text');
    expect((await emulator.read(obj.id)).value).toBe('start');

    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'PUT',
      drop: 'response',
      correlation: tag,
    });
    await save.click();
    await expect(page.getByText('Outcome unknown')).toBeVisible();
    await expect(editor).toHaveValue('precious unsaved text');
    // The write did land once; saving again from the old version is now a conflict, not a duplicate.
    expect((await emulator.read(obj.id)).value).toBe('precious unsaved text');
    await save.click();
    await expect(page.getByText('This object changed after you loaded it')).toBeVisible();
    const versions = await (
      await fetch(`${EMULATOR_URL}/vault/v1/kv/${obj.id}/versions`, {
        headers: { authorization: 'Bearer sk_test_emulator' },
      })
    ).json();
    expect(versions.data).toHaveLength(2);
  });

  test('a slow WorkOS (5 s) still saves, showing progress meanwhile', async ({ pageAs }) => {
    const obj = await freshObject('slow');
    const page = await pageAs('admin');
    const tag = await correlate(page, 'edit-slow');
    const editor = await openEditor(page, obj.path);
    await editor.fill('patience');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'PUT',
      delayMs: 5000,
      correlation: tag,
    });
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
    await expect(page.getByText(/Saved as version/)).toBeVisible({ timeout: 15_000 });
  });
  test('"Saved" shows before the page behind it is fetched again, and a delete right after carries the saved version', async ({
    pageAs,
  }) => {
    const obj = await freshObject('before-save');
    const page = await pageAs('admin');
    const editor = await openEditor(page, obj.path);
    // The page refresh that follows the save reads the version list; hold that read for 20 s.
    const tag = await correlate(page, 'save-then-delete');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}/versions`,
      method: 'GET',
      correlation: tag,
      delayMs: 20_000,
      count: 1,
    });
    await editor.fill('after-save');
    await page.getByRole('button', { name: 'Save new version' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Saved as version' });
    await expect(status).toContainText('Updating the page');
    expect((await emulator.read(obj.id)).value).toBe('after-save');

    // Still the page from before the save: its own version is the one just replaced.
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByLabel('Type the object’s name to confirm').fill(obj.name);
    await expect(status).toContainText('Updating the page');
    await page.getByRole('button', { name: 'Delete object', exact: true }).click();
    await expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText('This object changed after you loaded it')).toHaveCount(0);
  });
});
