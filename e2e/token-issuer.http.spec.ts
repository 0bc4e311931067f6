import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleSession } from '../scripts/lib/console-session';
import { startConsole, waitUp, type ConsoleProcess } from './support/console-process';
import { expect, test } from './support/fixtures';
import { PORTS } from './support/ports';

// WorkOS mints several access-token `iss` shapes by environment (F3-01). A console whose
// emulator mints each one must sign a person in and keep them signed in; one for another
// client must not. Each install has its own emulator, database and ports, so the three tests run
// side by side (no browser: sign-in and pages over plain HTTP).
async function withIssuer<T>(
  [PORT, EMULATOR_PORT]: readonly [number, number],
  issuer: string,
  run: (session: ConsoleSession, proc: ConsoleProcess) => Promise<T>,
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vault-console-issuer-'));
  const proc = await startConsole(
    PORT,
    {
      EMULATOR_PORT: String(EMULATOR_PORT),
      EMULATOR_DATA_DIR: ':memory:',
      EMULATOR_SEED: 'demo',
      EMULATOR_TOKEN_ISSUER: issuer,
      CONSOLE_DATA_DIR: dataDir,
    },
    { ownPorts: [EMULATOR_PORT] },
  );
  try {
    await waitUp(`http://localhost:${EMULATOR_PORT}/_emulator/health`, proc);
    await waitUp(`http://localhost:${PORT}/api/health`, proc);
    return { result: await run(new ConsoleSession(`http://localhost:${PORT}`), proc), proc };
  } finally {
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test.describe('sign-in under every access-token issuer form WorkOS mints', () => {
  test.setTimeout(180_000);

  for (const [label, issuer, ports] of [
    ['the legacy issuer https://api.workos.com', 'legacy', [PORTS.issuer, PORTS.issuerEmulator]],
    [
      'a custom authentication domain',
      'custom:https://auth.vault-console.test',
      [PORTS.issuer2, PORTS.issuer2Emulator],
    ],
  ] as const) {
    test(`signs in and stays signed in with ${label}`, async () => {
      await withIssuer(ports, issuer, async (session, proc) => {
        const landing = await session.signIn('support@example.com', '/orgs');
        expect(landing.status).toBe(200);
        // On failure, the console's own account of the sign-in (its log, never a token).
        expect(
          (await landing.text()).includes('Tailspin Airlines'),
          `landed on ${landing.url}; console log:\n${proc.output().slice(-4000)}`,
        ).toBe(true);
        // A second page on the same session is not sent back to sign-in.
        const again = await session.fetch('/orgs?q=Tailspin');
        expect(again.status).toBe(200);
      });
    });
  }

  test('refuses a validly signed token whose issuer names another client, and says why', async () => {
    const { result, proc } = await withIssuer(
      [PORTS.issuer3, PORTS.issuer3Emulator],
      'custom:https://auth.vault-console.test/user_management/client_other',
      async (session) => {
        await session.signIn('support@example.com', '/orgs').catch(() => undefined);
        const res = await session.fetch('/orgs');
        return { status: res.status, location: res.headers.get('location') ?? '' };
      },
    );
    expect(result.status).toBeGreaterThanOrEqual(300);
    expect(result.status).toBeLessThan(400);
    expect(result.location).toContain('/sign-in');
    expect(proc.output()).toContain('not a WorkOS issuer form for this client id');
  });
});
