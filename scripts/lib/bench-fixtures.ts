/**
 * What several benches set up the same way: synthetic index rows in SQL, and a signed-in session
 * whose console has finished its first index build.
 */
import { spawn } from 'node:child_process';
import type { Db } from '../../lib/db/client';
import { waitUp } from '../../e2e/support/console-process';
import { ConsoleSession } from './console-session';

const WORDS = ['stripe', 'github', 'aws', 'twilio', 'sendgrid', 'openai', 'slack', 'datadog'];
const KINDS = ['secret-key', 'webhook-secret', 'api-token', 'client-secret', 'password'];

/**
 * Index rows `from`…`to - 1` as a cold build leaves them (names and ids only, no values), spread
 * over `orgs` organizations: `tenant-<n>/<word>/<kind>-<i>`, built in one SQL statement.
 */
export async function seedIndexRows(
  db: Pick<Db, 'query'>,
  { orgs, from, to }: { orgs: number; from: number; to: number },
): Promise<void> {
  await db.query(
    `insert into vault_objects (id, name, org_id, context, version_id, updated_at)
     select 'secret_' || lpad(g::text, 8, '0'),
            'tenant-' || (g % $1) || '/' || ($2::text[])[1 + g % $3] || '/' || ($4::text[])[1 + g % $5] || '-' || g,
            'org_' || lpad((g % $1)::text, 5, '0'),
            jsonb_build_object('organization_id', 'org_' || lpad((g % $1)::text, 5, '0')),
            'v_' || g, timestamptz '2026-01-01' + g * interval '1 second'
     from generate_series($6::int, $7::int - 1) g`,
    [orgs, WORDS, WORDS.length, KINDS, KINDS.length, from, to],
  );
}

/** Polls the index status until the first build is ready (or `tries` polls have passed). */
export async function waitForIndexBuild(
  session: ConsoleSession,
  { tries, intervalMs }: { tries: number; intervalMs: number },
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const st = (await (await session.fetch('/api/index/status')).json()) as {
      build: { status: string };
    };
    if (st.build.status === 'ready') return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The environment every bench console starts with: local mode on an in-memory, demo-seeded
 * emulator of its own on `emulatorPort`, hour-long access tokens (a bench outlasts the default),
 * and the console database in `dataDir`. Each bench adds its own settings on top.
 */
export function benchConsoleEnv(emulatorPort: number, dataDir: string): Record<string, string> {
  return {
    EMULATOR_PORT: String(emulatorPort),
    EMULATOR_DATA_DIR: ':memory:',
    EMULATOR_SEED: 'demo',
    EMULATOR_ACCESS_TOKEN_TTL: '3600',
    CONSOLE_DATA_DIR: dataDir,
  };
}

/**
 * A bench console is up, the admin is signed in, and the first index build is done: the start
 * every single-console bench shares. `server` is what startConsole returned (its log on failure).
 */
export async function adminOnReadyConsole(
  base: string,
  server: Parameters<typeof waitUp>[1],
): Promise<ConsoleSession> {
  await waitUp(`${base}/api/health`, server);
  const s = new ConsoleSession(base);
  await s.signIn('admin@example.com');
  await (await s.fetch('/orgs')).text();
  await waitForIndexBuild(s, { tries: 100, intervalMs: 300 });
  return s;
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
