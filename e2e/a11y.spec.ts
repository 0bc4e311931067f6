import type { Locator, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { storageStatePath, type Role } from './support/roles';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
};

/** Runs axe-core in the page (evaluated through the devtools protocol, so the page's CSP is untouched). */
async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<unknown> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    ),
  )) as AxeResult;
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every page, as the roles that see it differently. */
function pagesToCheck(obj: { orgId: string; path: string }): [Role, string][] {
  return [
    ['admin', '/orgs'],
    ['admin', `/orgs/${obj.orgId}`],
    ['admin', `/orgs/${obj.orgId}/byok`],
    ['admin', `/orgs/${obj.orgId}/new`],
    ['admin', obj.path],
    ['admin', '/search?q=stripe'],
    ['admin', '/audit'],
    ['admin', '/byok'],
    ['admin', '/key-tools'],
    ['admin', '/settings'],
    ['admin', '/settings/health'],
    ['support', obj.path],
    ['support', `/orgs/${obj.orgId}/byok`],
    ['member', '/orgs'],
    ['admin', '/signed-out'],
    ['support', '/key-tools'],
  ];
}

test.describe('accessibility', () => {
  test('axe-core finds no serious or critical violation on any page', async ({ pageAs }) => {
    test.setTimeout(300_000);
    const obj = await freshObject();
    const pages = pagesToCheck(obj);
    const problems: string[] = [];
    for (const [role, path] of pages) {
      const page = await pageAs(role);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      for (const v of await axe(page))
        problems.push(
          `${role} ${path}: ${v.id} (${v.impact}) ${v.help} → ${JSON.stringify(v.nodes.map((n) => n.target))}`,
        );
      await page.context().close();
    }
    // The emulator's own sign-in page is part of the journey too.
    const anon = await pageAs('admin');
    await anon.context().clearCookies();
    await anon.goto('/sign-in');
    for (const v of await axe(anon)) problems.push(`sign-in page: ${v.id} (${v.impact}) ${v.help}`);
    expect(problems).toEqual([]);
  });

  for (const [width, theme] of [
    [1400, 'dark'],
    [375, 'dark'],
    [375, 'light'],
  ] as const)
    test(`axe-core finds nothing serious at ${width} px in the ${theme} theme, palette, drawer and shortcuts included`, async ({
      browser,
    }) => {
      test.setTimeout(300_000);
      const obj = await freshObject();
      const problems: string[] = [];
      for (const [role, path] of pagesToCheck(obj)) {
        const context = await browser.newContext({
          storageState: storageStatePath(role),
          viewport: { width, height: 900 },
          colorScheme: theme,
        });
        const page = await context.newPage();
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        for (const v of await axe(page))
          problems.push(
            `${role} ${path}: ${v.id} (${v.impact}) ${v.help} → ${JSON.stringify(v.nodes.map((n) => n.target))}`,
          );
        await context.close();
      }
      // The overlays, open.
      const context = await browser.newContext({
        storageState: storageStatePath('admin'),
        viewport: { width, height: 900 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      await page.goto(`/orgs/${obj.orgId}`);
      await page.keyboard.press('ControlOrMeta+k');
      await page.getByRole('dialog', { name: 'Jump to' }).getByRole('combobox').fill('obj');
      await expect(
        page.getByRole('dialog', { name: 'Jump to' }).getByRole('option').first(),
      ).toBeVisible();
      for (const v of await axe(page)) problems.push(`palette: ${v.id} (${v.impact}) ${v.help}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      for (const v of await axe(page)) problems.push(`shortcuts: ${v.id} (${v.impact}) ${v.help}`);
      await page.keyboard.press('Escape');
      if (width < 768) {
        await page.getByRole('button', { name: 'Open navigation menu' }).click();
        await expect(page.getByRole('dialog', { name: 'Navigation' })).toBeVisible();
        for (const v of await axe(page)) problems.push(`drawer: ${v.id} (${v.impact}) ${v.help}`);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
});

/** Presses Tab until the target has focus (the way a keyboard user gets there). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test.describe('keyboard only', () => {
  test('reveal, edit and delete with the keyboard', async ({ pageAs }) => {
    const obj = await freshObject('keyboard-value');
    const page = await pageAs('admin');
    await page.goto(obj.path);
    await tabTo(page, page.getByRole('button', { name: 'Reveal', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('revealed-value')).toHaveText('keyboard-value');

    await tabTo(page, page.getByRole('button', { name: 'Edit value' }));
    await page.keyboard.press('Enter');
    const editor = page.getByLabel(/New value/);
    await expect(editor).toBeVisible();
    await tabTo(page, editor);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('typed with keys');
    await tabTo(page, page.getByRole('button', { name: 'Save new version' }));
    await page.keyboard.press('Enter');
    await expect(page.getByText(/Saved as version/)).toBeVisible();
    expect((await emulator.read(obj.id)).value).toBe('typed with keys');

    await tabTo(page, page.getByRole('button', { name: 'Delete…' }));
    await page.keyboard.press('Enter');
    const confirm = page.getByLabel('Type the object’s name to confirm');
    await expect(confirm).toBeFocused(); // the dialog moves focus into itself
    await page.keyboard.type(obj.name);
    await page.keyboard.press('Enter');
    await expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible();
  });

  test('create with the keyboard, including the key-context builder', async ({ pageAs }) => {
    const org = await emulator.orgByName('Wingtip');
    const page = await pageAs('admin');
    await page.goto(`/orgs/${org.id}/new`);
    const name = uniqueName('keyboard');
    await tabTo(page, page.getByLabel('Name'));
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard secret');
    await tabTo(page, page.getByRole('button', { name: 'Add pair' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Key 2'));
    await page.keyboard.type('environment');
    await page.keyboard.press('Tab');
    await page.keyboard.type('staging');
    await tabTo(page, page.getByRole('button', { name: 'Create object' }));
    await page.keyboard.press('Enter');
    await expect(page.getByText('Object created. Its key context is now fixed.')).toBeVisible();
    const found = await emulator.findByName(name);
    expect((await emulator.describe(found!.id)).metadata.context).toEqual({
      organization_id: org.id,
      environment: 'staging',
    });
  });
});
