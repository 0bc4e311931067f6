/**
 * `npm run dev` / `npm run build` / `npm start`. Decides local or cloud mode, exports what
 * authkit-nextjs reads at import time, starts the WorkOS emulator in local mode, then runs Next.
 */
import nextEnv from '@next/env';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { EnvError, resolveRuntimeEnv, type RuntimeEnv } from '../lib/config/runtime-env';

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

/**
 * Reuses a healthy emulator on the port, or starts one and waits for it for as long as it is
 * starting: a loaded machine only makes this slower, never a failure. False if it died.
 */
async function startEmulator(port: number): Promise<boolean> {
  if (await emulatorHealthy(port)) {
    console.log(`[console] reusing the WorkOS emulator already running on port ${port}`);
    return true;
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
    run(process.execPath, [nextBin, 'build'], 'next build');
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
