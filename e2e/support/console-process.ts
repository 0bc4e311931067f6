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
 * Resolves once `condition` holds, checking it every `everyMs` (a poll of a condition, never a
 * wait for a fixed time); rejects after `timeoutMs` with `what`, or at once when `abort` says why.
 * The one timer of the suite's condition waits outside Playwright's own `expect.poll`, which the
 * bench scripts that start consoles here cannot use.
 */
async function until(
  condition: () => Promise<boolean> | boolean,
  opts: { what: string; timeoutMs?: number; everyMs?: number; abort?: () => string | null },
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const why = opts.abort?.();
    if (why) throw new Error(`${opts.what}: ${why}`);
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`${opts.what}: not within ${opts.timeoutMs ?? 30_000} ms`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 200));
  }
}

/**
 * Waits until a URL answers 2xx. With `owner`, it waits as long as that process is alive (the
 * test's own timeout bounds it) and fails at once when the process exits, so a slow machine only
 * makes the wait longer; without it, 30 s.
 */
export async function waitUp(url: string, owner?: Owner): Promise<void> {
  await until(
    async () => {
      try {
        return (await fetch(url)).ok;
      } catch {
        return false; // starting
      }
    },
    {
      what: `${url} did not start`,
      timeoutMs: owner ? Number.POSITIVE_INFINITY : 30_000,
      abort: () => (owner && ownerGone(owner) ? ownerExit(owner) : null),
    },
  );
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
      // A clean stop frees its ports; one that does not within 15 s is killed below.
      await until(async () => (await Promise.all(ports.map(portFree))).every(Boolean), {
        what: `console on ${port} stopping`,
        timeoutMs: 15_000,
      }).catch(() => undefined);
      killGroup(child, 'SIGKILL');
      await gone; // SIGKILL always ends the launcher
      running.delete(child);
    },
    async crash() {
      killGroup(child, 'SIGKILL');
      await gone;
      await until(() => portFree(port), {
        what: `port ${port} free after kill -KILL`,
        timeoutMs: 5_000,
      });
      running.delete(child);
    },
  };
}
