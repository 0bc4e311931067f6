import {
  ConflictException,
  NotFoundException,
  OauthException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@workos-inc/node';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, sdkClient, startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
const ctx = (org = 'org_01TESTCONTRACT0000000000000') => ({ organization_id: org });
let counter = 0;
const unique = (label: string) => `contract/${label}-${++counter}-${Date.now()}`;

beforeAll(async () => {
  t = await startTestEmulator();
});

it('runs on the SDK major this file was loaded with (10 here, 11 from vault.contract.node11, the matrix’s under npm run test:sdk-matrix)', () => {
  const major = process.env.SDK_MATRIX_MAJOR;
  expect(t.workos.version).toMatch(major ? new RegExp(`^${major}\\.`) : /^1[01]\./);
});
afterAll(async () => {
  await t.close();
});

async function expectStatus(
  promise: Promise<unknown>,
  status: number,
  cls?: abstract new (...args: never[]) => Error,
) {
  const err = await promise.then(
    () => {
      throw new Error(`expected HTTP ${status}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect((err as { status?: number }).status).toBe(status);
  if (cls) expect(err).toBeInstanceOf(cls);
  return err as Error & { status: number; rawData?: unknown; error?: string };
}

describe('create', () => {
  it('returns 201 with bare metadata (no name) and a current version', async () => {
    const name = unique('create');
    const raw = await rawFetch(t.url, '/vault/v1/kv', {
      method: 'POST',
      body: JSON.stringify({ name, value: 'v', key_context: ctx() }),
    });
    expect(raw.status).toBe(201);
    expect(raw.json.name).toBeUndefined();
    expect(raw.json.id).toMatch(/^secret_[0-9A-F]{32}$/);
    expect(raw.json.version_id).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(raw.json.key_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(raw.json.environment_id).toMatch(/^environment_/);
    expect(raw.json.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(raw.json.updated_by).toEqual({
      id: expect.stringMatching(/^key_/),
      name: expect.any(String),
    });

    const meta = await t.workos.vault.createObject({
      name: unique('sdk'),
      value: 's3cr3t',
      context: ctx(),
    });
    expect(meta.context).toEqual(ctx());
    expect(meta.versionId).toBeTruthy();
    expect(meta.updatedAt).toBeInstanceOf(Date);
  });

  it('rejects a taken name with 409 ConflictException, per environment', async () => {
    const name = unique('dup');
    await t.workos.vault.createObject({ name, value: 'a', context: ctx() });
    const err = await expectStatus(
      t.workos.vault.createObject({ name, value: 'b', context: ctx('org_other') }),
      409,
      ConflictException,
    );
    expect(err.message).toMatch(/already exists/);
    // Another environment has its own namespace.
    await expect(
      t.otherEnv.vault.createObject({ name, value: 'c', context: ctx() }),
    ).resolves.toMatchObject({ id: expect.any(String) });
  });

  it.each([
    ['missing name', { value: 'v', key_context: { a: 'b' } }, 400, /name is required/],
    [
      'non-string name',
      { name: 5, value: 'v', key_context: { a: 'b' } },
      400,
      /name must be a string/,
    ],
    ['empty name', { name: '', value: 'v', key_context: { a: 'b' } }, 422, /between 1 and 200/],
    [
      '201-character name',
      { name: 'n'.repeat(201), value: 'v', key_context: { a: 'b' } },
      422,
      /between 1 and 200.*201/,
    ],
    [
      'missing value',
      { name: 'x-missing-value', key_context: { a: 'b' } },
      400,
      /value is required/,
    ],
    [
      'numeric value',
      { name: 'x-num-value', value: 42, key_context: { a: 'b' } },
      400,
      /value must be a string/,
    ],
    ['missing key_context', { name: 'x-no-ctx', value: 'v' }, 400, /key_context is required/],
    [
      'array key_context',
      { name: 'x-arr-ctx', value: 'v', key_context: ['a'] },
      400,
      /key_context must be an object/,
    ],
    [
      'empty key_context',
      { name: 'x-empty-ctx', value: 'v', key_context: {} },
      422,
      /between 1 and 10 pairs; it is empty/,
    ],
    [
      '11 pairs',
      {
        name: 'x-11',
        value: 'v',
        key_context: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
      },
      422,
      /it has 11/,
    ],
    [
      'non-string context value',
      { name: 'x-ctxnum', value: 'v', key_context: { a: 1 } },
      422,
      /"a" must be a string, got number/,
    ],
    [
      'null context value',
      { name: 'x-ctxnull', value: 'v', key_context: { a: null } },
      422,
      /got null/,
    ],
    [
      '501-character context value',
      { name: 'x-ctxlong', value: 'v', key_context: { a: 'x'.repeat(501) } },
      422,
      /at most 500 characters; it has 501/,
    ],
    [
      'empty context key',
      { name: 'x-ctxkey', value: 'v', key_context: { '': 'v' } },
      422,
      /keys must be non-empty/,
    ],
  ])('rejects %s', async (_label, body, status, message) => {
    const raw = await rawFetch(t.url, '/vault/v1/kv', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(raw.status).toBe(status);
    expect(raw.headers.get('content-type')).toMatch(/application\/json/);
    expect(Object.keys(raw.json)).toContain('error');
    expect(String(raw.json.error)).toMatch(message);
  });

  it('maps 400/422 to the SDK exception classes the console relies on', async () => {
    await expectStatus(
      t.workos.vault.createObject({ name: '', value: 'v', context: ctx() }),
      422,
      UnprocessableEntityException,
    );
    await expectStatus(
      t.workos.vault.createObject({ name: 'x', value: 1 as unknown as string, context: ctx() }),
      400,
      OauthException,
    );
  });

  it('accepts exactly 10 pairs, 200-character names and 500-character context values', async () => {
    const context = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'.repeat(500)]),
    );
    const meta = await t.workos.vault.createObject({
      name: 'z'.repeat(190) + String(Date.now()).slice(-10),
      value: 'ok',
      context,
    });
    expect(Object.keys(meta.context)).toHaveLength(10);
  });

  it('rejects unparseable JSON with 400', async () => {
    const raw = await rawFetch(t.url, '/vault/v1/kv', { method: 'POST', body: '{"name":' });
    expect(raw.status).toBe(400);
    expect(raw.json.error).toMatch(/not valid JSON/);
  });
});

describe('read, read by name, describe', () => {
  it('reads the decrypted value by id and by name; describe never includes it', async () => {
    const name = unique('read/with spaces & ünïcode');
    const meta = await t.workos.vault.createObject({ name, value: 'pa$$ wörd 🔑', context: ctx() });
    const byId = await t.workos.vault.readObject({ id: meta.id });
    expect(byId).toMatchObject({ id: meta.id, name, value: 'pa$$ wörd 🔑' });
    expect(byId.metadata.versionId).toBe(meta.versionId);
    const byName = await t.workos.vault.readObjectByName(name);
    expect(byName.value).toBe('pa$$ wörd 🔑');
    const described = await t.workos.vault.describeObject({ id: meta.id });
    expect(described.value).toBeUndefined();
    expect(described.name).toBe(name);
    const raw = await rawFetch(t.url, `/vault/v1/kv/${meta.id}/metadata`);
    expect(raw.text).not.toContain('pa$$');
    expect(Object.keys(raw.json).sort()).toEqual(['id', 'metadata', 'name']);
  });

  it('404s unknown ids and names with NotFoundException', async () => {
    await expectStatus(
      t.workos.vault.readObject({ id: 'secret_00000000000000000000000000000000' }),
      404,
      NotFoundException,
    );
    await expectStatus(t.workos.vault.readObjectByName('no/such/name'), 404, NotFoundException);
    await expectStatus(
      t.workos.vault.describeObject({ id: 'secret_nope' }),
      404,
      NotFoundException,
    );
    await expectStatus(
      t.workos.vault.listObjectVersions({ id: 'secret_nope' }),
      404,
      NotFoundException,
    );
    const raw = await rawFetch(t.url, '/vault/v1/kv/secret_nope');
    expect(raw.json).toEqual({ error: expect.stringMatching(/^Not Found/) });
  });
});

describe('update', () => {
  it('answers 201 with metadata only, and every write gets a new version', async () => {
    const meta = await t.workos.vault.createObject({
      name: unique('upd'),
      value: 'one',
      context: ctx(),
    });
    const raw = await rawFetch(t.url, `/vault/v1/kv/${meta.id}`, {
      method: 'PUT',
      body: JSON.stringify({ value: 'two', version_check: meta.versionId }),
    });
    expect(raw.status).toBe(201);
    expect(raw.json.value).toBeUndefined();
    const v2 = (raw.json.metadata as { version_id: string }).version_id;
    expect(v2).not.toBe(meta.versionId);
    const updated = await t.workos.vault.updateObject({ id: meta.id, value: 'three' }); // SDK sends version_check: null
    expect(updated.value).toBeUndefined();
    expect(updated.metadata.versionId).not.toBe(v2);
    expect((await t.workos.vault.readObject({ id: meta.id })).value).toBe('three');
  });

  it('follows the Go live-test sequence: stale check 409, fresh check 201', async () => {
    const meta = await t.workos.vault.createObject({
      name: unique('seq'),
      value: 'a',
      context: ctx(),
    });
    const v2 = await t.workos.vault.updateObject({
      id: meta.id,
      value: 'b',
      versionCheck: meta.versionId!,
    });
    const err = await expectStatus(
      t.workos.vault.updateObject({ id: meta.id, value: 'c', versionCheck: meta.versionId! }),
      409,
      ConflictException,
    );
    expect(err.message).toMatch(/Version mismatch/);
    await expect(
      t.workos.vault.updateObject({
        id: meta.id,
        value: 'c',
        versionCheck: v2.metadata.versionId!,
      }),
    ).resolves.toBeTruthy();
    expect((await t.workos.vault.readObject({ id: meta.id })).value).toBe('c');
  });

  it('validates the body and 404s an unknown id', async () => {
    const meta = await t.workos.vault.createObject({
      name: unique('updval'),
      value: 'a',
      context: ctx(),
    });
    expect(
      (
        await rawFetch(t.url, `/vault/v1/kv/${meta.id}`, {
          method: 'PUT',
          body: JSON.stringify({ version_check: null }),
        })
      ).status,
    ).toBe(400);
    const badCheck = await rawFetch(t.url, `/vault/v1/kv/${meta.id}`, {
      method: 'PUT',
      body: JSON.stringify({ value: 'x', version_check: 7 }),
    });
    expect(badCheck.status).toBe(400);
    expect(badCheck.json.error).toMatch(/version_check must be a string or null/);
    await expectStatus(
      t.workos.vault.updateObject({ id: 'secret_nope', value: 'x' }),
      404,
      NotFoundException,
    );
  });

  it('keeps the last writer of 20 parallel updates with the same version_check as the only winner', async () => {
    const meta = await t.workos.vault.createObject({
      name: unique('race'),
      value: 'start',
      context: ctx(),
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.workos.vault.updateObject({
          id: meta.id,
          value: `writer-${i}`,
          versionCheck: meta.versionId!,
        }),
      ),
    );
    const wins = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 409,
    );
    expect(wins).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    expect((await t.workos.vault.readObject({ id: meta.id })).value).toBe(`writer-${wins[0]}`);
    const versions = await t.workos.vault.listObjectVersions({ id: meta.id });
    expect(versions).toHaveLength(2);
  });
});

describe('delete', () => {
  it('checks version_check from the query, then deletes permanently and frees the name', async () => {
    const name = unique('del');
    const meta = await t.workos.vault.createObject({ name, value: 'gone', context: ctx() });
    const v2 = await t.workos.vault.updateObject({ id: meta.id, value: 'gone2' });
    const err = await expectStatus(
      t.workos.vault.deleteObject({ id: meta.id, versionCheck: meta.versionId! }),
      409,
      ConflictException,
    );
    expect(err.message).toMatch(/Version mismatch/);
    const raw = await rawFetch(
      t.url,
      `/vault/v1/kv/${meta.id}?version_check=${encodeURIComponent(v2.metadata.versionId!)}`,
      { method: 'DELETE' },
    );
    expect(raw.status).toBe(200);
    expect(raw.json).toEqual({ success: true, name });
    await expectStatus(t.workos.vault.readObject({ id: meta.id }), 404, NotFoundException);
    await expectStatus(t.workos.vault.deleteObject({ id: meta.id }), 404, NotFoundException);
    const again = await t.workos.vault.createObject({ name, value: 'new', context: ctx() });
    expect(again.id).not.toBe(meta.id);
  });
});

describe('versions', () => {
  it('lists every version newest first, one current, etag = bare-hex MD5 of the stored ciphertext (fixture object-version.json)', async () => {
    const meta = await t.workos.vault.createObject({
      name: unique('ver'),
      value: 'same',
      context: ctx(),
    });
    await t.workos.vault.updateObject({ id: meta.id, value: 'same' });
    const last = await t.workos.vault.updateObject({ id: meta.id, value: 'same' });
    const raw = await rawFetch(t.url, `/vault/v1/kv/${meta.id}/versions`);
    expect(raw.json.list_metadata).toEqual({ before: null, after: null });
    const versions = await t.workos.vault.listObjectVersions({ id: meta.id });
    expect(versions).toHaveLength(3);
    expect(versions.filter((v) => v.currentVersion).map((v) => v.id)).toEqual([
      last.metadata.versionId,
    ]);
    expect(new Set(versions.map((v) => v.etag)).size).toBe(3); // equal values, different ciphertext
    for (const v of versions) {
      expect(v.etag).toMatch(/^[0-9a-f]{32}$/);
      expect(v.size).toBeGreaterThan(4 + 28 + 32); // record header + sealed value + wrapped DEK
    }
    const created = (raw.json.data as { created_at: string }[]).map((v) => v.created_at);
    expect(created[0]).toMatch(/\.000000Z$/);
    // The etag really is the MD5 of what is stored.
    const stored = await t.emu.db.query<{ record: Uint8Array; etag: string }>(
      'select record, etag from object_versions where object_id = $1',
      [meta.id],
    );
    for (const row of stored.rows)
      expect(row.etag).toBe(createHash('md5').update(row.record).digest('hex'));
  });
});

describe('list', () => {
  it('walks 250 objects in pages of 100, each exactly once, in both orders', async () => {
    const tag = `walk-${Date.now()}`;
    const ids = new Set<string>();
    for (let i = 0; i < 250; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, k) =>
          t.workos.vault.createObject({
            name: `${tag}/obj-${String(i + k).padStart(3, '0')}`,
            value: 'v',
            context: ctx(),
          }),
        ),
      );
      batch.forEach((m) => ids.add(m.id));
    }
    for (const order of ['desc', 'asc'] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await t.workos.vault.listObjects({ limit: 100, order, search: tag, after });
        seen.push(...page.data.map((o) => o.id));
        after = page.listMetadata.after ?? undefined;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(250);
      expect(new Set(seen)).toEqual(ids);
    }
    // autoPagination() returns only the first page when a limit is passed, so pass none.
    const all = await (await t.workos.vault.listObjects({ search: tag })).autoPagination();
    expect(all).toHaveLength(250);
  });

  it('pages backwards with before, and offers the previous-page cursor', async () => {
    const tag = `back-${Date.now()}`;
    for (let i = 0; i < 5; i++)
      await t.workos.vault.createObject({ name: `${tag}/${i}`, value: 'v', context: ctx() });
    const first = await t.workos.vault.listObjects({ limit: 2, search: tag });
    expect(first.listMetadata.before).toBeNull();
    const second = await t.workos.vault.listObjects({
      limit: 2,
      search: tag,
      after: first.listMetadata.after!,
    });
    expect(second.listMetadata.before).toBe(second.data[0]!.id);
    const back = await t.workos.vault.listObjects({
      limit: 2,
      search: tag,
      before: second.listMetadata.before!,
    });
    expect(back.data.map((o) => o.id)).toEqual(first.data.map((o) => o.id));
  });

  it('defaults to 10 newest first; filters by search and updated_after in both spellings and formats', async () => {
    const tag = `flt-${Date.now()}`;
    const a = await t.workos.vault.createObject({
      name: `${tag}/Alpha`,
      value: 'v',
      context: ctx(),
    });
    // String(date) (what the SDK sends) has whole seconds, so put the cutoff on a fresh second.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const cutoff = new Date();
    await new Promise((r) => setTimeout(r, 1000));
    const b = await t.workos.vault.createObject({
      name: `${tag}/beta`,
      value: 'v',
      context: ctx(),
    });
    const bySearch = await t.workos.vault.listObjects({ search: `${tag}/ALPHA` });
    expect(bySearch.data.map((o) => o.id)).toEqual([a.id]);
    // The SDK sends updated_after with String(date) (not ISO) on the first page.
    const recent = await t.workos.vault.listObjects({ search: tag, updatedAfter: cutoff });
    expect(recent.data.map((o) => o.id)).toEqual([b.id]);
    const camel = await rawFetch(
      t.url,
      `/vault/v1/kv?search=${encodeURIComponent(tag)}&updatedAfter=${encodeURIComponent(cutoff.toISOString())}`,
    );
    expect((camel.json.data as { id: string }[]).map((o) => o.id)).toEqual([b.id]);
    const defaults = await rawFetch(t.url, '/vault/v1/kv');
    expect((defaults.json.data as unknown[]).length).toBe(10);
    expect(Object.keys(defaults.json)).toEqual(['data', 'list_metadata']);
  });

  it.each([
    ['limit=0', /limit must be an integer from 1 to 100/],
    ['limit=101', /limit must be an integer from 1 to 100/],
    ['limit=abc', /limit must be an integer/],
    ['order=sideways', /order must be "asc" or "desc"/],
    ['updated_after=yesterday-ish', /updated_after must be a date/],
    ['after=secret_not_here', /Cursor "secret_not_here"/],
  ])('rejects %s with 400', async (query, message) => {
    const raw = await rawFetch(t.url, `/vault/v1/kv?${query}`);
    expect(raw.status).toBe(400);
    expect(String(raw.json.error)).toMatch(message);
  });
});

describe('data keys and local encryption', () => {
  it('creates a data key whose blob starts with WOS.EKM.v1\\0 and the data-key id', async () => {
    const dk = await t.workos.vault.createDataKey({ context: ctx() });
    expect(Buffer.from(dk.dataKey.key, 'base64')).toHaveLength(32);
    expect(dk.dataKey.id).toMatch(/^[0-9a-f-]{36}$/);
    const blob = Buffer.from(dk.encryptedKeys, 'base64');
    expect(blob.subarray(0, 11).toString('latin1')).toBe('WOS.EKM.v1\0');
    expect(blob.subarray(11, 47).toString('ascii')).toBe(dk.dataKey.id);
    expect(blob.includes(Buffer.from(dk.dataKey.key, 'base64'))).toBe(false);
    const decrypted = await t.workos.vault.decryptDataKey({ keys: dk.encryptedKeys });
    expect(decrypted).toEqual({ id: dk.dataKey.id, key: dk.dataKey.key });
  });

  it('round-trips the SDK encrypt()/decrypt(), with and without associated data', async () => {
    const plain = 'card 4111 1111 1111 1111 — exp 12/30';
    const sealed = await t.workos.vault.encrypt(plain, ctx());
    expect(await t.workos.vault.decrypt(sealed)).toBe(plain);
    const withAad = await t.workos.vault.encrypt(plain, ctx(), 'customer:42');
    expect(await t.workos.vault.decrypt(withAad, 'customer:42')).toBe(plain);
    await expect(t.workos.vault.decrypt(withAad, 'customer:43')).rejects.toThrow();
    await expect(t.workos.vault.decrypt(withAad)).rejects.toThrow();
  });

  it('rekeys a blob under a new context, keeping the id and the key bytes', async () => {
    const dk = await t.workos.vault.createDataKey({ context: ctx('org_A') });
    const rekeyed = await t.workos.vault.createRekey({
      context: ctx('org_B'),
      encryptedKeys: dk.encryptedKeys,
    });
    expect(rekeyed.id).toBe(dk.dataKey.id);
    expect(rekeyed.dataKey).toBe(dk.dataKey.key);
    expect(rekeyed.context).toEqual(ctx('org_B'));
    expect(rekeyed.encryptedKeys).not.toBe(dk.encryptedKeys);
    expect((await t.workos.vault.decryptDataKey({ keys: rekeyed.encryptedKeys! })).key).toBe(
      dk.dataKey.key,
    );
  });

  it('answers 400 for a tampered blob, garbage, and a blob from another environment', async () => {
    const dk = await t.workos.vault.createDataKey({ context: ctx() });
    const bytes = Buffer.from(dk.encryptedKeys, 'base64');
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0x40;
    const tampered = await expectStatus(
      t.workos.vault.decryptDataKey({ keys: bytes.toString('base64') }),
      400,
      OauthException,
    );
    expect(tampered.message).toMatch(/could not be decrypted/);
    await expectStatus(t.workos.vault.decryptDataKey({ keys: 'bm90IGEgYmxvYg==' }), 400);
    await expectStatus(t.workos.vault.decryptDataKey({ keys: '%%%' }), 400);
    await expectStatus(t.otherEnv.vault.decryptDataKey({ keys: dk.encryptedKeys }), 400);
    await expectStatus(
      t.workos.vault.createRekey({ context: ctx(), encryptedKeys: bytes.toString('base64') }),
      400,
    );
    await expectStatus(
      t.workos.vault.createDataKey({ context: {} }),
      422,
      UnprocessableEntityException,
    );
  });
});

describe('transport', () => {
  it('sends JSON and an X-Request-ID on every reply, errors included', async () => {
    const replies = await Promise.all([
      rawFetch(t.url, '/vault/v1/kv'),
      rawFetch(t.url, '/vault/v1/kv', { key: null }),
      rawFetch(t.url, '/vault/v1/kv', { key: 'sk_test_wrong' }),
      rawFetch(t.url, '/vault/v1/nothing-here'),
      rawFetch(t.url, '/totally/unknown'),
      rawFetch(t.url, '/vault/v1/kv/secret_nope'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 401, 401, 404, 404, 404]);
    for (const r of replies) {
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.json).toBeTypeOf('object');
    }
    await expectStatus(
      sdkClient(t.port, 'sk_test_wrong', { maxRetries: 0 }).vault.listObjects(),
      401,
      UnauthorizedException,
    );
  });

  it('replays a create for a repeated Idempotency-Key instead of answering 409', async () => {
    const body = JSON.stringify({ name: unique('idem'), value: 'v', key_context: ctx() });
    const headers = { 'idempotency-key': `retry-${crypto.randomUUID()}` };
    const first = await rawFetch(t.url, '/vault/v1/kv', { method: 'POST', body, headers });
    const second = await rawFetch(t.url, '/vault/v1/kv', { method: 'POST', body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const reused = await rawFetch(t.url, '/vault/v1/kv', {
      method: 'POST',
      body: body.replace('"v"', '"w"'),
      headers,
    });
    expect(reused.status).toBe(400);
  });

  it('lets the SDK retry a create whose reply was lost and get the first reply, not a 409', async () => {
    const retrying = sdkClient(t.port, 'sk_test_emulator', { maxRetries: 2 });
    const name = unique('lost-reply');
    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', method: 'POST', drop: 'response', count: 1 },
    });
    const meta = await retrying.vault.createObject({ name, value: 'once', context: ctx() });
    const page = await t.workos.vault.listObjects({ search: name });
    expect(page.data.map((o) => o.id)).toEqual([meta.id]);
    const log = (await t.control('/_emulator/requests?path_prefix=/vault/v1/kv')).body as {
      data: { method: string; status: number; fault: string | null }[];
    };
    const posts = log.data.filter((e) => e.method === 'POST').slice(-2);
    expect(posts.map((e) => e.fault)).toEqual(['drop response', null]);
  });
});
