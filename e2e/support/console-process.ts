import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/**
 * The only variables a spawned console takes from the environment that runs the tests: what a
 * process needs to find binaries and temp space. Everything else (DATABASE_URL, PORT,
 * CONSOLE_DATA_DIR, WORKOS_*, EMULATOR_*, E2E_PORT_BASE …) comes from the caller, so a shell or
 * an e2e server setting never turns a "fresh install" into a shared one. The one exception is the
 * run's emulator control token (playwright.config.ts makes it): every console and emulator the
 * suite starts shares it, so tests can drive any of their control APIs and the launcher can prove
 * an emulator it reuses is the suite's own.
 */
/**
 * How long the main e2e console trusts a sign-in (access-token lifetime and step-up window):
 * longer than any run on a slow machine, since the saved storage states sign in once at the start.
 * Specs that need a stale sign-in backdate one by STALE_SIGN_IN_SECONDS, past this window.
 */
export const E2E_SIGN_IN_LIFETIME_SECONDS = 4 * 3600;
export const STALE_SIGN_IN_SECONDS = 6 * 3600;

const INHERITED: readonly string[] = [
  'PATH',
  'HOME',
  'TMPDIR',
  'TZ',
  'LANG',
  'LC_ALL',
  'EMULATOR_CONTROL_TOKEN',
];

export function consoleEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(out)) if (!INHERITED.includes(key)) delete out[key];
  return Object.assign(out, { PORT: String(port) }, env);
}

/** True when nothing accepts connections on the port (IPv4 or IPv6 loopback). */
async function portFree(port: number): Promise<boolean> {
  const open = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  const [v4, v6] = await Promise.all([open('127.0.0.1'), open('::1')]);
  return !v4 && !v6;
}

/** What waitUp watches while it waits: a console from startConsole, or any child process. */
type Owner = ConsoleProcess | ChildProcess;
const ownerGone = (o: Owner) =>
  'describeExit' in o ? o.exited() : o.exitCode !== null || o.signalCode !== null;
const ownerExit = (o: Owner) =>
  'describeExit' in o
    ? o.describeExit()
    : `the process exited (${o.signalCode ?? o.exitCode}) before answering`;

/**
 * Polls a URL until it answers 2xx. With `owner`, it waits as long as that process is alive (the
 * test's own timeout bounds it) and fails at once when the process exits, so a slow machine only
 * makes the wait longer; without it, 30 s.
 */
export async function waitUp(url: string, owner?: Owner): Promise<void> {
  for (let i = 0; owner ? true : i < 150; i++) {
    if (owner && ownerGone(owner)) throw new Error(`${url}: ${ownerExit(owner)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not start`);
}

const running = new Set<ChildProcess>();
// A worker that stops mid-test (timeout, failure in setup) still takes its consoles with it, so
// no orphan keeps answering on a port the next test or the next run expects to be fresh.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

export type ConsoleProcess = {
  readonly port: number;
  exited(): boolean;
  describeExit(): string;
  /** The last 4,000 characters it printed. */
  output(): string;
  /** Stops the launcher, Next and any emulator it started, and waits until their ports are free. */
  stop(): Promise<void>;
  /** kill -KILL of the whole group (a crash: no shutdown handler runs); waits for the exit. */
  crash(): Promise<void>;
};

/**
 * Another `next start` of the built console, through the same launcher users run, in a process
 * group of its own. In local mode the launcher reuses an emulator already on EMULATOR_PORT, or
 * starts its own there. Fails fast if the console's port is already taken: a leftover there would
 * answer the health check in place of the new one.
 */
export async function startConsole(
  port: number,
  env: Record<string, string>,
  { ownPorts = [] as number[] } = {},
): Promise<ConsoleProcess> {
  for (const p of [port, ...ownPorts]) {
    if (!(await portFree(p)))
      throw new Error(`port ${p} is already in use (a leftover console or emulator?)`);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'start'], {
    env: consoleEnv(port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  // The last lines it printed, for the error when it dies before answering.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    describeExit: () =>
      `the console launcher exited (${child.signalCode ?? child.exitCode}) before answering:\n${output}`,
    async stop() {
      killGroup(child, 'SIGTERM');
      const ports = [port, ...ownPorts];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const free = await Promise.all(ports.map(portFree));
        if (free.every(Boolean)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      killGroup(child, 'SIGKILL');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2_000))]);
      running.delete(child);
    },
    async crash() {
      killGroup(child, 'SIGKILL');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
      for (let i = 0; i < 50 && !(await portFree(port)); i++)
        await new Promise((r) => setTimeout(r, 100));
      running.delete(child);
    },
  };
}
