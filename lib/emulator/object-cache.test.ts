import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectCache } from './object-cache';
import { startTestEmulator, type TestEmulator } from './testing';

type Row = { id: string; v: number; record: Uint8Array | null };
const row = (id: string, v = 1, bytes = 10): Row => ({ id, v, record: new Uint8Array(bytes) });

describe('ObjectCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new ObjectCache<Row>({ maxEntries: 2, maxBytes: 1_000, maxRecordBytes: 100 });
    cache.written('a', row('a'));
    cache.written('b', row('b'));
    expect(cache.get('a')?.id).toBe('a'); // a is now the most recent
    cache.written('c', row('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.get('c')?.id).toBe('c');
  });

  it('keeps record bytes under maxBytes and never holds a record over maxRecordBytes', () => {
    const cache = new ObjectCache<Row>({ maxEntries: 100, maxBytes: 250, maxRecordBytes: 100 });
    for (const id of ['a', 'b', 'c']) cache.written(id, row(id, 1, 100));
    expect(cache.byteSize).toBeLessThanOrEqual(250);
    expect(cache.get('a')).toBeUndefined();
    cache.written('big', row('big', 1, 101));
    expect(cache.get('big')).toBeUndefined();
    cache.written('b', row('b', 2, 50));
    expect(cache.byteSize).toBe(150);
  });

  it('drops a fill whose select may have seen a row that a write has since replaced', () => {
    const cache = new ObjectCache<Row>();
    const ticket = cache.beginFill();
    cache.written('a', row('a', 2)); // the write commits while the reader's select is running
    cache.fill(ticket, 'a', row('a', 1)); // the reader comes back with what it saw
    cache.fill(ticket, 'b', row('b', 1)); // no write to b: kept
    cache.endFill(ticket);
    expect(cache.get('a')?.v).toBe(2);
    expect(cache.get('b')?.v).toBe(1);
    // A write that finished before the ticket was taken does not void it.
    const later = cache.beginFill();
    cache.fill(later, 'a', row('a', 3));
    cache.endFill(later);
    expect(cache.get('a')?.v).toBe(3);
  });

  it('voids open fills on clear', () => {
    const cache = new ObjectCache<Row>();
    const ticket = cache.beginFill();
    cache.clear();
    cache.fill(ticket, 'a', row('a'));
    cache.endFill(ticket);
    expect(cache.get('a')).toBeUndefined();
  });
});

/**
 * Every write path of the emulator, each followed by reads that go through the cache. After each
 * step, every cached row must equal what the database holds: a write path that changes the
 * database without telling the cache fails here.
 */
describe('the Vault read cache stays in step with every write path', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ seed: 'none' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function expectCacheMatchesDatabase() {
    const cached = t.emu.vault.cache.peekAll();
    expect(cached.length).toBeGreaterThan(0);
    for (const [id, c] of cached) {
      const r = await t.emu.db.query<{
        current_version_id: string;
        key_id: string;
        updated_at: Date;
        updated_by: unknown;
        name: string;
        deleted_at: Date | null;
        record: Uint8Array | null;
      }>(
        `select o.current_version_id, o.key_id, o.updated_at, o.updated_by, o.name, o.deleted_at, v.record
         from objects o left join object_versions v on v.id = o.current_version_id where o.id = $1`,
        [id],
      );
      const db = r.rows[0];
      expect(db, `cached ${id} is not in the database`).toBeDefined();
      expect(db!.deleted_at, `cached ${id} is deleted`).toBeNull();
      expect(c.current_version_id).toBe(db!.current_version_id);
      expect(c.key_id).toBe(db!.key_id);
      expect(c.name).toBe(db!.name);
      expect(c.updated_at.getTime()).toBe(db!.updated_at.getTime());
      expect(c.updated_by).toEqual(db!.updated_by);
      expect(Buffer.from(c.record!).equals(Buffer.from(db!.record!))).toBe(true);
    }
  }

  /** Read and describe (both served from the cache once filled) agree with what was written. */
  async function expectRead(id: string, value: string, versionId: string) {
    const read = await t.workos.vault.readObject({ id });
    expect(read.value).toBe(value);
    expect(read.metadata.versionId).toBe(versionId);
    const described = await t.workos.vault.describeObject({ id });
    expect(described.metadata.versionId).toBe(versionId);
    await expectCacheMatchesDatabase();
  }

  it('create, update with and without a version check, a refused update, and delete', async () => {
    const org = 'org_01CACHETEST00000000000000';
    const created = await t.workos.vault.createObject({
      name: 'cache/one',
      value: 'v1',
      context: { organization_id: org },
    });
    await expectRead(created.id, 'v1', created.versionId!);

    const checked = await t.workos.vault.updateObject({
      id: created.id,
      value: 'v2',
      versionCheck: created.versionId!,
    });
    await expectRead(created.id, 'v2', checked.metadata.versionId!);

    const unchecked = await t.workos.vault.updateObject({ id: created.id, value: 'v3' });
    await expectRead(created.id, 'v3', unchecked.metadata.versionId!);

    await expect(
      t.workos.vault.updateObject({
        id: created.id,
        value: 'lost',
        versionCheck: created.versionId!,
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expectRead(created.id, 'v3', unchecked.metadata.versionId!);

    await expect(
      t.workos.vault.deleteObject({ id: created.id, versionCheck: created.versionId! }),
    ).rejects.toMatchObject({ status: 409 });
    await expectRead(created.id, 'v3', unchecked.metadata.versionId!);

    await t.workos.vault.deleteObject({
      id: created.id,
      versionCheck: unchecked.metadata.versionId!,
    });
    await expect(t.workos.vault.readObject({ id: created.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(t.workos.vault.describeObject({ id: created.id })).rejects.toMatchObject({
      status: 404,
    });
    // The name is free again; the new object is read, not the old one.
    const again = await t.workos.vault.createObject({
      name: 'cache/one',
      value: 'v4',
      context: { organization_id: org },
    });
    await expectRead(again.id, 'v4', again.versionId!);
  });

  it('an update whose reply was lost (fault) is what the next read returns', async () => {
    const created = await t.workos.vault.createObject({
      name: 'cache/fault',
      value: 'before',
      context: { organization_id: 'org_01CACHEFAULT0000000000000' },
    });
    await expectRead(created.id, 'before', created.versionId!);
    const fault = await t.control('/_emulator/faults', {
      method: 'POST',
      body: { path: `/vault/v1/kv/${created.id}`, method: 'PUT', drop: 'response' },
    });
    const faultId = (fault.body as { id: number }).id;
    try {
      await expect(
        t.workos.vault.updateObject({
          id: created.id,
          value: 'after',
          versionCheck: created.versionId!,
        }),
      ).rejects.toBeDefined();
    } finally {
      await t.control(`/_emulator/faults?id=${faultId}`, { method: 'DELETE' });
    }
    const read = await t.workos.vault.readObject({ id: created.id });
    expect(read.value).toBe('after');
    expect(read.metadata.versionId).not.toBe(created.versionId);
    await expectCacheMatchesDatabase();
  });

  it('key rotation onto a customer key (BYOK re-wrap) and its state changes', async () => {
    const org = 'org_01CACHEBYOK00000000000000';
    const created = await t.workos.vault.createObject({
      name: 'cache/byok',
      value: 'wrapped',
      context: { organization_id: org },
    });
    await expectRead(created.id, 'wrapped', created.versionId!);
    await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'verified' } });
    const rewrapped = await t.workos.vault.updateObject({
      id: created.id,
      value: 'wrapped',
      versionCheck: created.versionId!,
    });
    expect(rewrapped.metadata.keyId).not.toBe(created.keyId);
    await expectRead(created.id, 'wrapped', rewrapped.metadata.versionId!);
    expect((await t.workos.vault.describeObject({ id: created.id })).metadata.keyId).toBe(
      rewrapped.metadata.keyId,
    );
    // The key's state is checked on every read, cached row or not.
    await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'failed' } });
    await expect(t.workos.vault.readObject({ id: created.id })).rejects.toMatchObject({
      status: 403,
    });
    await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'verified' } });
    await expectRead(created.id, 'wrapped', rewrapped.metadata.versionId!);
  });

  it('a back-dated create (control API) and a reset', async () => {
    const backdated = await t.control('/_emulator/objects/backdated', {
      method: 'POST',
      body: {
        name: 'cache/old',
        value: 'old',
        context: { organization_id: 'org_01CACHEOLD000000000000000' },
        days: 30,
      },
    });
    const body = backdated.body as { id: string; version_id: string };
    await expectRead(body.id, 'old', body.version_id);
    const described = await t.workos.vault.describeObject({ id: body.id });
    expect(Date.now() - described.metadata.updatedAt.getTime()).toBeGreaterThan(29 * 86_400_000);

    await t.control('/_emulator/reset', { method: 'POST', body: { seed: 'none' } });
    expect(t.emu.vault.cache.size).toBe(0);
    await expect(t.workos.vault.readObject({ id: body.id })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('reads and updates of one object racing 8 at a time leave the cache equal to the database', async () => {
    const created = await t.workos.vault.createObject({
      name: 'cache/race',
      value: 'start',
      context: { organization_id: 'org_01CACHERACE0000000000000' },
    });
    let last = '';
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          if ((w + i) % 2 === 0) {
            const value = `w${w}-i${i}`;
            await t.workos.vault.updateObject({ id: created.id, value });
            last = value;
          } else {
            await t.workos.vault.readObject({ id: created.id });
          }
        }
      }),
    );
    expect(last).not.toBe('');
    await expectCacheMatchesDatabase();
    const stored = await t.emu.db.query<{ current_version_id: string }>(
      'select current_version_id from objects where id = $1',
      [created.id],
    );
    const read = await t.workos.vault.readObject({ id: created.id });
    expect(read.metadata.versionId).toBe(stored.rows[0]!.current_version_id);
  });
});
