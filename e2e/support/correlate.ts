import type { Page } from '@playwright/test';

/** Tags every request this page sends from now on; the console forwards the tag to WorkOS. */
export async function correlate(page: Page, label: string): Promise<string> {
  const id = `${label}-${crypto.randomUUID()}`;
  await page.setExtraHTTPHeaders({ 'x-correlation-id': id });
  return id;
}
