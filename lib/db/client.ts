import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getEnv } from '../env';
import { traced } from '../perf/trace';
import { MIGRATIONS } from './migrations';
import type { PgliteStart } from './pglite-open.mjs';

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

/** PGlite on the calling thread as a Db (the console's `thread: 'main'`; tests wrap their own). */
export class PgliteDb implements Db {
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

type Reply = { id: number; rows?: Row[]; ok?: true; code?: string | null };

/**
 * PGlite on a worker thread (lib/db/pglite-worker.mjs): the request thread only posts the SQL and
 * its parameters and gets the rows back (structured clone keeps Date, bigint, Uint8Array and
 * parsed JSON as they are). A transaction is begin / queries / commit or rollback on the worker,
 * inside PGlite's own transaction(), whose mutex keeps every other caller's query out of it until
 * it ends, as on the request thread. A failure crosses the boundary as its SQLSTATE alone.
 */
class WorkerPgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private nextId = 1;
  private nextTx = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private failed = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (r: Reply) => {
      const settle = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) worker.unref();
      settle?.(r);
    });
    const fail = () => {
      this.failed = true;
      for (const settle of this.pending.values()) settle({ id: 0, code: null });
      this.pending.clear();
    };
    // Whatever the worker died of, its message stays on the worker: it may quote SQL or values.
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
  }

  private send(message: Record<string, unknown>): Promise<Reply> {
    if (this.failed) return Promise.reject(sanitizeDbError({}));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, (r) => (r.code === undefined ? resolve(r) : reject(sanitizeDbError(r))));
      this.worker.ref();
      try {
        this.worker.postMessage({ ...message, id });
      } catch {
        // A parameter that cannot be cloned (a function, a class with private state): say so by
        // kind only, as a driver's own failure would.
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        reject(sanitizeDbError({}));
      }
    });
  }

  private run<T extends Row>(sql: string, params: unknown[], tx?: number) {
    return traced('db', async () => ({
      rows: (await this.send({ op: 'query', sql, params, tx })).rows as T[],
    }));
  }

  query<T extends Row>(sql: string, params: unknown[] = []) {
    return this.run<T>(sql, params);
  }

  async transaction<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.send({ op: 'begin', tx });
    let result: T;
    try {
      result = await fn({
        query: <R extends Row>(sql: string, params: unknown[] = []) => this.run<R>(sql, params, tx),
      });
    } catch (err) {
      await this.send({ op: 'rollback', tx }).catch(() => undefined);
      throw err;
    }
    await this.send({ op: 'commit', tx });
    return result;
  }

  async close() {
    if (!this.failed) await this.send({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Where PGlite runs: on a worker thread (the default) or on the request thread. */
export type DbThread = 'worker' | 'main';

function pgliteWorker(dataDir: string | null, start: PgliteStart | undefined): Worker {
  // Resolved from the project root, not bundled: `next start`, the dev server, tsx and Vitest all
  // run from it, and Node loads the plain .mjs file (and PGlite from node_modules) itself.
  return new Worker(path.join(process.cwd(), 'lib', 'db', 'pglite-worker.mjs'), {
    workerData: { dataDir, start },
  });
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

export async function openDb(options: {
  url: string | null;
  dataDir: string;
  thread?: DbThread;
  /** Tests only: how a PGlite database starts (lib/testing/backends.ts). */
  pglite?: PgliteStart;
}): Promise<Db> {
  let db: Db;
  if (options.url) {
    const { Pool } = await import('pg');
    db = new PostgresDb(new Pool({ connectionString: options.url, max: 10 }));
  } else {
    const dir = options.dataDir === ':memory:' ? null : path.resolve(options.dataDir);
    if ((options.thread ?? 'worker') === 'worker')
      db = new WorkerPgliteDb(pgliteWorker(dir, options.pglite));
    else {
      const { openPglite } = await import('./pglite-open.mjs');
      db = new PgliteDb(await openPglite(dir, options.pglite));
    }
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
