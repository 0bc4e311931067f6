import { describe, expect, it, vi } from 'vitest';

const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('./db/client', async (orig) => ({
  ...(await orig<typeof import('./db/client')>()),
  getDb: async () => database.db,
}));

const { testPglite } = await import('./testing/backends');
const { cacheOrgNames, cachedOrgNames } = await import('./org-names');

describe('the organization-name cache', () => {
  it('writes a name once, again only when it changes, and separately for each database', async () => {
    const a = await testPglite();
    const b = await testPglite();
    const writes = (db: typeof a) => {
      const spy = vi.spyOn(db, 'query');
      return () => spy.mock.calls.filter(([sql]) => String(sql).includes('insert into org_cache'));
    };
    const writesA = writes(a);
    const writesB = writes(b);

    database.db = a;
    await cacheOrgNames([{ id: 'org_1', name: 'Acme' }]);
    await cacheOrgNames([{ id: 'org_1', name: 'Acme' }]);
    expect(writesA()).toHaveLength(1);
    await cacheOrgNames([
      { id: 'org_1', name: 'Acme Corp' },
      { id: 'org_2', name: 'Globex' },
    ]);
    expect(writesA()).toHaveLength(2);
    // Only the changed and the new row were sent.
    expect(writesA()[1]![1]).toEqual([['org_1', 'org_2'], ['Acme Corp', 'Globex'], 2]);
    expect(await cachedOrgNames(['org_1', 'org_2'])).toEqual(
      new Map([
        ['org_1', 'Acme Corp'],
        ['org_2', 'Globex'],
      ]),
    );

    // A second database (another test, another console) is not skipped because of the first.
    database.db = b;
    await cacheOrgNames([{ id: 'org_1', name: 'Acme Corp' }]);
    expect(writesB()).toHaveLength(1);
    expect(await cachedOrgNames(['org_1'])).toEqual(new Map([['org_1', 'Acme Corp']]));
    await a.close();
    await b.close();
  });
});
