import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleSession } from '../scripts/lib/console-session';
import { startConsole, waitUp } from './support/console-process';
import { expect, test } from './support/fixtures';
import { controlFetch } from './support/emulator';
import { PORTS } from './support/ports';

// A brand-new install: an empty console database and a freshly seeded emulator of its own, so
// faults injected here touch nobody else's test. Tailspin Airlines has 10 objects and a deleted key.
const PORT = PORTS.firstRun;
const EMULATOR_PORT = PORTS.firstRunEmulator;
const TAILSPIN = '/orgs?q=Tailspin';

async function freshInstall(
  env: Record<string, string> = {},
): Promise<{ stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vault-console-first-run-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  // Both ports must be free: the launcher would reuse an emulator it finds there, and an old
  // console would answer the health check, so the test would not see a fresh install.
  const proc = await startConsole(
    PORT,
    {
      EMULATOR_PORT: String(EMULATOR_PORT),
      EMULATOR_DATA_DIR: ':memory:',
      EMULATOR_SEED: 'demo',
      CONSOLE_DATA_DIR: dataDir,
      INDEX_SYNC_INTERVAL_SECONDS: '2',
      ...env,
    },
    { ownPorts: [EMULATOR_PORT] },
  ).catch((err: unknown) => {
    remove();
    throw err;
  });
  const stop = async () => {
    await proc.stop();
    remove();
  };
  try {
    await waitUp(`http://localhost:${EMULATOR_PORT}/_emulator/health`, proc);
    await waitUp(`http://localhost:${PORT}/api/health`, proc);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}

/** The visible text of the org table row that names the organization. */
function rowText(html: string, orgName: string): string {
  const row = html.split('<tr').find((r) => r.includes(`>${orgName}<`));
  if (!row) {
    // Say what the page showed instead (its heading and any alert), not only what it lacked.
    const shown = [...html.matchAll(/<(h1|h2|p)[^>]*>([^<]{3,200})</g)]
      .map((m) => m[2])
      .slice(0, 6);
    throw new Error(`no row for ${orgName}; the page showed: ${shown.join(' | ')}`);
  }
  return row
    .replace(/<span aria-hidden="true"[^>]*>[^<]*<\/span>/g, ' ') // phone-card column labels
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

test.describe.configure({ mode: 'serial' });
test.describe('first run on an empty console database', () => {
  test.setTimeout(180_000); // a hang guard: two console starts and a first sync on a loaded machine

  test('the very first page view shows the real counts and key states, not zeros', async () => {
    // The page gives the first sync a head start (3 s by default) before it shows what is still
    // missing; a loaded machine may need longer to index the demo, so this install waits up to a
    // minute. What the test proves is that the first view waits and then shows real figures; the
    // next test proves what the page says when the sync is slower than the head start.
    const install = await freshInstall({ FIRST_SYNC_WAIT_MS: '60000' });
    try {
      const session = new ConsoleSession(`http://localhost:${PORT}`);
      const first = await session.signIn('support@example.com', TAILSPIN);
      expect(first.status).toBe(200);
      const html = await first.text();
      expect(rowText(html, 'Tailspin Airlines')).toContain(' 10 BYOK · AWS KMS · Key deleted');
      expect(html).not.toContain('still being built');
      expect(html).not.toContain('Checking keys');
    } finally {
      await install.stop();
    }
  });

  test('while the first sync is slow, pages say what is missing and fill in without a reload', async ({
    browser,
  }) => {
    const install = await freshInstall();
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
