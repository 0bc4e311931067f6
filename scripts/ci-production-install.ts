/**
 * CI: proves a production install works. Copies the checkout (with its existing build: .next and
 * dist/) to a temporary directory, installs it with `npm ci --omit=dev`, checks no dev dependency
 * is there, then starts it with `npm start` in cloud mode against the WorkOS emulator (run from
 * this checkout, as a stand-in for api.workos.com), signs in and fetches a page.
 *
 *   node --import tsx scripts/ci-production-install.ts     (after `npm run build`)
 *
 * Ports: PROD_CHECK_PORT (default 3290) and PROD_CHECK_EMULATOR_PORT (default 4290).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCAL_STAFF_ORGANIZATION_ID } from '../lib/config/runtime-env';
import { ConsoleSession } from './lib/console-session';

const port = Number(process.env.PROD_CHECK_PORT ?? 3290);
const emulatorPort = Number(process.env.PROD_CHECK_EMULATOR_PORT ?? 4290);
const root = process.cwd();
const started: ChildProcess[] = [];

/** Each child leads its own process group (npm → sh → launcher → next): stop the whole group. */
function stopAll() {
  for (const p of started) {
    try {
      process.kill(-p.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function fail(message: string): never {
  console.error(`production install check: FAILED: ${message}`);
  stopAll();
  process.exit(1);
}

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

/** Polls until the URL answers 2xx; a loaded CI machine may take a while to start things. */
async function waitUp(url: string, seconds = 180): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`${url} did not answer within ${seconds} s`);
}

async function main() {
  if (!existsSync('.next/BUILD_ID') || !existsSync('dist/console.mjs'))
    fail('no build here: run `npm run build` first (this check reuses it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'vault-console-prod-'));
  const t0 = Date.now();
  try {
    // A clean copy: tracked files plus the build output, no node_modules, no data.
    sh(
      'sh',
      [
        '-c',
        `git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents {} "${dir}" 2>/dev/null; cp -r .next dist "${dir}/" && rm -rf "${dir}/.next/cache"`,
      ],
      root,
    );
    sh('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], dir);
    for (const dev of ['tsx', 'esbuild', 'eslint', 'vitest'])
      if (existsSync(path.join(dir, 'node_modules', dev)))
        fail(`dev dependency ${dev} is installed by npm ci --omit=dev`);

    const emulator = spawn(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        EMULATOR_PORT: String(emulatorPort),
        EMULATOR_DATA_DIR: ':memory:',
        EMULATOR_SEED: 'demo',
        PORT: String(port), // its redirect-URI allow-list
      },
      stdio: 'inherit',
      detached: true,
    });
    started.push(emulator);
    await waitUp(`http://localhost:${emulatorPort}/_emulator/health`);

    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      WORKOS_API_KEY: 'sk_test_emulator',
      WORKOS_CLIENT_ID: 'client_emulator',
      WORKOS_COOKIE_PASSWORD: 'production-install-check-cookie-password-0001',
      NEXT_PUBLIC_WORKOS_REDIRECT_URI: `http://localhost:${port}/callback`,
      CONSOLE_STAFF_ORGANIZATION_ID: LOCAL_STAFF_ORGANIZATION_ID,
      WORKOS_API_HOSTNAME: 'localhost',
      WORKOS_API_PORT: String(emulatorPort),
      WORKOS_API_HTTPS: 'false',
      ALLOW_CUSTOM_WORKOS_HOST: '1',
      CONSOLE_DATA_DIR: ':memory:',
    } as Record<string, string | undefined> as NodeJS.ProcessEnv;
    const consoleProcess = spawn('npm', ['start'], {
      cwd: dir,
      env,
      stdio: 'inherit',
      detached: true,
    });
    started.push(consoleProcess);
    let stopping = false;
    consoleProcess.on('exit', (code) => {
      if (!stopping && code !== 0) fail(`npm start exited ${code}`);
    });
    await waitUp(`http://localhost:${port}/api/health`);

    const session = new ConsoleSession(`http://localhost:${port}`);
    const page = await session.signIn('admin@example.com', '/orgs');
    const html = await page.text();
    if (page.status !== 200 || !html.includes('Organizations'))
      fail(`/orgs answered ${page.status} without the organizations list`);
    console.log(
      `production install check: OK (npm ci --omit=dev, cloud mode, signed in and served /orgs; ${Math.round((Date.now() - t0) / 1000)} s)`,
    );
    stopping = true;
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
);
