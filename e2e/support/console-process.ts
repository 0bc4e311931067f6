import { spawn, type ChildProcess } from 'node:child_process';

/** Polls a URL until it answers 2xx (30 s at most). */
export async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not start`);
}

/**
 * Another `next start` of the built console, through the same launcher users run. In local mode the
 * launcher reuses an emulator already on EMULATOR_PORT, or starts its own there.
 */
export function startConsole(port: number, env: Record<string, string>): ChildProcess {
  const full = { ...process.env, PORT: String(port), ...env } as NodeJS.ProcessEnv;
  delete full.WORKOS_API_KEY;
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/console.ts', 'start'], {
    env: full,
    stdio: 'ignore',
  });
}
