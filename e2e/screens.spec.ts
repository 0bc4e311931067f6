import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { storageStatePath } from './support/roles';

/**
 * Screenshots for review (the org and object pages at 375 and 1400 px in both themes, plus the
 * palette, the drawer and the shortcuts overlay). Runs only when SCREENS_DIR names a folder.
 */
const DIR = process.env.SCREENS_DIR;

test('screenshots of the comfort features', async ({ browser }) => {
  test.skip(!DIR, 'set SCREENS_DIR to write screenshots');
  test.setTimeout(240_000);
  mkdirSync(DIR!, { recursive: true });
  const obj = await freshObject('screenshot-value');
  for (const width of [375, 1400])
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        storageState: storageStatePath('admin'),
        viewport: { width, height: width < 600 ? 812 : 900 },
        colorScheme: theme,
        timezoneId: 'Europe/Paris',
      });
      const page = await context.newPage();
      const shot = (name: string) =>
        page.screenshot({ path: path.join(DIR!, `${name}-${width}-${theme}.png`), fullPage: true });
      await page.goto(`/orgs/${obj.orgId}`);
      await page.waitForLoadState('networkidle');
      await shot('org');
      await page.goto(obj.path);
      await page.waitForLoadState('networkidle');
      await shot('object');
      await page.keyboard.press('ControlOrMeta+k');
      await page
        .getByRole('dialog', { name: 'Jump to' })
        .getByRole('combobox')
        .fill(obj.name.slice(0, 8));
      await expect(
        page.getByRole('dialog', { name: 'Jump to' }).getByRole('option').first(),
      ).toBeVisible();
      // The palette has finished opening (no animation or transition still running).
      await page.waitForFunction(() =>
        document.getAnimations().every((a) => a.playState !== 'running'),
      );
      await page.screenshot({ path: path.join(DIR!, `palette-${width}-${theme}.png`) });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await page.screenshot({ path: path.join(DIR!, `shortcuts-${width}-${theme}.png`) });
      await page.keyboard.press('Escape');
      if (width < 768) {
        await page.getByRole('button', { name: 'Open navigation menu' }).click();
        await expect(page.getByRole('dialog', { name: 'Navigation' })).toBeVisible();
        await page.screenshot({ path: path.join(DIR!, `drawer-${width}-${theme}.png`) });
      }
      await context.close();
    }
});
