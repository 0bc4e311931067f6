import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coalescer, valuesList } from './batch';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

describe('Coalescer', () => {
  it('carries the items queued while a call runs in the next call, each settling with its own result', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const c = new Coalescer<number, number>(async (items) => {
      calls.push(items);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    });
    const first = c.submit(1);
    await new Promise((r) => setTimeout(r, 0));
    const rest = [2, 3, 4].map((i) => c.submit(i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
    expect(c.stats).toEqual({ calls: 2, items: 4 });
  });

  it('retries each item alone when a combined call fails, so one bad item fails only itself', async () => {
    const c = new Coalescer<number, number>(async (items) => {
      if (items.includes(13)) throw new Error(`bad item in ${items.join(',')}`);
      return items;
    });
    const settled = await Promise.allSettled([12, 13, 14].map((i) => c.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad item in 13');
  });

  it('starts a fresh call after the queue drained', async () => {
    const c = new Coalescer<string, string>(async (items) => items.map((s) => s.toUpperCase()));
    expect(await c.submit('a')).toBe('A');
    expect(await c.submit('b')).toBe('B');
    expect(c.stats.calls).toBe(2);
  });

  it('valuesList numbers placeholders row by row with casts', () => {
    expect(valuesList(2, ['int', 'text'])).toBe('($1::int, $2::text), ($3::int, $4::text)');
  });
});

describe('group commit through the SDK', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates sent together are inserted together and each gets its own reply', async () => {
    const before = { ...t.emu.vault.creates.stats };
    const metas = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.workos.vault.createObject({
          name: `group/${i}`,
          value: `group-value-${i}`,
          context: { organization_id: `org_group${i % 3}` },
        }),
      ),
    );
    const after = t.emu.vault.creates.stats;
    // Every create went through the group-commit queue (how many shared a statement depends on
    // timing; the Coalescer tests above pin the batching itself).
    expect(after.items - before.items).toBe(12);
    const values = await Promise.all(metas.map((m) => t.workos.vault.readObject({ id: m.id })));
    expect(values.map((v) => v.value)).toEqual(
      Array.from({ length: 12 }, (_, i) => `group-value-${i}`),
    );
    expect(values.map((v) => v.name)).toEqual(Array.from({ length: 12 }, (_, i) => `group/${i}`));
    expect(values.map((v) => v.metadata.versionId)).toEqual(metas.map((m) => m.versionId));
  });

  it('the same name created several times at once: exactly one 201, the rest the usual 409', async () => {
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        rawFetch(t.url, '/vault/v1/kv', {
          method: 'POST',
          body: JSON.stringify({
            name: 'group/same',
            value: `same-${i}`,
            key_context: { organization_id: 'org_same' },
          }),
        }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of replies.filter((x) => x.status === 409))
      expect(r.json).toEqual({
        error: 'Item already exists: an object named "group/same" exists in this environment',
      });
    const winner = replies.find((r) => r.status === 201)!.json as { id: string };
    const read = await t.workos.vault.readObjectByName('group/same');
    expect(read.id).toBe(winner.id);
    const created = await rawFetch(t.url, '/events?events=vault.data.created&limit=100');
    const forSame = (created.json.data as { data: { kv_name: string } }[]).filter(
      (e) => e.data.kv_name === 'group/same',
    );
    expect(forSame).toHaveLength(1);
  });

  it('reads sent together each get their own object, missing ones a 404, and one event each', async () => {
    const metas = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        t.workos.vault.createObject({
          name: `group/read-${i}`,
          value: `read-${i}`,
          context: { organization_id: 'org_read' },
        }),
      ),
    );
    const before = await rawFetch(t.url, '/events?events=vault.data.read&limit=100');
    const ids = [...metas.map((m) => m.id), 'secret_DOESNOTEXIST', metas[0]!.id];
    const replies = await Promise.all(ids.map((id) => rawFetch(t.url, `/vault/v1/kv/${id}`)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 404, 200]);
    expect(replies.map((r) => r.json.value)).toEqual([
      'read-0',
      'read-1',
      'read-2',
      'read-3',
      undefined,
      'read-0',
    ]);
    expect(replies[4]!.json).toEqual({
      error: 'Not Found: no object with id "secret_DOESNOTEXIST"',
    });
    const after = await rawFetch(t.url, '/events?events=vault.data.read&limit=100');
    expect((after.json.data as unknown[]).length - (before.json.data as unknown[]).length).toBe(5);
  });

  it('a read sent with a write sees either the old or the new version, never a mix', async () => {
    const meta = await t.workos.vault.createObject({
      name: 'group/race',
      value: 'old',
      context: { organization_id: 'org_race' },
    });
    const [read, updated] = await Promise.all([
      t.workos.vault.readObject({ id: meta.id }),
      t.workos.vault.updateObject({ id: meta.id, value: 'new', versionCheck: meta.versionId! }),
    ]);
    const pair = [read.value, read.metadata.versionId];
    expect([
      ['old', meta.versionId],
      ['new', updated.metadata.versionId],
    ]).toContainEqual(pair);
    expect((await t.workos.vault.readObject({ id: meta.id })).value).toBe('new');
  });
});
