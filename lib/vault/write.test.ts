import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const deps = vi.hoisted(() => ({ db: null as unknown, workos: null as unknown }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('../env', () => ({
  getEnv: () => ({ trustedProxyHops: 0, reveal: { reasonDestination: 'console-and-workos' } }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => deps.db,
}));
vi.mock('../workos/client', () => ({ getWorkOS: () => deps.workos }));

const { testPglite } = await import('../testing/backends');
const { startTestEmulator } = await import('../emulator/testing');
const { getState, setState } = await import('../db/state');
const { auditedCreate, auditedDelete, auditedUpdate } = await import('./write');

const db = await testPglite();
const t = await startTestEmulator();
deps.db = db;
deps.workos = t.workos;
afterAll(async () => {
  await t.close();
  await db.close();
});

const session = {
  user: { id: 'user_1', email: 'a@example.com', name: 'A' },
  impersonator: null,
} as never;
const ctx = { session };

async function trail() {
  return (
    await db.query<{ action: string; outcome: string; version_id: string | null; detail: unknown }>(
      'select action, outcome, version_id, detail from audit_events order by occurred_at, id',
    )
  ).rows;
}
async function indexed(id: string) {
  return (
    await db.query<{ version_id: string | null }>(
      'select version_id from vault_objects where id = $1',
      [id],
    )
  ).rows[0];
}
async function fresh(name: string) {
  const r = await auditedCreate(ctx, {
    name,
    value: 'one',
    context: { organization_id: 'org_write' },
  });
  if (!r.ok) throw new Error(r.error.code);
  return { id: r.data.id, versionId: r.data.versionId! };
}

beforeEach(async () => {
  await db.query('delete from audit_events');
});

describe('the write path (lib/vault/write.ts)', () => {
  it('create: intent then success, the index row, and the stored object count marked stale', async () => {
    await setState(db, 'object_count', 41);
    const o = await fresh('write/create');
    expect(await indexed(o.id)).toEqual({ version_id: o.versionId });
    expect(await getState(db, 'object_count')).toBeNull();
    expect((await trail()).map((r) => [r.action, r.outcome])).toEqual([
      ['object.created', 'success'],
    ]);
  });

  it('update: version-checked; a stale version writes nothing and is audited as a conflict', async () => {
    const o = await fresh('write/update');
    const saved = await auditedUpdate(ctx, {
      objectId: o.id,
      value: 'two',
      versionCheck: o.versionId,
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(await indexed(o.id)).toEqual({ version_id: saved.data.versionId });
    const stale = await auditedUpdate(ctx, {
      objectId: o.id,
      value: 'three',
      versionCheck: o.versionId,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!stale.ok) expect(stale.error.conflict?.currentVersionId).toBe(saved.data.versionId);
    expect((await t.workos.vault.readObject({ id: o.id })).value).toBe('two');
    expect((await trail()).map((r) => [r.action, r.outcome])).toEqual([
      ['object.created', 'success'],
      ['object.updated', 'success'],
      ['object.updated', 'failure'],
      ['object.update_conflict', 'failure'],
    ]);
  });

  it('a before step sees what is about to go, and when it throws WorkOS is never called', async () => {
    const o = await fresh('write/before');
    const seen: unknown[] = [];
    const refuse = async (target: unknown) => {
      seen.push(target);
      throw new Error('no recovery copy');
    };
    const target = { objectId: o.id, objectName: 'write/before', orgId: 'org_write' };
    await expect(
      auditedDelete(ctx, { ...target, versionCheck: o.versionId }, { before: refuse }),
    ).rejects.toThrow('no recovery copy');
    await expect(
      auditedUpdate(
        ctx,
        { ...target, value: 'lost', versionCheck: o.versionId },
        { before: refuse },
      ),
    ).rejects.toThrow('no recovery copy');
    expect(seen).toEqual([
      { kind: 'delete', ...target, versionCheck: o.versionId },
      { kind: 'overwrite', ...target, versionCheck: o.versionId },
    ]);
    expect((await t.workos.vault.readObject({ id: o.id })).value).toBe('one');
    const rows = await trail();
    expect(rows.slice(1).map((r) => [r.action, r.outcome, r.detail])).toEqual([
      ['object.deleted', 'failure', { error: 'before_write_failed' }],
      [
        'object.updated',
        'failure',
        { previous_version_id: o.versionId, error: 'before_write_failed' },
      ],
    ]);
  });

  it('delete: gone already (404) takes the index row with it and says not_found', async () => {
    const o = await fresh('write/gone');
    await t.workos.vault.deleteObject({ id: o.id });
    await setState(db, 'object_count', 7);
    const r = await auditedDelete(ctx, {
      objectId: o.id,
      objectName: 'write/gone',
      orgId: 'org_write',
      versionCheck: o.versionId,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await indexed(o.id)).toBeUndefined();
    expect(await getState(db, 'object_count')).toBeNull();
  });
});
