import { describe, expect, it } from 'vitest';
import { createVerifiedTokens } from './verified-tokens';

describe('verified-token cache', () => {
  it('verifies a token once, then trusts it until its exp or maxAge, never a failed one', async () => {
    let clock = 1_700_000_000_000;
    const cache = createVerifiedTokens<{ exp: number; sub: string }>({
      maxAgeMs: 60_000,
      now: () => clock,
    });
    let calls = 0;
    const good = async (t: string) => {
      calls++;
      return t.startsWith('good') ? { exp: clock / 1000 + 30, sub: t } : null;
    };
    expect(await cache.verify('good-1', good)).toEqual({ exp: clock / 1000 + 30, sub: 'good-1' });
    expect(await cache.verify('good-1', good)).toMatchObject({ sub: 'good-1' });
    expect(calls).toBe(1);
    // A refused token is asked again every time (nothing cached for it).
    expect(await cache.verify('bad', good)).toBeNull();
    expect(await cache.verify('bad', good)).toBeNull();
    expect(calls).toBe(3);
    // At its exp (30 s, before maxAge) it is verified afresh, and the fresh answer counts.
    clock += 30_000;
    expect(await cache.verify('good-1', async () => null)).toBeNull();
    // A different token never hits another's entry.
    expect(await cache.verify('good-2', good)).toMatchObject({ sub: 'good-2' });
  });

  it('maxAge ends an entry before a long-lived token expires', async () => {
    let clock = 0;
    const cache = createVerifiedTokens<{ exp: number }>({ maxAgeMs: 1000, now: () => clock });
    let calls = 0;
    const verify = async () => {
      calls++;
      return { exp: 3600 };
    };
    await cache.verify('t', verify);
    clock = 999;
    await cache.verify('t', verify);
    expect(calls).toBe(1);
    clock = 1000;
    await cache.verify('t', verify);
    expect(calls).toBe(2);
  });
});
