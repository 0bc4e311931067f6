import { ConsoleSession } from '../scripts/lib/console-session';
import { expect, test } from './support/fixtures';
import { controlFetch } from './support/emulator';
import { freshInstall, TAILSPIN } from './support/fresh-install';
import { PORTS } from './support/ports';

// A brand-new install (e2e/support/fresh-install.ts). first-run.http.spec.ts checks the first
// page view of another one, on ports of its own, at the same time.
const PORT = PORTS.firstRun;
const EMULATOR_PORT = PORTS.firstRunEmulator;

test.describe('first run on an empty console database', () => {
  test.setTimeout(180_000); // a hang guard: a console start and a first sync on a loaded machine

  test('while the first sync is slow, pages say what is missing and fill in without a reload', async ({
    browser,
  }) => {
    const install = await freshInstall({ console: PORT, emulator: EMULATOR_PORT });
    try {
      // Hold the first BYOK event read (the first call of a sync pass) past the 3 s head start.
      const fault = await controlFetch('/_emulator/faults', {
        base: `http://localhost:${EMULATOR_PORT}`,
        body: { path: '/events', method: 'GET', delayMs: 9_000 },
      });
      expect(fault.ok).toBe(true);
      // Land on a route handler, so the first console page is the one below.
      const session = new ConsoleSession(`http://localhost:${PORT}`);
      await session.signIn('support@example.com', '/api/health');

      const context = await browser.newContext();
      await context.addCookies(session.browserCookies());
      const page = await context.newPage();
      await page.goto(`http://localhost:${PORT}${TAILSPIN}`);
      const row = page.getByRole('row', { name: /Tailspin Airlines/ });
      await expect(page.getByText('The context index is still being built')).toBeVisible();
      await expect(row).toContainText('0+');
      await expect(row).toContainText('Checking keys…');
      await expect(row).not.toContainText('WorkOS-managed');

      // The header's status poll sees the build finish and re-renders the page in place.
      await expect(row).toContainText('BYOK · AWS KMS · Key deleted', { timeout: 30_000 });
      await expect(row.getByRole('cell', { name: '10', exact: true })).toBeVisible();
      await expect(page.getByText('The context index is still being built')).toHaveCount(0);
      await context.close();
    } finally {
      await install.stop();
    }
  });
});
