import { defineConfig, devices } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { chromiumLaunchOptions } from './scripts/lib/chromium';
import { CONSOLE_URL } from './e2e/support/ports';
import { HTTP_PROJECT, LONG_SPECS } from './e2e/support/tiers';

export const BASE_URL = CONSOLE_URL;

const BROWSER = { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 900 } };

// One emulator control token per run: the web server's launcher passes it to the emulator, and
// test workers (which inherit this process's environment) send it (e2e/support/emulator.ts).
process.env.EMULATOR_CONTROL_TOKEN ||= randomBytes(24).toString('base64url');

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // Three on two cores: a test spends part of its time waiting (a console starting, a receiver
  // outage, a held fault), and with two workers the machine sat 25 % idle through the e2e phase
  // (vmstat; docs/PERFORMANCE.md § "Round 10: the suite in half the time"). E2E_WORKERS
  // overrides it.
  workers: Number(process.env.E2E_WORKERS) || 3,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    // A failed test keeps its trace with DOM snapshots and the failure screenshot; the screencast
    // of every page (trace screenshots) cost a third of Chromium's GPU-process CPU on every test.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  // Two tiers against the one production server (CONTRIBUTING.md § "Which tier a test belongs to"):
  // `*.http.spec.ts` is plain HTTP (pages, route handlers, server actions; no browser, which the
  // `browser` fixture enforces), every other spec drives Chromium.
  // The long browser specs are a project of their own, queued first (LONG_SPECS).
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium-long',
      testMatch: LONG_SPECS,
      use: BROWSER,
      dependencies: ['setup'],
    },
    {
      name: HTTP_PROJECT,
      testMatch: /\.http\.spec\.ts$/,
      dependencies: ['setup'],
    },
    {
      name: 'chromium',
      use: BROWSER,
      dependencies: ['setup'],
      testIgnore: [/auth\.setup\.ts/, /\.http\.spec\.ts$/, LONG_SPECS],
    },
  ],
  webServer: {
    command: 'node --import tsx scripts/e2e-server.ts',
    url: `${BASE_URL}/api/health`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
