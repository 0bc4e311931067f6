/**
 * `npm run dev` / `npm run build` / `npm start`. Decides local or cloud mode, exports what
 * authkit-nextjs reads at import time, starts the WorkOS emulator in local mode, then runs Next.
 */
import nextEnv from '@next/env';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { EnvError, resolveRuntimeEnv, type RuntimeEnv } from '../lib/config/runtime-env';
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
  // The emulator's per-start control token, for the emulator, the console and the tests.
  ...(runtime.mode === 'local'
    ? { EMULATOR_CONTROL_TOKEN: emulatorControlToken(process.env) }
    : {}),
};
const children: ChildProcess[] = [];
let exiting = false;

function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300);
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

async function emulatorHealthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://localhost:${port}/_emulator/health`, {
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function startEmulator(port: number) {
  if (await emulatorHealthy(port)) {
    if (!(await isOurEmulator(port, env.EMULATOR_CONTROL_TOKEN!))) {
      console.error(
        `[console] something on port ${port} answers like the emulator but cannot prove it holds this checkout's control token; refusing to use it as the identity provider. Stop it or set EMULATOR_PORT.`,
      );
      shutdown(1);
      return;
    }
    console.log(`[console] reusing the WorkOS emulator already running on port ${port}`);
    return;
  }
  run(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], 'emulator');
  for (let i = 0; i < 150; i++) {
    if (await emulatorHealthy(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`[console] the emulator did not answer on port ${port} within 30 s`);
  shutdown(1);
}

async function main() {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  if (command === 'build') {
    run(process.execPath, [nextBin, 'build'], 'next build');
    return;
  }
  if (runtime.mode === 'local') await startEmulator(runtime.emulatorPort);
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
