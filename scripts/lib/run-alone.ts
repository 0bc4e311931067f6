import { spawn } from 'node:child_process';
/**
 * Runs a bench when its own file is the command (`npm run bench:x`), and does nothing when
 * `npm run bench` imports it: prints the lines `report` makes of the result and exits 0, or prints
 * the error and exits 1. The exit is explicit because the console modules a bench imports keep
 * timers (the WorkOS budget) that would hold the process open.
 */
export function runAlone<T>(
  meta: ImportMeta,
  run: () => Promise<T>,
  report: (result: T) => string[] = () => [],
): void {
  if (meta.url !== `file://${process.argv[1]}`) return;
  run().then(
    (result) => {
      const lines = report(result);
      if (lines.length) console.log(lines.join('\n'));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/**
 * An in-memory, demo-seeded emulator in a process of its own on `port` (as it runs beside a real
 * console), for the benches that start their console by hand. `env` adds to or overrides the
 * defaults; the caller kills it.
 */
export function spawnBenchEmulator(port: number, env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], {
    env: {
      ...process.env,
      EMULATOR_PORT: String(port),
      EMULATOR_DATA_DIR: ':memory:',
      EMULATOR_SEED: 'demo',
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: 'ignore',
  });
}
