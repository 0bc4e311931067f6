import type { PGlite } from '@electric-sql/pglite';
import { sessionAction } from './support/actions';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { PORTS } from './support/ports';
import { restartableConsole } from './support/restartable-console';

/**
 * SIGKILL at each step of a recoverable delete and of a restore: the console is killed while
 * WorkOS holds one of its calls (an emulator delay fault, matched by correlation id), or after a
 * call whose reply was lost. Whatever the step, the value survives: the object, or a copy, or
 * both; never neither. A restarted console's recovery job then settles every copy it finds, and
 * purges one whose date is past (backdated in the console's database while it is down).
 */
type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };
type CopyRow = { id: string; state: string; object_id: string; object_name: string };

const restartable = restartableConsole(PORTS.recoveryCrash, 'recovery');
/** This test's fault tags: it clears only its own (the other worker's tests have theirs). */
const tags: string[] = [];

test.afterEach(async () => {
  await restartable.dispose();
  for (const correlation of tags.splice(0)) await emulator.clearFaults({ correlation });
});

const boot = () => restartable.boot();
const withConsoleDb = restartable.withDb;

const copiesOf = (db: PGlite, objectName: string) =>
  db
    .query<CopyRow>(
      'select id, state, object_id, object_name from recovery_copies where object_name = $1',
      [objectName],
    )
    .then((r) => r.rows);

/**
 * Waits until the emulator has taken this step's fault (the console's call is being held, or its
 * reply is lost). Only this tag's fault counts: another test's faults may be waiting meanwhile.
 * A step whose call ends before it reaches the fault fails here with the console's answer.
 */
async function faultTaken(tag: string, pending: Promise<unknown>) {
  let ended: unknown = undefined;
  void pending.then((r) => (ended = r ?? 'no reply'));
  await expect
    .poll(
      async () => {
        if ((await emulator.pendingFaults(tag)).length === 0) return 'taken';
        return ended === undefined ? 'waiting' : `ended first: ${JSON.stringify(ended)}`;
      },
      { timeout: 60_000 },
    )
    .toBe('taken');
}

async function valueByName(name: string): Promise<string | null> {
  const found = await emulator.findByName(name);
  return found ? (await emulator.read(found.id)).value : null;
}

test('SIGKILL at each step of a delete and of a restore loses nothing, and the job settles and purges', async () => {
  test.setTimeout(900_000);
  const org = await emulator.orgByName('Northwind');
  let session = await boot();

  const object = async (label: string) => {
    const name = uniqueName(label);
    const value = `crash-${label}-${crypto.randomUUID()}`;
    const meta = await emulator.createObject(name, value, { organization_id: org.id });
    return { id: meta.id, versionId: meta.version_id, name, value };
  };
  const del = (o: { id: string; versionId: string; name: string }, tag: string) =>
    sessionAction(
      session,
      `/objects/${o.id}`,
      'deleteVaultObject',
      { objectId: o.id, versionCheck: o.versionId, confirmName: o.name },
      { 'x-correlation-id': tag },
    ).catch(() => null);
  const restore = async (copyId: string, tag?: string) =>
    (
      await sessionAction(
        session,
        '/deleted',
        'restoreDeletedObject',
        { copyId },
        tag ? { 'x-correlation-id': tag } : {},
      )
    ).result as Reply;
  const held: { tag: string; path: string; method: string }[] = [];
  /** Starts `run` with a fault on the call the step makes, waits until it is held, then kills. */
  const killDuring = async (
    fault: { path: string; method: string; delayMs?: number; drop?: 'response' },
    run: (tag: string) => Promise<unknown>,
  ) => {
    const tag = `crash-${crypto.randomUUID()}`;
    tags.push(tag);
    if (fault.delayMs) held.push({ tag, path: fault.path, method: fault.method });
    await emulator.addFault({ ...fault, count: 1, correlation: tag });
    const pending = run(tag).catch(() => null);
    await faultTaken(tag, pending);
    if (fault.drop) await pending; // the reply was lost; the console carries on, then dies
    await restartable.crash();
    await pending;
  };

  // Delete, killed while the copy is being sealed (the data-key call is held).
  const d1 = await object('d1');
  await killDuring({ path: '/vault/v1/keys/data-key', method: 'POST', delayMs: 8_000 }, (t) =>
    del(d1, t),
  );
  // Delete, killed while the version-checked DELETE is held (the copy is in the database).
  session = await boot();
  const d2 = await object('d2');
  await killDuring({ path: `/vault/v1/kv/${d2.id}`, method: 'DELETE', delayMs: 8_000 }, (t) =>
    del(d2, t),
  );
  // Delete applied at WorkOS but its reply lost, then killed before anything settled the copy.
  session = await boot();
  const d3 = await object('d3');
  await killDuring({ path: `/vault/v1/kv/${d3.id}`, method: 'DELETE', drop: 'response' }, (t) =>
    del(d3, t),
  );

  // Three objects deleted normally, for the restore steps.
  session = await boot();
  const [r1, r2, r3] = [await object('r1'), await object('r2'), await object('r3')];
  for (const o of [r1, r2, r3]) expect((await del(o, `plain-${o.id}`))?.result?.ok).toBe(true);
  await restartable.stop();
  const copyFor = async (name: string) =>
    withConsoleDb(async (db) => (await copiesOf(db, name))[0]!.id);
  const [c1, c2, c3] = [await copyFor(r1.name), await copyFor(r2.name), await copyFor(r3.name)];

  // Restore, killed while the copy's data key is being unwrapped.
  session = await boot();
  await killDuring({ path: '/vault/v1/keys/decrypt', method: 'POST', delayMs: 8_000 }, (t) =>
    restore(c1, t),
  );
  // Restore, killed while the create is held.
  session = await boot();
  await killDuring({ path: '/vault/v1/kv', method: 'POST', delayMs: 8_000 }, (t) => restore(c2, t));
  // Restore whose create was applied but whose reply was lost, then killed.
  session = await boot();
  await killDuring({ path: '/vault/v1/kv', method: 'POST', drop: 'response' }, (t) =>
    restore(c3, t),
  );
  for (const correlation of tags.splice(0)) await emulator.clearFaults({ correlation });
  // The held calls still end at WorkOS once their delay is over, with nobody waiting for the reply
  // (a DELETE is applied; a create whose body the dead client never finished sending is not).
  // The recovery job only settles copies older than any request can take, so wait until each
  // held call has ended before making the copies look that old.
  for (const h of held)
    await expect
      .poll(
        async () =>
          (await emulator.requestsFor(h.tag)).some(
            (r) => r.method === h.method && r.path === h.path,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);

  // After the kills, nothing is lost: every value is in Vault or in a copy, or both.
  const all = [d1, d2, d3, r1, r2, r3];
  await withConsoleDb(async (db) => {
    for (const o of all) {
      const inVault = (await valueByName(o.name)) === o.value;
      const copies = await copiesOf(db, o.name);
      expect(inVault || copies.length > 0, `${o.name}: neither the object nor a copy`).toBe(true);
    }
    // No value is anywhere in the console's database in plaintext (copies are sealed).
    const tables = await db.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = 'public'`,
    );
    for (const { t: table } of tables.rows) {
      const dump = await db.query<{ d: string | null }>(
        `select string_agg(x::text, ' ') as d from "${table}" x`,
      );
      for (const o of all) expect(dump.rows[0]!.d ?? '', `${table}`).not.toContain(o.value);
    }
    // d1 was killed before its copy existed: the object is intact.
    expect(await valueByName(d1.name)).toBe(d1.value);
    // Let the recovery job treat every unsettled copy as old, and make one kept copy expired.
    await db.query(`update recovery_copies set state_since = now() - interval '1 hour'`);
  });
  // An extra deleted object whose copy is past its purge date.
  session = await boot();
  const expired = await object('expired');
  expect((await del(expired, `plain-${expired.id}`))?.result?.ok).toBe(true);
  await restartable.stop();
  await withConsoleDb((db) =>
    db.query(
      `update recovery_copies set purge_after = now() - interval '1 minute' where object_name = $1`,
      [expired.name],
    ),
  );

  // The restarted console's recovery job settles and purges (the sync pass runs every second).
  session = await boot();
  await expect
    .poll(
      async () => {
        const page = await (await session.fetch('/deleted')).text();
        return !page.includes(expired.name);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await restartable.stop();

  await withConsoleDb(async (db) => {
    const left = await db.query<CopyRow>(
      'select id, state, object_id, object_name from recovery_copies',
    );
    // No copy is left unsettled.
    expect(left.rows.filter((r) => r.state !== 'kept')).toEqual([]);
    const purged = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'copy.purged' and object_name = $1`,
      [expired.name],
    );
    expect(purged.rows[0]!.n).toBe(1);
  });

  // Every value is readable again: in Vault already, or by restoring its kept copy.
  const kept = await withConsoleDb(
    async (db) =>
      (await db.query<CopyRow>(`select id, state, object_id, object_name from recovery_copies`))
        .rows,
  );
  session = await boot();
  for (const o of all) {
    if ((await valueByName(o.name)) === o.value) continue;
    const copy = kept.find((k) => k.object_name === o.name);
    expect(copy, `${o.name}: not in Vault and no kept copy`).toBeTruthy();
    const r = await restore(copy!.id);
    expect(r.ok, `${o.name}: restore failed ${JSON.stringify(r.error)}`).toBe(true);
    expect(await valueByName(o.name)).toBe(o.value);
  }
});
