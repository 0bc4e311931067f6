/**
 * `npm run doctor`: the pre-flight checks against the configured WorkOS (or the local emulator),
 * each with pass/fail and how to fix it. Exits non-zero when any check fails.
 */
import nextEnv from '@next/env';
import { WorkOS } from '@workos-inc/node';
import { LOCAL_API_KEY, LOCAL_CLIENT_ID } from '../lib/config/runtime-env';
import { runDoctor, type CheckResult } from '../lib/doctor/checks';
import { seenIssuers } from './lib/seen-issuers';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });

const SYMBOL: Record<CheckResult['status'], string> = {
  pass: '✓ pass',
  fail: '✗ FAIL',
  warn: '! warn',
  skip: '- skip',
};

async function emulatorUp(port: number): Promise<boolean> {
  try {
    return (
      await fetch(`http://localhost:${port}/_emulator/health`, {
        signal: AbortSignal.timeout(1500),
      })
    ).ok;
  } catch {
    return false;
  }
}

async function main() {
  const env = process.env;
  const local = !env.WORKOS_API_KEY;
  const port = Number(env.PORT || 3000);
  const emulatorPort = Number(env.EMULATOR_PORT || 4100);
  let stopEmulator: (() => Promise<void>) | null = null;
  if (local && !(await emulatorUp(emulatorPort))) {
    const { startEmulator } = await import('../lib/emulator/server');
    const running = await startEmulator({ port: emulatorPort, dataDir: null, seed: 'demo' });
    stopEmulator = running.close;
    console.log(
      `(local mode: no emulator on port ${emulatorPort}, so a temporary in-memory one was started for these checks)\n`,
    );
  }
  const apiKey = local ? LOCAL_API_KEY : (env.WORKOS_API_KEY ?? '');
  const appUrl =
    env.APP_URL ||
    (local
      ? `http://localhost:${port}`
      : (() => {
          try {
            return new URL(env.NEXT_PUBLIC_WORKOS_REDIRECT_URI ?? '').origin;
          } catch {
            return '';
          }
        })());
  const workos = apiKey.startsWith('sk_')
    ? new WorkOS(apiKey, {
        apiHostname: local ? 'localhost' : env.WORKOS_API_HOSTNAME || 'api.workos.com',
        port: local ? emulatorPort : env.WORKOS_API_PORT ? Number(env.WORKOS_API_PORT) : undefined,
        https: local ? false : env.WORKOS_API_HTTPS ? env.WORKOS_API_HTTPS === 'true' : true,
        timeout: 10_000,
        maxRetries: 1,
      } as ConstructorParameters<typeof WorkOS>[1])
    : null;
  const results = await runDoctor({
    apiKey,
    clientId: local ? LOCAL_CLIENT_ID : (env.WORKOS_CLIENT_ID ?? ''),
    cookiePassword: local ? 'x'.repeat(48) : (env.WORKOS_COOKIE_PASSWORD ?? ''),
    redirectUri: local
      ? `http://localhost:${port}/callback`
      : (env.NEXT_PUBLIC_WORKOS_REDIRECT_URI ?? ''),
    appUrl,
    workos,
    seenIssuers: local ? undefined : await seenIssuers(env.DATABASE_URL),
  });
  console.log(`Vault Console doctor (${local ? 'local mode: WorkOS emulator' : 'cloud mode'})\n`);
  for (const r of results) {
    console.log(`${SYMBOL[r.status]}  ${r.title}\n         ${r.detail}`);
    if (r.fix && r.status === 'fail') console.log(`         fix: ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  console.log(`\n${failed ? `${failed} check(s) failed.` : 'All checks passed.'}`);
  await stopEmulator?.();
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error('doctor crashed:', err instanceof Error ? err.message : err);
  process.exit(2);
});
