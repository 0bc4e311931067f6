import { openDb, type Db } from '../db/client';
import { startTestPostgres, type TestPostgres } from './postgres';

/** The two backends every database integration test runs against. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

let pgServer: TestPostgres | null = null;

/** A fresh, migrated database of the given kind; call the returned close() when done. */
export async function testDb(backend: Backend): Promise<{ db: Db; close: () => Promise<void> }> {
  if (backend === 'pglite') {
    // CONSOLE_DB_THREAD=main runs these tests with PGlite on the test's own thread.
    const thread = process.env.CONSOLE_DB_THREAD === 'main' ? 'main' : 'worker';
    const db = await openDb({ url: null, dataDir: ':memory:', thread });
    return { db, close: () => db.close() };
  }
  pgServer ??= await startTestPostgres();
  const server = pgServer;
  // One database per call, made on the shared test server.
  const { default: pg } = await import('pg');
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const db = await openDb({ url: url.toString(), dataDir: '' });
  return {
    db,
    close: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function stopTestPostgres(): Promise<void> {
  await pgServer?.stop();
  pgServer = null;
}
