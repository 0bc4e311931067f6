import { expect, type Page } from '@playwright/test';
import { PORTS } from './ports';

/** Signs in through the emulator's AuthKit login page, the way a person would. */
export async function signInThroughLoginPage(
  page: Page,
  email: string,
  opts: { returnTo?: string; organization?: string } = {},
) {
  await page.goto(
    `/sign-in${opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : ''}`,
  );
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(email.replace('.', '\\.')) }).click();
  if (opts.organization) {
    await expect(page.getByRole('heading', { name: 'Choose an organization' })).toBeVisible();
    await page.getByRole('button', { name: new RegExp(opts.organization) }).click();
  }
  await page.waitForURL(
    (url) => url.port === String(PORTS.console) && !url.pathname.startsWith('/callback'),
  );
}
