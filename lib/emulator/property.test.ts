import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
let existingId = '';
let existingVersion = '';
beforeAll(async () => {
  t = await startTestEmulator();
  const meta = await t.workos.vault.createObject({
    name: 'prop/anchor',
    value: 'x',
    context: { organization_id: 'org_prop' },
  });
  existingId = meta.id;
  existingVersion = meta.versionId!;
});
afterAll(async () => {
  await t.close();
});

const anyJson = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const name = fc.oneof(
  fc.string({ maxLength: 220 }),
  fc.string({ unit: 'grapheme', maxLength: 210 }),
  fc.constantFrom('', '.', '..', 'a/b', 'prop/anchor'),
  anyJson,
);
const contextValue = fc.oneof(
  fc.string({ maxLength: 520 }),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
);
const context = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), contextValue, { maxKeys: 12 }),
  anyJson,
);
const value = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  anyJson,
);
const versionCheck = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant('__current__'),
);

function expectJson4xxOr2xx(res: { status: number; headers: Headers; json: unknown }) {
  expect(res.status === 200 || res.status === 201 || (res.status >= 400 && res.status < 500)).toBe(
    true,
  );
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.json).toBeTypeOf('object');
}

describe('random input never yields a 500 or a non-JSON reply', () => {
  it('on create', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name, value, key_context: context }, { requiredKeys: [] }),
        async (body) => {
          const res = await rawFetch(t.url, '/vault/v1/kv', {
            method: 'POST',
            body: JSON.stringify(body),
          });
          expectJson4xxOr2xx(res);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('on update, with random version checks', async () => {
    await fc.assert(
      fc.asyncProperty(value, versionCheck, async (v, check) => {
        const body: Record<string, unknown> = { value: v };
        if (check !== undefined)
          body.version_check = check === '__current__' ? existingVersion : check;
        const res = await rawFetch(t.url, `/vault/v1/kv/${existingId}`, {
          method: 'PUT',
          body: JSON.stringify(body),
        });
        expectJson4xxOr2xx(res);
        if (res.status === 201)
          existingVersion = (res.json as { metadata: { version_id: string } }).metadata.version_id;
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('on raw bodies that are not objects at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((j) => JSON.stringify(j)),
        ),
        async (text) => {
          const res = await rawFetch(t.url, '/vault/v1/kv', {
            method: 'POST',
            body: text,
            headers: { 'content-type': 'application/json' },
          });
          expectJson4xxOr2xx(res);
        },
      ),
      { numRuns: 150 },
    );
  });
});
