import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type Page,
} from '@playwright/test';
import { storageStatePath, type Role } from './roles';
import { HTTP_PROJECT } from './tiers';

type Fixtures = {
  /** A page signed in as the given demo user (storage state from the setup project). */
  pageAs: (role: Role) => Promise<Page>;
  /**
   * Plain HTTP signed in as the given demo user (the same storage state, no browser): what the
   * HTTP tier (`*.http.spec.ts`) uses to load pages, call route handlers and post server actions.
   */
  requestAs: (role: Role) => Promise<APIRequestContext>;
  consoleErrors: string[];
};

async function newPageAs(browser: Browser, role: Role): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  return context.newPage();
}

export const test = base.extend<Fixtures>({
  // The HTTP tier has no browser: a test there that asks for one fails at once, naming the rule,
  // instead of quietly starting Chromium (CONTRIBUTING.md § "Which tier a test belongs to").
  browser: [
    async ({ browser }, use, workerInfo) => {
      if (workerInfo.project.name === HTTP_PROJECT)
        throw new Error(
          'the HTTP tier has no browser: use requestAs, request or fetch, or move the test to a browser spec',
        );
      await use(browser);
    },
    { scope: 'worker' },
  ],
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
  requestAs: async ({ playwright, baseURL }, use) => {
    const contexts: APIRequestContext[] = [];
    await use(async (role) => {
      const context = await playwright.request.newContext({
        baseURL,
        storageState: storageStatePath(role),
      });
      contexts.push(context);
      return context;
    });
    for (const c of contexts) await c.dispose();
  },
});

export { expect };
