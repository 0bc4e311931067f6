/**
 * `npm test`: every check in the repository, in two stages, with the time of each phase.
 *
 *   1. Two lanes side by side: static checks and the production build (lint → build →
 *      typecheck; tsc after the build also checks the route types it generates, so the build
 *      skips Next's own type-check pass), and Vitest. Vitest spends most of its time waiting on
 *      PostgreSQL, emulators and timers, so on two cores the other lane uses the core it leaves
 *      idle.
 *   2. Playwright against that build (E2E_SKIP_BUILD=1: the suite builds nothing of its own).
 *
 * A failing lane fails the run after both lanes finish (so one run shows every failure), and
 * Playwright starts only when stage 1 is green. Phase times go to the terminal and to
 * test-results/phases.json (docs/PERFORMANCE.md § "Issue 24: test suite").
 *
 *   npm test                          everything
 *   TEST_PHASES=static,unit npm test  only the named phases (static, build, unit, e2e)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

type Phase = { name: string; cmd: string[]; env?: Record<string, string> };
type Timing = { phase: string; seconds: number; ok: boolean };

const PHASES = {
  lint: { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  typecheck: { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  // The same build the Playwright web server would make (its environment, its output).
  build: { name: 'build', cmd: ['node', '--import', 'tsx', 'scripts/e2e-server.ts', 'build'] },
  // The same build without Next's own type-check pass: the lane's tsc runs right after it, over
  // the whole tree and the route types the build generates (.next/types).
  buildThenTypecheck: {
    name: 'build',
    cmd: ['node', '--import', 'tsx', 'scripts/e2e-server.ts', 'build'],
    env: { NEXT_TYPES_CHECKED_AFTER_BUILD: '1' },
  },
  unit: { name: 'unit', cmd: ['npx', 'vitest', 'run'] },
  e2e: { name: 'e2e', cmd: ['npx', 'playwright', 'test'], env: { E2E_SKIP_BUILD: '1' } },
} satisfies Record<string, Phase>;

const only = process.env.TEST_PHASES?.split(',').map((s) => s.trim());
const wanted = (group: string) => !only || only.includes(group);
const timings: Timing[] = [];

/** Runs one phase, each output line prefixed with its name; resolves to whether it passed. */
function run(phase: Phase): Promise<boolean> {
  const started = Date.now();
  console.log(`\n▶ ${phase.name}: ${phase.cmd.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(phase.cmd[0]!, phase.cmd.slice(1), {
      env: { ...process.env, ...phase.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${phase.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop()!;
        for (const line of lines) process.stdout.write(prefix + line + '\n');
      });
      stream.on('end', () => {
        if (rest) process.stdout.write(prefix + rest + '\n');
      });
    }
    // Ctrl-C reaches the children through the terminal's process group; nothing to forward.
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const ok = code === 0;
      timings.push({ phase: phase.name, seconds, ok });
      console.log(
        `${ok ? '✔' : '✘'} ${phase.name}: ${seconds} s${ok ? '' : ` (${signal ?? code})`}`,
      );
      resolve(ok);
    });
  });
}

/** Phases one after another; stops at the first failure. */
async function lane(phases: Phase[]): Promise<boolean> {
  for (const p of phases) if (!(await run(p))) return false;
  return true;
}

async function main() {
  const started = Date.now();
  const building = wanted('build') || wanted('e2e');
  const staticLane = wanted('static')
    ? [PHASES.lint, ...(building ? [PHASES.buildThenTypecheck] : []), PHASES.typecheck]
    : building
      ? [PHASES.build]
      : [];
  const results = await Promise.all([
    lane(staticLane),
    wanted('unit') ? run(PHASES.unit) : Promise.resolve(true),
  ]);
  let ok = results.every(Boolean);
  if (ok && wanted('e2e')) ok = await run(PHASES.e2e);
  const total = Math.round((Date.now() - started) / 100) / 10;
  console.log('\nphase times (s):');
  for (const t of timings) console.log(`  ${t.phase.padEnd(10)} ${String(t.seconds).padStart(7)}`);
  console.log(`  ${'total'.padEnd(10)} ${String(total).padStart(7)}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/phases.json', JSON.stringify({ total, timings }, null, 2));
  process.exit(ok ? 0 : 1);
}

void main();
