import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConsole, waitUp } from './console-process';

// A brand-new install: an empty console database and a freshly seeded emulator of its own, so
// faults injected here touch nobody else's test. Tailspin Airlines has 10 objects and a deleted key.
export const TAILSPIN = '/orgs?q=Tailspin';

/**
 * Starts a fresh install on `ports` (each first-run test has its own pair, so the two run side by
 * side): both must be free, see below.
 */
export async function freshInstall(
  ports: { console: number; emulator: number },
  env: Record<string, string> = {},
): Promise<{ stop: () => Promise<void> }> {
  const PORT = ports.console;
  const EMULATOR_PORT = ports.emulator;
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
export function rowText(html: string, orgName: string): string {
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
