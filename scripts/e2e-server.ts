/**
 * Playwright's web server: a production build of the console plus an in-memory, demo-seeded
 * emulator on their own ports, so a developer's `npm run dev` on 3000/4100 is never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { consoleEnv, E2E_SIGN_IN_LIFETIME_SECONDS } from '../e2e/support/console-process';
import { PORTS } from '../e2e/support/ports';

const E2E_ENV = {
  PORT: String(PORTS.console),
  EMULATOR_PORT: String(PORTS.emulator),
  EMULATOR_DATA_DIR: ':memory:',
  EMULATOR_SEED: 'demo',
  // The saved storage states are signed in once, when the run starts, and must stay good however
  // slow the machine is: long-lived access tokens (the states share one single-use refresh token)
  // and a step-up window longer than any run. The step-up specs backdate a sign-in past it.
  EMULATOR_ACCESS_TOKEN_TTL: String(E2E_SIGN_IN_LIFETIME_SECONDS),
  RECENT_AUTH_MAX_AGE_SECONDS: String(E2E_SIGN_IN_LIFETIME_SECONDS),
  CONSOLE_DATA_DIR: ':memory:',
  INDEX_SYNC_INTERVAL_SECONDS: '2',
  INDEX_RECONCILE_INTERVAL_SECONDS: '10',
  REVEAL_MASK_AFTER_SECONDS: '30',
  // The suite reveals and writes far more than a person would; replicas.http.spec.ts shows the limit.
  RATE_LIMIT_VALUE_READS: '100000/600',
  RATE_LIMIT_KEY_TOOLS: '100000/600',
  RATE_LIMIT_WRITES: '100000/600',
  RATE_LIMIT_SEARCH: '100000/600',
  WORKOS_API_KEY: '',
  // Extra consoles sign in through the same emulator: two replicas (e2e/replicas.http.spec.ts),
  // one with tiny rate limits (e2e/auth-matrix.http.spec.ts), one restarted mid-operation
  // (e2e/tenant-migrator.spec.ts), one killed mid-delete (e2e/recovery-crash.spec.ts) and one
  // with an approval policy (e2e/approvals.spec.ts), one for dual control (e2e/dual-control.spec.ts),
  // one that sends webhook notifications (e2e/notifications.spec.ts) and one with change requests
  // (e2e/change-requests.spec.ts).
  EMULATOR_REDIRECT_URIS: [
    PORTS.replicaA,
    PORTS.replicaB,
    PORTS.rateLimited,
    PORTS.restartable,
    PORTS.recoveryCrash,
    PORTS.approvals,
    PORTS.dualControl,
    PORTS.notifications,
    PORTS.changeRequests,
    PORTS.decryptApproval,
  ]
    .map((p) => `http://localhost:${p}/callback`)
    .join(','),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  // Only E2E_ENV and what a process needs: a shell's DATABASE_URL, WORKOS_API_KEY (cloud mode)
  // or CONSOLE_DATA_DIR must not point the suite at a real database or WorkOS environment.
  // `e2e-server.ts build` only builds (npm test does, beside Vitest); E2E_SKIP_BUILD=1 then
  // starts that build without making another one.
  const env = consoleEnv(PORTS.console, E2E_ENV);
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'build'], {
      env: {
        ...env,
        // npm test type-checks after this build (next.config.ts); nothing else sets it.
        ...(process.env.NEXT_TYPES_CHECKED_AFTER_BUILD === '1'
          ? { NEXT_TYPES_CHECKED_AFTER_BUILD: '1' }
          : {}),
      },
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  if (process.argv[2] === 'build') process.exit(0);
  // Everything the servers print also goes to a file: the leak scan reads it.
  mkdirSync('test-results', { recursive: true });
  const log = createWriteStream('test-results/server.log', { flags: 'w' });
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
  server.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}
