import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../lib/testing/postgres';
import { ConsoleSession } from '../scripts/lib/console-session';
import { sessionAction } from './support/actions';
import { startConsole, waitUp, type ConsoleProcess } from './support/console-process';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { PORTS, urlFor } from './support/ports';

function replica(port: number, databaseUrl: string): Promise<ConsoleProcess> {
  return startConsole(port, {
    EMULATOR_PORT: String(PORTS.emulator),
    DATABASE_URL: databaseUrl,
    INDEX_SYNC_INTERVAL_SECONDS: '2',
    // Small, so the shared per-person budget can be shown across the two replicas (F4).
    RATE_LIMIT_VALUE_READS: '3/600',
  });
}

async function callAction(session: ConsoleSession, path: string, name: string, input: unknown) {
  return (await sessionAction(session, path, name, input)).result as {
    ok: boolean;
    data?: Record<string, unknown>;
    error?: unknown;
  };
}

test('two console replicas on one Postgres share the index, the audit trail and one sync lease', async () => {
  test.setTimeout(150_000);
  let database: TestPostgres | null = null;
  const servers: ConsoleProcess[] = [];
  try {
    database = await startTestPostgres();
    servers.push(await replica(PORTS.replicaA, database.url));
    servers.push(await replica(PORTS.replicaB, database.url));
    await Promise.all(servers.map((s) => waitUp(`${urlFor(s.port)}/api/health`, s)));
    const a = new ConsoleSession(urlFor(PORTS.replicaA));
    const b = new ConsoleSession(urlFor(PORTS.replicaB));
    await a.signIn('admin@example.com');
    await b.signIn('admin@example.com');

    // Each replica starts its sync loop on first use; only one holds the lease at a time.
    await (await a.fetch('/orgs')).text();
    await (await b.fetch('/orgs')).text();
    await expect
      .poll(
        async () =>
          ((await (await b.fetch('/api/index/status')).json()) as { build: { status: string } })
            .build.status,
        { timeout: 60_000 },
      )
      .toBe('ready');
    const client = new pg.Client({ connectionString: database.url });
    // Dropping the database in `finally` ends this connection; that must not hide the real failure.
    client.on('error', () => undefined);
    await client.connect();
    const lease = (
      await client.query("select value->>'owner' as owner from index_state where key = 'lease'")
    ).rows;
    expect(lease).toHaveLength(1);

    // Written through A, visible through B at once: the index is one table, not a cache per replica.
    const org = await emulator.orgByName('Proseware');
    const name = uniqueName('replica');
    const created = await callAction(a, `/orgs/${org.id}/new`, 'createVaultObject', {
      orgId: org.id,
      name,
      value: 'replica-secret',
      extraContext: [],
    });
    expect(created.ok).toBe(true);
    const fromB = await (
      await b.fetch(`/api/orgs/${org.id}/objects?q=${encodeURIComponent(name)}`)
    ).text();
    expect(fromB).toContain(name);

    // Revealed through A, audited where B reads.
    const objectId = created.data!.id as string;
    const revealed = await callAction(a, `/objects/${objectId}`, 'revealObjectValue', {
      objectId,
      purpose: 'reveal',
      reason: 'replica-check',
    });
    expect(revealed.ok).toBe(true);
    const audit = await (await b.fetch('/audit?action=object.revealed')).text();
    expect(audit).toContain('replica-check');
    // Names break after '/' with <wbr> (and React separates text nodes with comments).
    expect(audit.replace(/<wbr\/>|<!-- -->/g, '')).toContain(name);
    const rows = (
      await client.query('select count(*)::int as n from audit_events where reason = $1', [
        'replica-check',
      ])
    ).rows[0];
    expect(rows.n).toBe(1);

    // One budget per person across replicas (F4): 1 read on A so far, 2 more on B, then A refuses.
    for (const session of [b, b]) {
      const r = await callAction(session, `/objects/${objectId}`, 'revealObjectValue', {
        objectId,
        purpose: 'reveal',
      });
      expect(r.ok).toBe(true);
    }
    const limited = await callAction(a, `/objects/${objectId}`, 'revealObjectValue', {
      objectId,
      purpose: 'copy',
    });
    expect(limited).toMatchObject({
      ok: false,
      error: {
        code: 'rate_limited',
        retryAfterSeconds: expect.any(Number),
        message: expect.stringMatching(/limit of 3 value reads per 10 minutes\. Try again in/),
      },
    });
    const limitedRows = (
      await client.query(
        "select detail->>'bucket' as bucket from audit_events where action = 'action.rate_limited'",
      )
    ).rows;
    expect(limitedRows).toEqual([{ bucket: 'value_reads' }]);

    // Sign out on A: B refuses the same session too (shared revocation list).
    const stolen = a.cookieHeader();
    const revokesBefore = await emulator.lastRequestSeq();
    await a.fetch('/sign-out', { method: 'POST' });
    // F6: revoked at WorkOS server-side, without the browser's logout hop (never followed here).
    const calls = await emulator.requestsSince(revokesBefore);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toContain(
      'POST /user_management/sessions/revoke 200',
    );
    expect(
      (await client.query('select workos_revoked from revoked_sessions')).rows.map(
        (r: { workos_revoked: boolean }) => r.workos_revoked,
      ),
    ).toEqual([true]);
    // B remembers "not revoked" for at most SESSION_REVOCATION_TTL_MS (2 s): the sign-out
    // reaches it within that, never later.
    const signedOutAt = Date.now();
    await expect
      .poll(
        async () =>
          (
            await fetch(`${urlFor(PORTS.replicaB)}/api/index/status`, {
              headers: { cookie: stolen },
            })
          ).status,
        { timeout: 10_000, intervals: [100] },
      )
      .toBe(401);
    expect(Date.now() - signedOutAt).toBeLessThan(2000 + 1500);
    await client.end();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.stop();
  }
});
