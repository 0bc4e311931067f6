import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Where screenshots for a review go: SCREENS_DIR, or /work/screens with TAKE_SCREENS set. A
 * screenshot checks nothing, so a normal run takes none (each cost a second or so of the suite).
 */
const DIR = process.env.SCREENS_DIR ?? (process.env.TAKE_SCREENS ? '/work/screens' : null);

/**
 * A screenshot named `folder/name` of a whole page, or of one element. For an element, what the
 * screenshot waited for is checked either way: that the element is there and visible.
 */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  const isPage = 'goto' in target;
  if (!isPage) await expect(target).toBeVisible();
  if (!DIR) return;
  const file = path.join(DIR, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  if (isPage) await target.screenshot({ path: file, fullPage: true });
  else await target.screenshot({ path: file });
}

/** The page at 1360 px and at 375 px (then back to 1360 px), when screenshots are taken. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  if (!DIR) return;
  await screenshot(page, `${name}-1360`);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}-375`);
  await page.setViewportSize({ width: 1360, height: 900 });
}
