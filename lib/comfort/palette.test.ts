import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { upsertObjects } from '../index/store';
import { searchCachedOrgs, searchObjectNames } from './palette';
import { favouritePlaces, recentPlaces, recordVisit, RECENT_KEEP, setFavourite } from './recents';

afterAll(stopTestPostgres);

describe.each(BACKENDS)('palette and recents on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    const names = ['stripe/key', 'acme/stripe-key', 'Stripe_Webhook', 'github/token', 'a%b'];
    await upsertObjects(
      db,
      names.map((name, i) => ({
        id: `secret_${i}`,
        name,
        context: { organization_id: i % 2 ? 'org_a' : 'org_b' },
        key_id: null,
        version_id: null,
        updated_at: null,
      })),
    );
    await db.query(
      "insert into org_cache (id, name) values ('org_a', 'Acme Corp'), ('org_b', 'Stripe-ish Ltd')",
    );
  });
  afterAll(async () => {
    await close();
  });

  it('finds names by prefix first, then by substring, ignoring case', async () => {
    const found = await searchObjectNames(db, 'STRIPE');
    expect(found.map((f) => f.name)).toEqual(['stripe/key', 'Stripe_Webhook', 'acme/stripe-key']);
    expect(found[0]).toEqual({ id: 'secret_0', name: 'stripe/key', orgId: 'org_b' });
  });

  it('treats % and _ in the query as plain characters', async () => {
    expect((await searchObjectNames(db, '%')).map((f) => f.name)).toEqual(['a%b']);
    expect((await searchObjectNames(db, 'e_w')).map((f) => f.name)).toEqual(['Stripe_Webhook']);
    expect(await searchObjectNames(db, '   ')).toEqual([]);
  });

  it('finds an object by its exact id and respects the limit', async () => {
    expect((await searchObjectNames(db, 'secret_3')).map((f) => f.name)).toEqual(['github/token']);
    expect(await searchObjectNames(db, 'e', 2)).toHaveLength(2);
  });

  it('has a trigram index that substring search can use', async () => {
    const idx = await db.query(
      "select indexname from pg_indexes where tablename = 'vault_objects' and indexname = 'vault_objects_name_trgm'",
    );
    expect(idx.rows).toHaveLength(1);
    const plan = await db.transaction(async (tx) => {
      await tx.query('set local enable_seqscan = off');
      return tx.query("explain select id from vault_objects where lower(name) like '%stripe%'");
    });
    expect(JSON.stringify(plan.rows)).toContain('vault_objects_name_trgm');
  });

  it('finds cached organizations by name or id', async () => {
    expect(await searchCachedOrgs(db, 'acme')).toEqual([{ id: 'org_a', name: 'Acme Corp' }]);
    expect((await searchCachedOrgs(db, 'org_b'))[0]).toEqual({
      id: 'org_b',
      name: 'Stripe-ish Ltd',
    });
  });

  it('keeps recent places per person, newest first, trimmed, and hides deleted objects', async () => {
    for (let i = 0; i < RECENT_KEEP + 3; i++)
      await recordVisit(db, 'user_1', 'org', `org_${i}`, `Org ${i}`);
    await recordVisit(db, 'user_1', 'object', 'secret_1', 'acme/stripe-key');
    await recordVisit(db, 'user_1', 'object', 'secret_gone', 'deleted/thing');
    await recordVisit(db, 'user_2', 'object', 'secret_0', 'stripe/key');
    const recent = await recentPlaces(db, 'user_1', 50);
    expect(recent[0]).toMatchObject({ kind: 'object', id: 'secret_1', label: 'acme/stripe-key' });
    expect(recent.some((p) => p.id === 'secret_gone')).toBe(false);
    expect(recent.some((p) => p.id === 'secret_0')).toBe(false); // another person's
    const stored = await db.query(
      "select count(*)::int as n from user_recents where user_id = 'user_1'",
    );
    expect(Number(stored.rows[0]!.n)).toBe(RECENT_KEEP);
    // A revisit of the oldest kept place makes it the newest and drops the next oldest instead.
    const oldest = recent[recent.length - 1]!;
    await recordVisit(db, 'user_1', oldest.kind, oldest.id, oldest.label);
    const after = await recentPlaces(db, 'user_1', 50);
    expect(after[0]!.id).toBe(oldest.id);
    const again = await db.query(
      "select count(*)::int as n from user_recents where user_id = 'user_1'",
    );
    expect(Number(again.rows[0]!.n)).toBe(RECENT_KEEP);
  });

  it('a visit says whether the place is pinned, for that person only', async () => {
    expect(await recordVisit(db, 'user_3', 'org', 'org_p', 'Pinned Org')).toEqual({
      pinned: false,
    });
    await setFavourite(db, 'user_3', 'org', 'org_p', 'Pinned Org', true);
    expect(await recordVisit(db, 'user_3', 'org', 'org_p', 'Pinned Org')).toEqual({
      pinned: true,
    });
    expect(await recordVisit(db, 'user_4', 'org', 'org_p', 'Pinned Org')).toEqual({
      pinned: false,
    });
  });

  it('pins and unpins favourites per person', async () => {
    await setFavourite(db, 'user_1', 'object', 'secret_0', 'stripe/key', true);
    await setFavourite(db, 'user_1', 'org', 'org_a', 'Acme Corp', true);
    await setFavourite(db, 'user_1', 'org', 'org_a', 'Acme Corp', true); // twice is once
    expect((await favouritePlaces(db, 'user_1')).map((p) => p.id)).toEqual(['org_a', 'secret_0']);
    expect(await favouritePlaces(db, 'user_2')).toEqual([]);
    await setFavourite(db, 'user_1', 'org', 'org_a', 'Acme Corp', false);
    expect((await favouritePlaces(db, 'user_1')).map((p) => p.id)).toEqual(['secret_0']);
  });
});
