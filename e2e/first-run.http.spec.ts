import { ConsoleSession } from '../scripts/lib/console-session';
import { expect, test } from './support/fixtures';
import { freshInstall, rowText, TAILSPIN } from './support/fresh-install';
import { PORTS } from './support/ports';

// A brand-new install (e2e/support/fresh-install.ts) on ports of its own, so it runs beside
// first-run.spec.ts's install instead of after it.
const PORT = PORTS.firstRunHttp;

test.describe('first run on an empty console database', () => {
  test.setTimeout(180_000); // a hang guard: a console start and a first sync on a loaded machine

  test('the very first page view shows the real counts and key states, not zeros', async () => {
    // The page gives the first sync a head start (3 s by default) before it shows what is still
    // missing; a loaded machine may need longer to index the demo, so this install waits up to a
    // minute. What the test proves is that the first view waits and then shows real figures;
    // first-run.spec.ts proves what the page says when the sync is slower than the head start.
    const install = await freshInstall(
      { console: PORT, emulator: PORTS.firstRunHttpEmulator },
      // DEMO_APPROVALS: what `npm run dev` sets in local mode (lib/approvals/demo.ts).
      { FIRST_SYNC_WAIT_MS: '60000', DEMO_APPROVALS: 'on' },
    );
    try {
      const session = new ConsoleSession(`http://localhost:${PORT}`);
      const first = await session.signIn('support@example.com', TAILSPIN);
      expect(first.status).toBe(200);
      const html = await first.text();
      expect(rowText(html, 'Tailspin Airlines')).toContain(' 10 BYOK · AWS KMS · Key deleted');
      expect(html).not.toContain('still being built');
      expect(html).not.toContain('Checking keys');
      // The demo's approvals: a newcomer admin finds one pending request in the queue (the seed
      // looks the demo support person up in WorkOS: it failed silently while the emulator could
      // not list users).
      const admin = new ConsoleSession(`http://localhost:${PORT}`);
      await admin.signIn('admin@example.com');
      await expect
        .poll(async () => (await (await admin.fetch('/requests')).text()).includes('SUP-1042'), {
          timeout: 30_000,
        })
        .toBe(true);
    } finally {
      await install.stop();
    }
  });
});
