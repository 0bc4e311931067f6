import { createHash } from 'node:crypto';
import { afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { migrate, openDb, PgliteDb, type Db, type DbThread } from '../db/client';
import { MIGRATIONS } from '../db/migrations';
import { openPglite, type PgliteStart } from '../db/pglite-open.mjs';
import { compiledPglite } from '../emulator/pglite-open';
import { dropDatabase, startTestPostgres, type TestPostgres } from './postgres';

/** The two backends every database integration test runs against. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export type TestDbOptions = {
  /** Where PGlite runs; CONSOLE_DB_THREAD=main runs every test with PGlite on its own thread. */
  thread?: DbThread;
  /**
   * Run every migration on an empty database, as a new deployment does. By default a database
   * starts as a copy of one migrated once per run (same schema, a fraction of the time).
   */
  fromScratch?: boolean;
};

let pgServer: TestPostgres | null = null;

/** A fresh, migrated database of the given kind; call the returned close() when done. */
export async function testDb(
  backend: Backend,
  options: TestDbOptions = {},
): Promise<{ db: Db; close: () => Promise<void> }> {
  if (backend === 'pglite') {
    const thread = options.thread ?? (process.env.CONSOLE_DB_THREAD === 'main' ? 'main' : 'worker');
    const pglite = options.fromScratch
      ? { module: await compiledPglite() }
      : await migratedPglite();
    const db = await openDb({ url: null, dataDir: ':memory:', thread, pglite });
    return { db, close: () => db.close() };
  }
  pgServer ??= await startTestPostgres();
  const server = pgServer;
  // One database per call, made on the shared test server.
  const { default: pg } = await import('pg');
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    if (options.fromScratch) await admin.query(`create database ${name}`);
    else
      await admin.query(
        `create database ${name} template ${await migratedTemplate(admin, server.url)}`,
      );
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const db = await openDb({ url: url.toString(), dataDir: '' });
  return {
    db,
    close: async () => {
      await db.close();
      await dropDatabase(server.url, name);
    },
  };
}

/**
 * Called in a describe block (or a file): the returned `fresh()` opens a new database of
 * `backend` for each test that asks, and every one of them closes after the block.
 */
export function freshDatabases(backend: Backend): () => Promise<Db> {
  const opened: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of opened.splice(0)) await close().catch(() => undefined);
  });
  return async () => {
    const { db, close } = await testDb(backend);
    opened.push(close);
    return db;
  };
}

/** A fresh, migrated in-memory PGlite database (close it with db.close()). */
export async function testPglite(options: TestDbOptions = {}): Promise<Db> {
  return (await testDb('pglite', options)).db;
}

export async function stopTestPostgres(): Promise<void> {
  await pgServer?.stop();
  pgServer = null;
}

let schema: string | undefined;

/**
 * Names the schema: a change to any migration, or to PGlite, makes new templates. Worked out once
 * per process (every Postgres test database asks for it).
 */
function schemaKey(): string {
  if (schema) return schema;
  // The package exports no package.json: read it beside its dist/ folder.
  const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  schema = createHash('sha256')
    .update(JSON.stringify(MIGRATIONS))
    .update(migrate.toString())
    .update(readFileSync(path.join(dist, '..', 'package.json'), 'utf8'))
    .digest('hex')
    .slice(0, 12);
  return schema;
}

let pgliteStart: Promise<PgliteStart> | undefined;

/**
 * A migrated PGlite cluster, dumped once per checkout and schema (node_modules/.cache) and loaded
 * by every test database, with PGlite compiled once per process. Opening a database this way
 * costs a fraction of running ~100 migrations on a cold PGlite in a new worker.
 */
function migratedPglite(): Promise<PgliteStart> {
  pgliteStart ??= (async () => {
    const compiled = await compiledPglite();
    const file = path.join(
      process.cwd(),
      'node_modules',
      '.cache',
      'vault-console',
      `pglite-migrated-${schemaKey()}.tar`,
    );
    if (existsSync(file)) return { module: compiled, dump: new Uint8Array(readFileSync(file)) };
    const pg = await openPglite(null, { module: compiled });
    await migrate(new PgliteDb(pg));
    const dump = new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
    await pg.close();
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      // Written beside and renamed: a parallel test process reads nothing or the whole file.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, dump);
      renameSync(tmp, file);
    } catch {
      // a read-only checkout: every process makes its own
    }
    return { module: compiled, dump };
  })();
  return pgliteStart;
}

/**
 * A migrated template database on the test server, made once per server and schema. Test
 * processes start together, so an advisory lock lets one of them make it while the others wait.
 */
async function migratedTemplate(admin: import('pg').Client, serverUrl: string): Promise<string> {
  const name = `vc_template_${schemaKey()}`;
  const exists = async () =>
    (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (await exists()) return name;
  await admin.query('select pg_advisory_lock(7215002)');
  try {
    if (!(await exists())) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(serverUrl);
      url.pathname = `/${building}`;
      const db = await openDb({ url: url.toString(), dataDir: '' });
      await db.close();
      // Renamed only once migrated: a template that exists is a complete one.
      await admin.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(7215002)');
  }
  return name;
}
