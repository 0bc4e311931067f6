import { describe, expect, it } from 'vitest';
import { testPglite } from '../testing/backends';
import { createRevocationCache } from './revocation-cache';

describe('revocation cache', () => {
  it('a sign-out on one replica reaches another within the TTL, never before a lookup says so, and at once locally', async () => {
    const db = await testPglite();
    let clock = 1_000_000;
    let lookups = 0;
    const lookup = async (sid: string) => {
      lookups++;
      return (
        (await db.query('select 1 from revoked_sessions where sid = $1', [sid])).rows.length > 0
      );
    };
    const replica = () => createRevocationCache({ ttlMs: 2000, lookup, now: () => clock });
    const a = replica();
    const b = replica();
    expect(await a.isRevoked('session_1')).toBe(false);
    expect(await b.isRevoked('session_1')).toBe(false);
    expect(lookups).toBe(2);
    // Within the TTL a page view makes no database round trip.
    clock += 500;
    expect(await b.isRevoked('session_1')).toBe(false);
    expect(lookups).toBe(2);
    // Sign-out on A: the shared table gets the row and A refuses at once.
    await db.query('insert into revoked_sessions (sid) values ($1)', ['session_1']);
    a.markRevoked('session_1');
    expect(await a.isRevoked('session_1')).toBe(true);
    // B still holds its answer from 500 ms ago, but no longer than the TTL.
    clock += 1499;
    expect(await b.isRevoked('session_1')).toBe(false);
    clock += 1;
    expect(await b.isRevoked('session_1')).toBe(true);
    // A revoked answer is kept: no more lookups for it, however long.
    const before = lookups;
    clock += 3_600_000;
    expect(await b.isRevoked('session_1')).toBe(true);
    expect(lookups).toBe(before);
    await db.close();
  });

  it('stays bounded: the oldest entry goes first', async () => {
    let lookups = 0;
    const cache = createRevocationCache({
      ttlMs: 60_000,
      maxEntries: 2,
      lookup: async () => {
        lookups++;
        return false;
      },
    });
    await cache.isRevoked('s1');
    await cache.isRevoked('s2');
    await cache.isRevoked('s3');
    expect(lookups).toBe(3);
    await cache.isRevoked('s3');
    await cache.isRevoked('s2');
    expect(lookups).toBe(3);
    await cache.isRevoked('s1');
    expect(lookups).toBe(4);
  });
});
