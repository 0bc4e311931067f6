import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:sdk-matrix` (scripts/sdk-matrix.ts) runs the emulator contract suite with every
// import of @workos-inc/node served by another major, installed under an npm alias.
const sdkAlias = process.env.SDK_MATRIX_PACKAGE;

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
    include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
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
  },
});
