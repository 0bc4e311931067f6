/**
 * `npm run dev` / `npm run build` / `npm start`. Decides local or cloud mode, exports what
 * authkit-nextjs reads at import time, starts the WorkOS emulator in local mode, then runs Next.
 */
import nextEnv from '@next/env';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { EnvError, resolveRuntimeEnv, type RuntimeEnv } from '../lib/config/runtime-env';
import { localWebhookWiring, wireRunningEmulator } from './lib/webhook-wiring';
import { emulatorControlToken, isOurEmulator, localBindArgs } from './lib/emulator-trust';

const command = process.argv[2];
if (command !== 'dev' && command !== 'build' && command !== 'start') {
  console.error('usage: tsx scripts/console.ts <dev|build|start>');
  process.exit(2);
}

nextEnv.loadEnvConfig(process.cwd(), command === 'dev');

let runtime: RuntimeEnv;
try {
  runtime = resolveRuntimeEnv(process.env);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...runtime.exports,
  PORT: String(runtime.port),
  CONSOLE_REDIRECT_URI: `${runtime.appUrl}/callback`,
  NEXT_TELEMETRY_DISABLED: '1',
  // instrumentation.ts handles SIGTERM/SIGINT: stop the index sync, hand back its lease, exit.
  ...(command === 'start' ? { NEXT_MANUAL_SIG_HANDLE: '1' } : {}),
  // The emulator's per-start control token, for the emulator, the console and the tests.
  ...(runtime.mode === 'local'
    ? { EMULATOR_CONTROL_TOKEN: emulatorControlToken(process.env) }
    : {}),
  // The local demo gets an approval policy and one pending request (lib/approvals/demo.ts).
  ...(runtime.mode === 'local' && command === 'dev' && !process.env.DEMO_APPROVALS
    ? { DEMO_APPROVALS: 'on' }
    : {}),
};
const webhooks =
  runtime.mode === 'local' && command !== 'build'
    ? localWebhookWiring(runtime.appUrl, process.env.WORKOS_WEBHOOK_SECRET)
    : null;
if (webhooks) Object.assign(env, webhooks.console, webhooks.emulator);
const children: ChildProcess[] = [];
let exiting = false;

function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  // Give the console time to stop its sync and hand back the lease (10 s at most).
  const exit = () => process.exit(code);
  setTimeout(exit, 10_000).unref();
  void Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))).then(exit);
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

function run(cmd: string, args: string[], label: string): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!exiting) {
      if (label !== 'next build')
        console.error(`[console] ${label} exited (${signal ?? code}); stopping.`);
      shutdown(code ?? 1);
    }
  });
  return child;
}

async function emulatorHealthy(port: number, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`http://localhost:${port}/_emulator/health`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on the loopback port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: 'localhost' });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(true); // a listener too busy to finish the handshake is still a listener
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Reuses a healthy emulator on the port, or starts one and waits for it for as long as it is
 * starting: a loaded machine only makes this slower, never a failure. False if it died.
 *
 * A port that is taken but slow to answer is waited for, never started on: a second emulator
 * there would die of EADDRINUSE, and its exit would stop this console after it came up.
 */
async function startEmulator(port: number): Promise<boolean> {
  let running = await emulatorHealthy(port);
  for (let i = 0; !running && i < 12 && (await portTaken(port)); i++) {
    running = await emulatorHealthy(port, 5000);
  }
  if (!running && (await portTaken(port))) {
    console.error(
      `[console] port ${port} is taken by something that does not answer as the WorkOS emulator; stop it or set EMULATOR_PORT.`,
    );
    shutdown(1);
    return false;
  }
  if (running) {
    if (!(await isOurEmulator(port, env.EMULATOR_CONTROL_TOKEN!))) {
      console.error(
        `[console] something on port ${port} answers like the emulator but cannot prove it holds this checkout's control token; refusing to use it as the identity provider. Stop it or set EMULATOR_PORT.`,
      );
      shutdown(1);
      return false;
    }
    console.log(`[console] reusing the WorkOS emulator already running on port ${port}`);
    if (webhooks && !(await wireRunningEmulator(port, webhooks, env.EMULATOR_CONTROL_TOKEN!)))
      console.log('[console] its webhooks go to another console; this one polls only');
    return true;
  }
  try {
    createRequire(import.meta.url).resolve('tsx');
  } catch {
    console.error(
      '[console] local mode runs the WorkOS emulator, which needs the dev dependencies (tsx). Run `npm ci` without --omit=dev, or set WORKOS_API_KEY and the other cloud-mode variables.',
    );
    shutdown(1);
    return false;
  }
  const child = run(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], 'emulator');
  for (let i = 1; child.exitCode === null && child.signalCode === null && !exiting; i++) {
    if (await emulatorHealthy(port)) return true;
    if (i % 150 === 0) console.log(`[console] still waiting for the emulator on port ${port}…`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main() {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  if (command === 'build') {
    const build = run(process.execPath, [nextBin, 'build'], 'next build');
    build.removeAllListeners('exit');
    build.on('exit', (code) => {
      if (code !== 0) process.exit(code ?? 1);
      // Kept out of dist/console.mjs: only a build needs esbuild.
      const bundler = './lib/launcher-bundle';
      void import(bundler).then(
        (m: typeof import('./lib/launcher-bundle')) =>
          m.bundleLauncher().then(() => process.exit(0)),
        (err: unknown) => {
          console.error('[console] could not bundle the launcher:', err);
          process.exit(1);
        },
      );
    });
    return;
  }
  // Never start Next without its emulator: it would answer health checks and fail every sign-in.
  if (runtime.mode === 'local' && !(await startEmulator(runtime.emulatorPort))) return;
  run(
    process.execPath,
    [
      nextBin,
      command!,
      '--port',
      String(runtime.port),
      ...localBindArgs(runtime.mode, process.env),
      ...(command === 'dev' && process.env.DEV_WEBPACK ? ['--webpack'] : []),
    ],
    `next ${command}`,
  );
  const mode =
    runtime.mode === 'local'
      ? `local mode: WorkOS emulator on http://localhost:${runtime.emulatorPort}`
      : 'cloud mode: WorkOS API';
  console.log(`\n[console] ${runtime.appUrl} (${mode})`);
  if (runtime.mode === 'local')
    console.log(
      '[console] demo users: admin@example.com, support@example.com, member@example.com (no password; pick one on the sign-in page)\n',
    );
}

void main();
