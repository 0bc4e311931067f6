import type { Browser, Page } from '@playwright/test';
import { correlate } from './support/correlate';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { storageStatePath, type Role } from './support/roles';
import { bodyIsDark } from './support/theme';

type Theme = 'light' | 'dark';
const WIDTHS = [375, 1400] as const;

/** A signed-in page at a width, with the system colour scheme set (the console follows it). */
async function open(
  browser: Browser,
  role: Role,
  width: number,
  theme: Theme,
  extra: { timezoneId?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    storageState: storageStatePath(role),
    viewport: { width, height: width < 600 ? 800 : 900 },
    colorScheme: theme,
    ...extra,
  });
  return context.newPage();
}

async function indexed(page: Page, name: string) {
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/palette?q=${encodeURIComponent(name)}`);
        const body = (await res.json()) as { objects: { name: string }[] };
        return body.objects.some((o) => o.name === name);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

/**
 * The keyboard and navigation checks run once per width, each width in one theme: the layout
 * follows the width (CSS media queries), the palette and shortcuts are the same script at every
 * width and theme, and the theme itself is checked in both schemes on the same page load (here,
 * the sideways-scroll check below, and a11y.spec's four views of every page).
 */
const VIEWS = [
  { width: 375, theme: 'dark' },
  { width: 1400, theme: 'light' },
] as const;

for (const { width, theme } of VIEWS)
  test.describe(`${width} px, ${theme} theme`, () => {
    test('the theme follows the system and navigation is reachable', async ({ browser }) => {
      const page = await open(browser, 'admin', width, theme);
      await page.goto('/orgs');
      // Both schemes on this one load: the theme follows the system as it changes.
      for (const scheme of [theme, theme === 'dark' ? 'light' : 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => bodyIsDark(page), `${scheme} scheme`).toBe(scheme === 'dark');
      }
      await page.emulateMedia({ colorScheme: theme });
      const menu = page.getByRole('button', { name: 'Open navigation menu' });
      if (width >= 768) {
        await expect(menu).toBeHidden();
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        return;
      }
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
      await menu.click();
      const drawer = page.getByRole('dialog', { name: 'Navigation' });
      await expect(drawer).toBeVisible();
      // Focus stays inside the drawer however far you Tab, both ways.
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press('Tab');
        expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      }
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();
      await expect(menu).toBeFocused();
      await menu.click();
      await drawer.getByRole('link', { name: 'Audit trail' }).click();
      await expect(page).toHaveURL(/\/audit$/);
      await expect(drawer).toBeHidden();
    });

    test('the palette jumps to an object by name with the keyboard', async ({ browser }) => {
      const obj = await freshObject('palette-secret-value');
      const page = await open(browser, 'admin', width, theme);
      await page.goto('/orgs');
      await indexed(page, obj.name);
      await page.keyboard.press('ControlOrMeta+k');
      const palette = page.getByRole('dialog', { name: 'Jump to' });
      await expect(palette).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(palette).toBeHidden();
      await page.keyboard.press('/');
      await expect(palette).toBeVisible();
      const box = palette.getByRole('combobox');
      await expect(box).toBeFocused();
      await box.fill(obj.name);
      const option = palette.getByRole('option', { name: new RegExp(obj.name) });
      await expect(option).toBeVisible();
      // Arrow down to it (past any page matches), then Enter.
      for (let i = 0; i < 10; i++) {
        if ((await option.getAttribute('aria-selected')) === 'true') break;
        await page.keyboard.press('ArrowDown');
      }
      await expect(option).toHaveAttribute('aria-selected', 'true');
      await expect(palette).not.toContainText('palette-secret-value');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/objects/${obj.id}$`));
      await expect(page.getByRole('heading', { name: obj.name })).toBeVisible();
      // Nothing was revealed on the way.
      await expect(page.getByTestId('revealed-value')).toHaveCount(0);
    });

    test('shortcuts are listed under ? and only navigate', async ({ browser }) => {
      const obj = await freshObject('shortcut-secret-value');
      const page = await open(browser, 'admin', width, theme);
      await page.goto(obj.path);
      await page.getByRole('heading', { name: obj.name }).click(); // focus the page, not a field
      // Letters that a careless design might bind to reveal or copy do nothing.
      for (const key of ['r', 'c', 'v', 'e', 'Enter', 'Space']) await page.keyboard.press(key);
      await expect(page.getByTestId('revealed-value')).toHaveCount(0);
      await page.keyboard.press('Shift+?');
      const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(overlay).toBeVisible();
      await expect(overlay).toContainText('g then a');
      await expect(overlay).not.toContainText(/reveal the|copy the value/i);
      await page.keyboard.press('Escape');
      await expect(overlay).toBeHidden();
      await page.keyboard.press('g');
      await page.keyboard.press('a');
      await expect(page).toHaveURL(/\/audit$/);
    });
  });

test.describe('375 px', () => {
  // "No page scrolls sideways, in either theme" is checked on a11y.spec's load of each page,
  // at 375 px in both themes, beside axe (docs/PERFORMANCE.md § "Issue 24: test suite").

  test('object names stay readable: rows stack as cards, names wrap at slashes', async ({
    browser,
  }) => {
    // Context chips used to take the width and squeeze the name column to a few characters.
    const obj = await freshObject(undefined, 'Northwind', {
      environment: 'production-eu-west',
      service: 'billing-postgres-primary',
      team: 'platform-infrastructure',
    });
    for (const width of WIDTHS) {
      const page = await open(browser, 'admin', width, 'light');
      await indexed(page, obj.name);
      await page.goto(`/orgs/${obj.orgId}`);
      await page.getByLabel('Search by name').fill(obj.name);
      const table = page.getByRole('table', { name: 'Objects in this organization' });
      const row = table.getByRole('row', { name: new RegExp(obj.name.replace(/[/]/g, '\\/')) });
      await expect(row).toHaveCount(1);
      // Still a table with its column headers for screen readers, at every width.
      await expect(table.getByRole('columnheader')).toHaveText([
        'Name',
        'Other context',
        'Updated',
      ]);
      await expect(row.getByRole('cell')).toHaveCount(3);
      const link = row.getByRole('link', { name: obj.name });
      const cell = row.getByRole('cell').first();
      const m = await link.evaluate((a) => ({
        lines: a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight),
        cell: a.closest('td')!.getBoundingClientRect().width,
      }));
      expect(m.lines, `${width} px: name takes at most 2 lines`).toBeLessThanOrEqual(2.2);
      expect(m.cell, `${width} px: name cell width`).toBeGreaterThanOrEqual(200);
      await expect(cell).toBeVisible();
      if (width === 375) {
        // The card shows each other column under the name with its label.
        // (drawn by CSS from the cell's data-label, with empty alt text: see components/ui/table.tsx)
        const drawn = await row
          .getByRole('cell')
          .nth(1)
          .evaluate((td) => {
            const before = getComputedStyle(td, '::before');
            return { content: before.content, display: before.display };
          });
        expect(drawn.content).toContain('Other context');
        expect(drawn.display).not.toBe('none');
      } else {
        await expect(table.getByRole('columnheader', { name: 'Name' })).toBeVisible();
      }
      await page.context().close();
    }
  });
});

test.describe('keyboard shortcuts', () => {
  test('a shortcut pressed before React hears of an Escape still opens the palette', async ({
    browser,
  }) => {
    const page = await open(browser, 'support', 1400, 'light');
    await page.goto('/orgs');
    const palette = page.getByRole('dialog', { name: 'Jump to' });
    // Keys do nothing until the page has hydrated.
    await expect(async () => {
      await page.keyboard.press('/');
      await expect(palette).toBeVisible({ timeout: 1_000 });
    }).toPass();
    // What Escape does, with the next key in the same moment: the browser closes the dialog at
    // once and sends its close event later, and the "/" arrives in between.
    await page.evaluate(() => {
      document.querySelector<HTMLDialogElement>('dialog[open]')!.close();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    });
    await expect(palette).toBeVisible();
    await expect(palette.getByRole('combobox')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: /Keyboard shortcuts/ })).toBeVisible();
  });
});

test.describe('keyboard shortcuts during load', () => {
  test('Ctrl+K and ? pressed before the page has hydrated still open their dialogs', async ({
    browser,
  }) => {
    const page = await open(browser, 'admin', 1400, 'dark');
    // Hold every script until the keys are pressed: the page is painted but React is not live.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_next\/static\/chunks\/.+\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/orgs', { waitUntil: 'domcontentloaded' });
    await page.keyboard.press('ControlOrMeta+k');
    await expect(page.locator('html')).toHaveAttribute('data-shortcut-pending', 'palette');
    release();
    const palette = page.getByRole('dialog', { name: 'Jump to' });
    await expect(palette).toBeVisible();
    await expect(palette.getByRole('combobox')).toBeFocused();
    await expect(page.locator('html')).not.toHaveAttribute('data-shortcut-pending');

    await page.unroute(/\/_next\/static\/chunks\/.+\.js/);
    let releaseAgain!: () => void;
    const heldAgain = new Promise<void>((resolve) => (releaseAgain = resolve));
    await page.route(/\/_next\/static\/chunks\/.+\.js/, async (route) => {
      await heldAgain;
      await route.continue();
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.keyboard.press('Shift+?');
    releaseAgain();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  });

  test('a ? that still reaches the field of a dialog the browser has just closed opens the shortcuts', async ({
    browser,
  }) => {
    const page = await open(browser, 'admin', 375, 'light');
    await page.goto('/orgs');
    const palette = page.getByRole('dialog', { name: 'Jump to' });
    await page.keyboard.press('ControlOrMeta+k');
    await expect(palette.getByRole('combobox')).toBeFocused();
    // Escape closes the dialog at once; until the browser moves focus, the next key can still be
    // addressed to the palette's (now hidden) field.
    await page.evaluate(() => {
      const dialog = document.querySelector<HTMLDialogElement>('dialog[open]')!;
      const field = dialog.querySelector('input')!;
      dialog.close();
      field.dispatchEvent(
        new KeyboardEvent('keydown', { key: '?', shiftKey: true, bubbles: true }),
      );
    });
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  });
});

test.describe('preferences', () => {
  for (const width of WIDTHS)
    test(`${width} px: a chosen theme is in the first HTML (no flash) and outlives the system`, async ({
      browser,
    }) => {
      const page = await open(browser, 'support', width, 'light');
      await page.goto('/orgs');
      if (width < 768) await page.getByRole('button', { name: 'Open navigation menu' }).click();
      await page.getByLabel('Theme').filter({ visible: true }).selectOption('dark');
      expect(await bodyIsDark(page)).toBe(true);
      // The server renders the choice itself: the HTML before any script has data-theme="dark".
      const html = await (await page.request.get('/orgs')).text();
      expect(html).toMatch(/<html[^>]*data-theme="dark"/);
      await page.reload();
      expect(await bodyIsDark(page)).toBe(true);
      if (width < 768) await page.getByRole('button', { name: 'Open navigation menu' }).click();
      await page.getByLabel('Theme').filter({ visible: true }).selectOption('system');
      expect(await bodyIsDark(page)).toBe(false);
      expect(await (await page.request.get('/orgs')).text()).not.toMatch(/data-theme=/);
    });

  for (const [width, theme] of [
    [1400, 'light'],
    [375, 'dark'],
  ] as const)
    test(`${width} px ${theme}: times switch between UTC and local, with the exact ISO time in the title`, async ({
      browser,
    }) => {
      const obj = await freshObject();
      const page = await open(browser, 'admin', width, theme, { timezoneId: 'Asia/Tokyo' });
      await page.goto(obj.path);
      const time = page.locator('table time').first();
      await expect(time).toHaveAttribute('title', /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
      await expect(time).toHaveText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      const iso = (await time.getAttribute('datetime'))!;
      if (width < 768) await page.getByRole('button', { name: 'Open navigation menu' }).click();
      await page.getByLabel('Times shown in').filter({ visible: true }).selectOption('local');
      if (width < 768) await page.keyboard.press('Escape');
      // 9 hours ahead of UTC, and the zone is named.
      const tokyo = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 16);
      await expect(time).toHaveText(new RegExp(`${tokyo.replace('T', ' ')}:\\d\\d GMT\\+9`));
      await page.reload();
      await expect(page.locator('table time').first()).toHaveText(/GMT\+9/);
    });

  for (const width of WIDTHS)
    test(`${width} px: recent and pinned places are per person and never hold a value`, async ({
      browser,
    }) => {
      const obj = await freshObject('pinned-secret-value');
      const admin = await open(browser, 'admin', width, 'light');
      await admin.goto(obj.path);
      await admin.getByRole('button', { name: 'Pin' }).click();
      await expect(admin.getByRole('button', { name: 'Pinned' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await admin.goto(`/orgs/${obj.orgId}`);
      await admin.keyboard.press('ControlOrMeta+k');
      const palette = admin.getByRole('dialog', { name: 'Jump to' });
      await expect(palette.getByRole('group', { name: 'Pinned' })).toContainText(obj.name);
      await expect(palette.getByRole('group', { name: 'Recent' })).toContainText(obj.name);
      await expect(palette).not.toContainText('pinned-secret-value');
      const body = await (await admin.request.get('/api/palette?q=')).text();
      expect(body).toContain(obj.name);
      expect(body).not.toContain('pinned-secret-value');
      // Someone else's palette does not show it.
      const support = await open(browser, 'support', width, 'dark');
      const theirs = (await (await support.request.get('/api/palette?q=')).json()) as {
        pinned: { id: string }[];
      };
      expect(theirs.pinned.some((p) => p.id === obj.id)).toBe(false);
      // Unpin.
      await admin.goto(obj.path);
      await admin.getByRole('button', { name: 'Pinned' }).click();
      await expect(admin.getByRole('button', { name: 'Pin' })).toHaveAttribute(
        'aria-pressed',
        'false',
      );
    });
});

test.describe('loading and not-found states', () => {
  for (const width of WIDTHS)
    test(`${width} px: unknown org and object pages say so and offer a way back`, async ({
      browser,
    }) => {
      const page = await open(browser, 'support', width, width < 768 ? 'dark' : 'light');
      await page.goto('/orgs/org_01NOSUCHORG000000000000000');
      await expect(page.getByRole('heading', { name: 'Organization not found' })).toBeVisible();
      await expect(page.getByText(/No organization with id org_01NOSUCHORG/)).toBeVisible();
      await page.goto('/objects/secret_00000000000000000000000000000000');
      await expect(page.getByRole('heading', { name: 'Object not found' })).toBeVisible();
      await page.getByRole('link', { name: 'Back to organizations' }).click();
      await expect(page).toHaveURL(/\/orgs$/);
    });

  test('a slow organization page: the click shows at once that it is on its way, and the page it leaves stays', async ({
    browser,
  }) => {
    const org = await emulator.orgByName('Contoso');
    const page = await open(browser, 'support', 1400, 'dark');
    const tag = await correlate(page, 'slow-org');
    await page.goto('/orgs?q=contoso');
    await emulator.addFault({
      path: `/organizations/${org.id}`,
      method: 'GET',
      correlation: tag,
      delayMs: 3000,
      // The hover before the click renders the page ahead (warm-link.tsx); the click may ask again.
      count: 3,
    });
    await page.getByRole('link', { name: org.name }).first().click();
    await expect(page.getByRole('status').filter({ hasText: 'Loading the page…' })).toBeAttached();
    await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
    await expect(page.getByRole('heading', { name: org.name })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('navigation-pending')).toHaveCount(0);
  });

  test('an export link is the browser’s download, not a page on its way', async ({ browser }) => {
    const page = await open(browser, 'admin', 1400, 'light');
    await page.goto('/audit');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV' }).click();
    await download;
    await expect(page.getByTestId('navigation-pending')).toHaveCount(0);
    expect(await page.evaluate(() => 'navPending' in document.documentElement.dataset)).toBe(false);
  });
});
