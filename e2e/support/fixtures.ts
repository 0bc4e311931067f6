import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { storageStatePath, type Role } from './roles';

type Fixtures = {
  /** A page signed in as the given demo user (storage state from the setup project). */
  pageAs: (role: Role) => Promise<Page>;
  consoleErrors: string[];
};

async function newPageAs(browser: Browser, role: Role): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  return context.newPage();
}

export const test = base.extend<Fixtures>({
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  pageAs: async ({ browser, consoleErrors }, use) => {
    const pages: Page[] = [];
    await use(async (role) => {
      const page = await newPageAs(browser, role);
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(`${role}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`${role}: ${e.message}`));
      pages.push(page);
      return page;
    });
    for (const p of pages) await p.context().close();
  },
});

export { expect };
