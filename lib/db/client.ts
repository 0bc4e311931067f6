import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import path from 'node:path';
import { getEnv } from '../env';
import { traced } from '../perf/trace';
import { MIGRATIONS } from './migrations';

export type Row = Record<string, unknown>;

/** The query surface lib/ uses; implemented by PGlite and by a pg Pool. */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * What a failed query throws: the SQLSTATE and the server's one-line message, never the SQL text,
 * its parameters or the `detail` line (which quotes values). Driver errors carry all three, and
 * whatever logs the error would print them.
 */
export class DbError extends Error {
  override name = 'DbError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export function sanitizeDbError(err: unknown): DbError {
  const e = err as { code?: unknown };
  const code = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  // Not even the driver's first line: it quotes the offending value ("invalid byte sequence …",
  // "time zone displacement out of range: …"), and Next prints a thrown error's message to the
  // server log (R3-10). The SQLSTATE says what kind of failure it was.
  return new DbError(`database query failed (SQLSTATE ${code ?? 'unknown'})`, code);
}

async function safely<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await traced('db', run);
  } catch (err) {
    throw sanitizeDbError(err);
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pg: PGlite) {}
  async query<T extends Row>(sql: string, params: unknown[] = []) {
    const r = await safely(() => this.pg.query<T>(sql, params));
    return { rows: r.rows };
  }
  transaction<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) =>
      fn({
        query: async <R extends Row>(sql: string, params: unknown[] = []) => ({
          rows: (await safely(() => tx.query<R>(sql, params))).rows,
        }),
      }),
    );
  }
  close() {
    return this.pg.close();
  }
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: Pool) {}
  async query<T extends Row>(sql: string, params: unknown[] = []) {
    const r = await safely(() => this.pool.query(sql, params));
    return { rows: r.rows as T[] };
  }
  async transaction<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await fn({
        query: async <R extends Row>(sql: string, params: unknown[] = []) => ({
          rows: (await safely(() => client.query(sql, params))).rows as R[],
        }),
      });
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  close() {
    return this.pool.end();
  }
}

/** Applies pending migrations under an advisory lock, so replicas starting together do not race. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(7215001)');
    await tx.query(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).rows.map((r) =>
        Number(r.version),
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        m.version,
        m.name,
      ]);
    }
  });
}

export async function openDb(options: { url: string | null; dataDir: string }): Promise<Db> {
  let db: Db;
  if (options.url) {
    const { Pool } = await import('pg');
    db = new PostgresDb(new Pool({ connectionString: options.url, max: 10 }));
  } else {
    const { openPglite } = await import('./pglite-open');
    const dir = options.dataDir === ':memory:' ? null : path.resolve(options.dataDir);
    db = new PgliteDb(await openPglite(dir));
  }
  await migrate(db);
  return db;
}

const globalForDb = globalThis as unknown as { __vaultConsoleDb?: Promise<Db> };

/** One database per server process (Next may load this module more than once in development). */
export function getDb(): Promise<Db> {
  if (!globalForDb.__vaultConsoleDb) {
    const { database } = getEnv();
    globalForDb.__vaultConsoleDb = openDb(database).catch((err) => {
      globalForDb.__vaultConsoleDb = undefined;
      throw err;
    });
  }
  return globalForDb.__vaultConsoleDb;
}

/** Which database the console runs on, for the settings page. */
export async function databaseKind(): Promise<Db['kind']> {
  return (await getDb()).kind;
}
