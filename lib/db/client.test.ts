import { afterAll, describe, expect, it } from 'vitest';
import { startTestPostgres } from '../testing/postgres';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { migrate, openDb } from './client';
import { MIGRATIONS } from './migrations';

afterAll(stopTestPostgres);

describe.each(BACKENDS)('console database on %s', (backend) => {
  it('applies every migration once, and again is a no-op', async () => {
    const { db, close } = await testDb(backend, { fromScratch: true });
    await migrate(db);
    const rows = (
      await db.query<{ version: number }>('select version from schema_migrations order by version')
    ).rows.map((r) => Number(r.version));
    expect(rows).toEqual(MIGRATIONS.map((m) => m.version));
    await close();
  });

  it('keeps the audit trail, the BYOK history and signed-out sessions', async () => {
    const { db, close } = await testDb(backend);
    await db.query(
      `insert into audit_events (id, occurred_at, user_id, user_email, action, outcome) values ('a1', now(), 'user_1', 'a@example.com', 'object.revealed', 'success')`,
    );
    await db.query(
      `insert into byok_events (id, org_id, event, provider, verified, occurred_at) values ('e1', 'org_1', 'vault.byok_key.verification_completed', 'AWS_KMS', true, now())`,
    );
    await db.query(`insert into revoked_sessions (sid) values ('session_1')`);
    expect((await db.query('select user_email from audit_events')).rows).toEqual([
      { user_email: 'a@example.com' },
    ]);
    expect(
      (await db.query<{ verified: boolean }>('select verified from byok_events')).rows[0]!.verified,
    ).toBe(true);
    await expect(
      db.query(`insert into revoked_sessions (sid) values ('session_1')`),
    ).rejects.toThrow();
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into audit_events (id, occurred_at, user_id, user_email, action, outcome) values ('a2', now(), 'u', 'b@example.com', 'object.updated', 'success')`,
      );
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          `insert into audit_events (id, occurred_at, user_id, user_email, action, outcome) values ('a3', now(), 'u', 'c@example.com', 'object.updated', 'success')`,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      (await db.query('select id from audit_events order by id')).rows.map((r) => r.id),
    ).toEqual(['a1', 'a2']);
    await close();
  });
});

describe('several replicas on one Postgres', () => {
  it('migrate concurrently without racing (advisory lock)', async () => {
    const pg = await startTestPostgres();
    try {
      const replicas = await Promise.all([1, 2, 3].map(() => openDb({ url: pg.url, dataDir: '' })));
      const versions = await replicas[0]!.query<{ n: number }>(
        'select count(*)::int as n from schema_migrations',
      );
      expect(Number(versions.rows[0]!.n)).toBe(MIGRATIONS.length);
      await Promise.all(replicas.map((r) => r.close()));
    } finally {
      await pg.stop();
    }
  });
});

describe('sanitizeDbError (R3-10)', () => {
  it('keeps the SQLSTATE and drops every word of the driver’s message', async () => {
    const { sanitizeDbError } = await import('./client');
    const e = sanitizeDbError({
      message: 'time zone displacement out of range: "+275760-09-13T00:00:00.000Z"',
      code: '22009',
    });
    expect(e.message).toBe('database query failed (SQLSTATE 22009)');
    expect(e.code).toBe('22009');
    expect(String(sanitizeDbError({ message: 'invalid byte sequence: 0x00 secret' }))).not.toMatch(
      /0x00|secret/,
    );
  });
});
