import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { BACKENDS, freshDatabases, stopTestPostgres } from '../testing/backends';

const shared = vi.hoisted(() => ({ workos: null as unknown, days: 7 }));
vi.mock('../workos/client', () => ({ getWorkOS: () => shared.workos }));
vi.mock('../env', () => ({ getEnv: () => ({ deleteRecoveryDays: shared.days }) }));

const { openSealed, sealValue } = await import('./seal');
const { afterWrite, copyBeforeWrite } = await import('./copies');
const { rewrapOrgCopies } = await import('./runs');
const { recoveryHousekeeping } = await import('./purge');
const store = await import('./store');

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
  shared.workos = t.workos;
});
afterAll(async () => {
  await t.close();
  await stopTestPostgres();
});

const user = { id: 'user_1', email: 'ada@example.com' };
const run = <T>(fn: () => Promise<T>) => fn();
const orgId = 'org_01RECOVERYTEST00000000000000';

async function makeObject(name: string, value: string, org = orgId) {
  const meta = await t.workos.vault.createObject({
    name,
    value,
    context: { organization_id: org },
  });
  return meta;
}

describe('sealing a copy', () => {
  it('round-trips under the object’s own context, never holds the plaintext, and is bound to its copy id', async () => {
    const value = 'canary-recovery-7f3a9c';
    const { sealed, dataKeyId } = await sealValue(
      t.workos.vault,
      value,
      { organization_id: orgId },
      'rcp_a',
    );
    expect(dataKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sealed).not.toContain(value);
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain(value);
    expect(await openSealed(t.workos.vault, sealed, 'rcp_a')).toEqual({ ok: true, value });
    expect(await openSealed(t.workos.vault, sealed, 'rcp_b')).toMatchObject({
      ok: false,
      failure: { reason: 'unreadable' },
    });
  });

  it('is unreadable (not an error) once the customer key is deleted, and readable again when restored', async () => {
    const orgs = await t.workos.organizations.listOrganizations({ limit: 100 });
    const fabrikam = orgs.data.find((o) => o.name.startsWith('Fabrikam'))!;
    const { sealed } = await sealValue(
      t.workos.vault,
      'byok-secret',
      { organization_id: fabrikam.id },
      'rcp_byok',
    );
    await t.control(`/_emulator/byok/${fabrikam.id}`, {
      method: 'PUT',
      body: { state: 'deleted' },
    });
    expect(await openSealed(t.workos.vault, sealed, 'rcp_byok')).toEqual({
      ok: false,
      failure: { reason: 'unreadable', status: 403 },
    });
    await t.control(`/_emulator/byok/${fabrikam.id}`, {
      method: 'PUT',
      body: { state: 'verified' },
    });
    expect(await openSealed(t.workos.vault, sealed, 'rcp_byok')).toEqual({
      ok: true,
      value: 'byok-secret',
    });
  });
});

describe.each(BACKENDS)('recovery copies on %s', (kind) => {
  const fresh = freshDatabases(kind);

  it('copy, then delete: the copy is kept, listed per org and across orgs, and opens to the value', async () => {
    const db = await fresh();
    const obj = await makeObject(`rec-${kind}-a`, 'value-a');
    const copy = await copyBeforeWrite(db, {
      user,
      kind: 'deleted',
      objectId: obj.id,
      versionCheck: obj.versionId!,
    });
    expect(copy.ok && copy.copyId).toBeTruthy();
    const copyId = (copy as { copyId: string }).copyId;
    // Stored: pending until the delete is known; never the plaintext.
    const raw = await db.query<Record<string, unknown>>(
      'select * from recovery_copies where id = $1',
      [copyId],
    );
    expect(raw.rows[0]!.state).toBe('pending');
    expect(JSON.stringify(raw.rows[0])).not.toContain('value-a');
    // Not listed until the delete is known to have happened.
    expect((await store.listDeleted(db, { orgId, limit: 10, offset: 0 })).total).toBe(0);
    await t.workos.vault.deleteObject({ id: obj.id, versionCheck: obj.versionId! });
    await afterWrite(db, copyId, { applied: true });
    const mine = await store.listDeleted(db, { orgId, limit: 10, offset: 0 });
    expect(mine.rows.map((r) => [r.object_name, r.state, r.created_by_email])).toEqual([
      [`rec-${kind}-a`, 'kept', 'ada@example.com'],
    ]);
    expect((await store.listDeleted(db, { orgId: 'org_other', limit: 10, offset: 0 })).total).toBe(
      0,
    );
    expect((await store.listDeleted(db, { orgId: null, limit: 10, offset: 0 })).total).toBe(1);
    const row = (await store.getCopy(db, copyId))!;
    expect(await openSealed(t.workos.vault, row.sealed, copyId)).toEqual({
      ok: true,
      value: 'value-a',
    });
    expect(row.purge_after.getTime() - row.created_at.getTime()).toBeCloseTo(7 * 86_400_000, -5);
  });

  it('with the index’s organization as a hint, asks for the data key while reading; a context that is not exactly that organization is sealed under its own', async () => {
    const db = await fresh();
    const open = async (copyId: string) =>
      openSealed(t.workos.vault, (await store.getCopy(db, copyId))!.sealed, copyId);
    const dataKeys = vi.spyOn(t.workos.vault, 'createDataKey');
    try {
      const plain = await makeObject(`rec-${kind}-hint`, 'value-hinted');
      const hinted = await copyBeforeWrite(db, {
        user,
        kind: 'deleted',
        objectId: plain.id,
        versionCheck: plain.versionId!,
        orgHint: orgId,
      });
      const hintedId = (hinted as { copyId: string }).copyId;
      expect(await open(hintedId)).toEqual({ ok: true, value: 'value-hinted' });
      expect(dataKeys.mock.calls.map((c) => c[0].context)).toEqual([{ organization_id: orgId }]);

      // Same organization, one more context key: the hinted key is not used for it.
      dataKeys.mockClear();
      const wide = await t.workos.vault.createObject({
        name: `rec-${kind}-hint-wide`,
        value: 'value-wide',
        context: { organization_id: orgId, region: 'eu' },
      });
      const widened = await copyBeforeWrite(db, {
        user,
        kind: 'deleted',
        objectId: wide.id,
        versionCheck: wide.versionId!,
        orgHint: orgId,
      });
      const wideId = (widened as { copyId: string }).copyId;
      expect(dataKeys.mock.calls.map((c) => c[0].context)).toEqual([
        { organization_id: orgId },
        { organization_id: orgId, region: 'eu' },
      ]);
      expect(await open(wideId)).toEqual({ ok: true, value: 'value-wide' });
    } finally {
      dataKeys.mockRestore();
    }
  });

  it('makes no copy when the version check cannot match, or when DELETE_RECOVERY_DAYS is 0; a refused write drops its copy', async () => {
    const db = await fresh();
    const obj = await makeObject(`rec-${kind}-b`, 'value-b');
    expect(
      await copyBeforeWrite(db, { user, kind: 'deleted', objectId: obj.id, versionCheck: 'stale' }),
    ).toEqual({ ok: true, copyId: null });
    shared.days = 0;
    try {
      expect(
        await copyBeforeWrite(db, {
          user,
          kind: 'deleted',
          objectId: obj.id,
          versionCheck: obj.versionId!,
        }),
      ).toEqual({ ok: true, copyId: null });
    } finally {
      shared.days = 7;
    }
    const copy = await copyBeforeWrite(db, {
      user,
      kind: 'replaced-version',
      objectId: obj.id,
      versionCheck: obj.versionId!,
    });
    await afterWrite(db, (copy as { copyId: string }).copyId, { applied: false, known: true });
    expect((await db.query('select 1 from recovery_copies')).rows).toEqual([]);
  });

  it('the BYOK migrator re-seals an organization’s copies under its new customer key, once per run, and reports each', async () => {
    const db = await fresh();
    const org = await t.workos.organizations.createOrganization({ name: `Rewrap ${kind}` });
    const copyOf = async (name: string, value: string) => {
      const obj = await makeObject(name, value, org.id);
      const c = await copyBeforeWrite(db, {
        user,
        kind: 'deleted',
        objectId: obj.id,
        versionCheck: obj.versionId!,
      });
      await t.workos.vault.deleteObject({ id: obj.id, versionCheck: obj.versionId! });
      await afterWrite(db, (c as { copyId: string }).copyId, { applied: true });
      return (await store.getCopy(db, (c as { copyId: string }).copyId))!;
    };
    const a = await copyOf(`rewrap-${kind}-a`, 'value-rewrap-a');
    const b = await copyOf(`rewrap-${kind}-b`, 'value-rewrap-b');
    // The organization moves onto a customer key; the copies were sealed before it.
    await t.control(`/_emulator/byok/${org.id}`, {
      method: 'PUT',
      body: { state: 'verified', provider: 'AWS_KMS' },
    });
    const session = { user: { ...user, name: 'Ada' } } as Parameters<typeof rewrapOrgCopies>[0];
    expect(
      await rewrapOrgCopies(session, db, 'oprun_rewrap_1', org.id, Date.now() + 60_000, run),
    ).toBe(0);
    const after = [(await store.getCopy(db, a.id))!, (await store.getCopy(db, b.id))!];
    for (const [before, now] of [
      [a, after[0]!],
      [b, after[1]!],
    ] as const) {
      expect(now.sealed).not.toBe(before.sealed);
      expect(now.data_key_id).not.toBe(before.data_key_id);
    }
    // Now bound to the customer key: deleting that key makes the copies unreadable with it.
    await t.control(`/_emulator/byok/${org.id}`, { method: 'PUT', body: { state: 'deleted' } });
    expect(await openSealed(t.workos.vault, after[0]!.sealed, a.id)).toMatchObject({
      ok: false,
      failure: { reason: 'unreadable' },
    });
    await t.control(`/_emulator/byok/${org.id}`, { method: 'PUT', body: { state: 'verified' } });
    expect(await openSealed(t.workos.vault, after[1]!.sealed, b.id)).toEqual({
      ok: true,
      value: 'value-rewrap-b',
    });
    // A resumed run repeats no copy; its report lines name each once.
    const sealedNow = (await store.getCopy(db, a.id))!.sealed;
    expect(
      await rewrapOrgCopies(session, db, 'oprun_rewrap_1', org.id, Date.now() + 60_000, run),
    ).toBe(0);
    expect((await store.getCopy(db, a.id))!.sealed).toBe(sealedNow);
    const lines = await db.query<{ copy_id: string; outcome: string }>(
      `select detail->>'copy_id' as copy_id, detail->>'outcome' as outcome from audit_events
       where action = 'copy.settled' and detail->>'operation_run' = 'oprun_rewrap_1' order by 1`,
    );
    expect(lines.rows).toEqual(
      [a.id, b.id].sort().map((copy_id) => ({ copy_id, outcome: 'rewrapped' })),
    );
  });

  it('one restore at a time claims a copy', async () => {
    const db = await fresh();
    const obj = await makeObject(`rec-${kind}-c`, 'value-c');
    const copy = (await copyBeforeWrite(db, {
      user,
      kind: 'deleted',
      objectId: obj.id,
      versionCheck: obj.versionId!,
    })) as { copyId: string };
    await afterWrite(db, copy.copyId, { applied: true });
    const [a, b] = await Promise.all([
      store.claimForRestore(db, copy.copyId),
      store.claimForRestore(db, copy.copyId),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('purges expired copies in bounded batches, audits each once, skips the unexpired, and two purgers never double-purge', async () => {
    const db = await fresh();
    for (let i = 0; i < 25; i++) {
      await store.insertCopy(db, {
        id: `rcp_p${i}`,
        kind: 'deleted',
        objectId: `obj_${i}`,
        objectName: `n${i}`,
        versionId: 'v',
        orgId,
        context: { organization_id: orgId },
        keyId: null,
        dataKeyId: null,
        sealed: 'x',
        user,
        days: 7,
      });
      await store.keepCopy(db, `rcp_p${i}`);
    }
    // Backdate 21 of them past their purge date; 4 stay.
    await db.query(
      `update recovery_copies set purge_after = now() - interval '1 minute' where id <> all($1)`,
      [['rcp_p0', 'rcp_p1', 'rcp_p2', 'rcp_p3']],
    );
    const opts = { batch: 4, unsettledAfterMs: 3_600_000 };
    const far = Date.now() + 30_000;
    const [x, y] = await Promise.all([
      recoveryHousekeeping(db, t.workos, run, far, opts),
      recoveryHousekeeping(db, t.workos, run, far, opts),
    ]);
    expect(x.purged + y.purged).toBe(21);
    const audited = await db.query<{ n: number | string }>(
      `select count(distinct detail->>'copy_id') as n from audit_events where action = 'copy.purged'`,
    );
    const rows = await db.query<{ n: number | string }>(
      `select count(*) as n from audit_events where action = 'copy.purged'`,
    );
    expect(Number(audited.rows[0]!.n)).toBe(21);
    expect(Number(rows.rows[0]!.n)).toBe(21);
    expect(
      (await db.query<{ id: string }>('select id from recovery_copies order by id')).rows.map(
        (r) => r.id,
      ),
    ).toEqual(['rcp_p0', 'rcp_p1', 'rcp_p2', 'rcp_p3']);
  });

  it('a console stopped after the copy and before the delete leaves both; after the delete, a copy; the job settles each', async () => {
    const db = await fresh();
    // Stopped before the delete: original and copy.
    const kept = await makeObject(`rec-${kind}-d1`, 'value-d1');
    const c1 = (await copyBeforeWrite(db, {
      user,
      kind: 'deleted',
      objectId: kept.id,
      versionCheck: kept.versionId!,
    })) as { copyId: string };
    // Stopped after the delete, before settling: a copy only.
    const gone = await makeObject(`rec-${kind}-d2`, 'value-d2');
    const c2 = (await copyBeforeWrite(db, {
      user,
      kind: 'deleted',
      objectId: gone.id,
      versionCheck: gone.versionId!,
    })) as { copyId: string };
    await t.workos.vault.deleteObject({ id: gone.id, versionCheck: gone.versionId! });
    const opts = { unsettledAfterMs: 0 };
    const h = await recoveryHousekeeping(db, t.workos, run, Date.now() + 30_000, opts);
    expect(h.settled).toBe(2);
    // The original is still there, so its copy was an orphan; the deleted one's copy is kept.
    expect((await t.workos.vault.readObject({ id: kept.id })).value).toBe('value-d1');
    expect(await store.getCopy(db, c1.copyId)).toBeNull();
    const c2row = (await store.getCopy(db, c2.copyId))!;
    expect(c2row.state).toBe('kept');
    expect(await openSealed(t.workos.vault, c2row.sealed, c2.copyId)).toEqual({
      ok: true,
      value: 'value-d2',
    });
  });

  it('a restore stopped after the create drops the copy; one stopped before it goes back to kept', async () => {
    const db = await fresh();
    const obj = await makeObject(`rec-${kind}-e`, 'value-e');
    const c = (await copyBeforeWrite(db, {
      user,
      kind: 'deleted',
      objectId: obj.id,
      versionCheck: obj.versionId!,
    })) as { copyId: string };
    await t.workos.vault.deleteObject({ id: obj.id, versionCheck: obj.versionId! });
    await afterWrite(db, c.copyId, { applied: true });
    // Stopped before the create: nothing exists under the name, so the copy is restorable again.
    await store.claimForRestore(db, c.copyId);
    await recoveryHousekeeping(db, t.workos, run, Date.now() + 30_000, { unsettledAfterMs: 0 });
    expect((await store.getCopy(db, c.copyId))!.state).toBe('kept');
    // Stopped after the create: the object is back, the copy goes.
    await store.claimForRestore(db, c.copyId);
    await makeObject(`rec-${kind}-e`, 'value-e');
    await recoveryHousekeeping(db, t.workos, run, Date.now() + 30_000, { unsettledAfterMs: 0 });
    expect(await store.getCopy(db, c.copyId)).toBeNull();
  });
});
