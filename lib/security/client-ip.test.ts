import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';
import { parseRateLimit } from './rate-limit';

describe('clientIp (F7a)', () => {
  it('ignores X-Forwarded-For unless proxy hops are trusted', () => {
    expect(clientIp('203.0.113.66', 0)).toBe('0.0.0.0');
  });
  it('takes the address the nearest trusted proxy saw, not what the client wrote', () => {
    // client forged "203.0.113.66"; the one trusted proxy appended the real peer 198.51.100.7
    expect(clientIp('203.0.113.66, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientIp('203.0.113.66, 198.51.100.7, 10.0.0.2', 2)).toBe('198.51.100.7');
    expect(clientIp('198.51.100.7', 2)).toBe('0.0.0.0');
    expect(clientIp('not-an-ip', 1)).toBe('0.0.0.0');
    expect(clientIp('[2001:db8::1]', 1)).toBe('2001:db8::1');
  });
});

describe('parseRateLimit (F4)', () => {
  it('reads "<count>/<seconds>", keeps the default when empty, names the rule otherwise', () => {
    const d = { limit: 60, windowSeconds: 600 };
    expect(parseRateLimit('10/60', d)).toEqual({ limit: 10, windowSeconds: 60 });
    expect(parseRateLimit('', d)).toBe(d);
    expect(parseRateLimit(undefined, d)).toBe(d);
    expect(() => parseRateLimit('ten', d)).toThrow(/<count>\/<seconds>/);
    expect(() => parseRateLimit('0/60', d)).toThrow();
  });
});
