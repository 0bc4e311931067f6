/**
 * A PostgreSQL database for integration tests. With TEST_DATABASE_URL (CI starts a server and
 * sets it) a fresh database is created on that server; otherwise a throwaway cluster is started
 * from the installed PostgreSQL binaries (run as `postgres` when we are root). Either way the
 * caller gets a URL and a cleanup function.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { waitFor } from './wait';

export type TestPostgres = { url: string; stop: () => Promise<void> };

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL is not installed: the database integration tests need it (Debian: apt-get install postgresql), or set TEST_DATABASE_URL.',
    );
  }
  return path.join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function freshDatabase(serverUrl: string): Promise<TestPostgres> {
  const name = `vault_console_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => dropDatabase(serverUrl, name),
  };
}

/**
 * Drops a test database once the connections its pool closed are gone. `pool.end()` resolves
 * before the server has seen every Terminate: forcing the drop at once can kill a closing
 * connection, whose FATAL reply then surfaces as an uncaught error in the test process.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await waitFor(
      async () =>
        (await c.query('select 1 from pg_stat_activity where datname = $1', [name])).rowCount === 0,
    ).catch(() => undefined);
    // Anything still connected after that is a leak of the test's own: force it out.
    await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
}

/** `serverUrl` (default TEST_DATABASE_URL): a fresh database on that server, not a new cluster. */
export async function startTestPostgres(
  serverUrl = process.env.TEST_DATABASE_URL,
): Promise<TestPostgres> {
  if (serverUrl) return freshDatabase(serverUrl);
  const bin = pgBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'vault-console-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const port = await freePort();
  run(path.join(bin, 'initdb'), [
    '-D',
    path.join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  run(path.join(bin, 'pg_ctl'), [
    '-D',
    path.join(dir, 'data'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  const server = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const db = await freshDatabase(server);
  return {
    url: db.url,
    stop: async () => {
      await db.stop().catch(() => undefined);
      const stop = [
        path.join(bin, 'pg_ctl'),
        '-D',
        path.join(dir, 'data'),
        '-m',
        'immediate',
        'stop',
      ];
      if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', ...stop]);
      else spawnSync(stop[0]!, stop.slice(1));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
