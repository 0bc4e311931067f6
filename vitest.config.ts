import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:sdk-matrix` (scripts/sdk-matrix.ts) runs the emulator contract suite with every
// import of @workos-inc/node served by another major, installed under an npm alias.
const sdkAlias = process.env.SDK_MATRIX_PACKAGE;

const TEST_DIRS = ['lib', 'components', 'scripts'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? testFiles(join(dir, e.name))
      : e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * A test file that replaces a module (`vi.mock`), stubs the environment or a global, or assigns to
 * process.env or globalThis changes what every later file in the same process would see: it runs
 * in a process of its own (Vitest's isolation). Every other file shares its worker's process and
 * module cache with the files before it, so Node, the SDK and PGlite's WASM load once per worker
 * instead of once per file (alone on a quiet machine: 326 → 228 CPU-s, 184 → 134 s; docs/PERFORMANCE.md
 * § "Round 10: the suite in half the time").
 * The check reads the source, so a new test that mocks is isolated without anyone listing it.
 */
const CHANGES_SHARED_STATE =
  /vi\.(mock|doMock|unmock|stubEnv|stubGlobal|resetModules)\(|process\.env\.[A-Za-z_]+\s*=[^=]|process\.env\[[^\]]+\]\s*=[^=]|delete process\.env|Object\.assign\(process\.env|globalThis\.\w+\s*=[^=]/;
const files = TEST_DIRS.flatMap(testFiles);
const isolated = files.filter((f) => CHANGES_SHARED_STATE.test(readFileSync(f, 'utf8')));

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside a React server bundle; unit tests run lib/ code directly.
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)),
      ...(sdkAlias ? { '@workos-inc/node': sdkAlias } : {}),
    },
  },
  test: {
    // Hang guards, not speed goals: tests that start an emulator, a database or a child process
    // took 5–8× longer at load average 25 on 2 cores (30 s was hit by a 4 s test), and a test
    // proves its claim with assertions, never with the clock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: a single one on a 2-core CI machine, so
    // files ran strictly one after another while most of their time is spent waiting on
    // PostgreSQL, emulator round trips and timers. Two workers overlap those waits. Every test
    // database is a fresh one and every test emulator has its own port, so files cannot collide.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: isolated, isolate: true },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: TEST_DIRS.map((d) => `${d}/**/*.test.ts`),
          exclude: isolated,
          isolate: false,
        },
      },
    ],
  },
});
