import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries exactly `Bearer <expected>`. Compared in constant time
 * (both sides hashed first, so the length of the secret leaks nothing either).
 */
export function bearerMatches(header: string | null, expected: string | null): boolean {
  if (!expected || !header) return false;
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  const a = createHash('sha256').update(match[1]!).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
