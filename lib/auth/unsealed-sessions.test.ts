import { describe, expect, it } from 'vitest';
import { createUnsealedSessions } from './unsealed-sessions';

describe('unsealed-session memo', () => {
  it('answers only for a sealed string remembered after an unseal, until its TTL', () => {
    let clock = 1_000;
    const memo = createUnsealedSessions<{ user: string }>({ ttlMs: 60_000, now: () => clock });
    expect(memo.recall('sealed-a')).toBeUndefined();
    memo.remember('sealed-a', { user: 'a' });
    expect(memo.recall('sealed-a')).toEqual({ user: 'a' });
    // Another string, even one differing by a character, is never answered from a's entry.
    expect(memo.recall('sealed-b')).toBeUndefined();
    expect(memo.recall('sealed-a ')).toBeUndefined();
    expect(memo.recall('')).toBeUndefined();
    clock += 59_999;
    expect(memo.recall('sealed-a')).toEqual({ user: 'a' });
    clock += 1;
    expect(memo.recall('sealed-a')).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently remembered', () => {
    const memo = createUnsealedSessions<number>({ ttlMs: 60_000, maxEntries: 2 });
    memo.remember('one', 1);
    memo.remember('two', 2);
    memo.remember('one', 1); // refreshed: now the newest
    memo.remember('three', 3);
    expect(memo.recall('two')).toBeUndefined();
    expect(memo.recall('one')).toBe(1);
    expect(memo.recall('three')).toBe(3);
    expect(memo.size).toBe(2);
  });

  it('remembers nothing when turned off (TTL 0)', () => {
    const memo = createUnsealedSessions<number>({ ttlMs: 0 });
    memo.remember('one', 1);
    expect(memo.recall('one')).toBeUndefined();
    expect(memo.size).toBe(0);
  });
});
