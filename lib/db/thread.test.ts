/**
 * PGlite on a worker thread (CONSOLE_DB_THREAD=worker) keeps what PGlite on the request thread
 * guarantees: one caller's open transaction is never seen or joined by another caller's query,
 * a failed transaction leaves nothing behind, errors carry the SQLSTATE alone, and rows come back
 * with the same types. Each case runs on both threads, so the two cannot drift apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPglite } from '../testing/backends';
import { DbError, type Db, type DbThread } from './client';

const THREADS: DbThread[] = ['worker', 'main'];

describe.each(THREADS)('PGlite on the %s thread', (thread) => {
  let db: Db;
  beforeAll(async () => {
    db = await testPglite({ thread });
    await db.query('create table thread_probe (id text primary key, note text)');
  });
  afterAll(() => db.close());

  it('keeps a concurrent query out of another caller’s open transaction', async () => {
    let seenDuring: Promise<{ rows: { n: number }[] }> | undefined;
    let writtenDuring: Promise<unknown> | undefined;
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into thread_probe (id) values ('inside')`);
        // Another caller, while this transaction is open and holds an uncommitted row. Not
        // awaited here: it has to wait for this transaction to end.
        seenDuring = db.query<{ n: number }>(
          `select count(*)::int as n from thread_probe where id = 'inside'`,
        );
        writtenDuring = db.query(`insert into thread_probe (id) values ('outside')`);
        await tx.query(`insert into thread_probe (id) values ('inside-2')`);
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    // Had the other caller's select run inside the transaction it would count the row; had its
    // insert joined it, the rollback would have taken that row too.
    expect((await seenDuring!).rows).toEqual([{ n: 0 }]);
    await writtenDuring;
    const ids = (await db.query<{ id: string }>('select id from thread_probe order by id')).rows;
    expect(ids.map((r) => r.id)).toEqual(['outside']);
    await db.query('delete from thread_probe');
  });

  it('commits a transaction whole, and runs the callers waiting on it afterwards', async () => {
    let after: Promise<{ rows: { n: number }[] }> | undefined;
    const result = await db.transaction(async (tx) => {
      await tx.query(`insert into thread_probe (id) values ('a')`);
      after = db.query<{ n: number }>('select count(*)::int as n from thread_probe');
      await tx.query(`insert into thread_probe (id) values ('b')`);
      return 'done';
    });
    expect(result).toBe('done');
    expect((await after!).rows).toEqual([{ n: 2 }]);
    await db.query('delete from thread_probe');
  });

  it('rolls back a transaction whose statement failed, with the SQLSTATE and nothing else', async () => {
    const secret = 'sk-this-value-must-not-leak';
    await db.query(`insert into thread_probe (id, note) values ('taken', 'x')`);
    const err: unknown = await db
      .transaction(async (tx) => {
        await tx.query(`insert into thread_probe (id, note) values ('fresh', $1)`, [secret]);
        await tx.query(`insert into thread_probe (id, note) values ('taken', $1)`, [secret]);
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('23505');
    expect((err as DbError).message).toBe('database query failed (SQLSTATE 23505)');
    const everything = `${String(err)} ${(err as Error).stack} ${JSON.stringify(err)} ${Object.keys(err as object).join(',')}`;
    expect(everything).not.toMatch(/sk-this-value|thread_probe|insert|duplicate|taken/);
    const ids = (await db.query<{ id: string }>('select id from thread_probe order by id')).rows;
    expect(ids.map((r) => r.id)).toEqual(['taken']);
    // The connection is usable again: the aborted transaction did not stay open.
    const syntax = await db.query(`selec ${secret}`).catch((e: unknown) => e);
    expect((syntax as DbError).code).toBe('42601');
    expect(String((syntax as Error).stack)).not.toContain(secret);
    await db.query('delete from thread_probe');
  });

  it('returns dates, bigints, numerics, JSON and bytes as PGlite types them', async () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const r = await db.query(
      `select $1::timestamptz as at, 9007199254740993::int8 as big, 12.50::numeric as num,
              $2::jsonb as doc, $3::bytea as raw, null::text as nothing, array[1,2]::int[] as list`,
      [new Date('2026-01-02T03:04:05.678Z'), { a: [1, 'two'], b: null }, bytes],
    );
    const row = r.rows[0]!;
    expect(row.at).toBeInstanceOf(Date);
    expect((row.at as Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(row.big).toBe(9007199254740993n);
    expect(row.num).toBe('12.50');
    expect(row.doc).toEqual({ a: [1, 'two'], b: null });
    expect(row.raw).toBeInstanceOf(Uint8Array);
    expect([...(row.raw as Uint8Array)]).toEqual([0, 1, 254, 255]);
    expect(row.nothing).toBeNull();
    expect(row.list).toEqual([1, 2]);
  });
});
