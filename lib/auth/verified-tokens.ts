import { createHashedMemo } from './hashed-memo';

/**
 * Access tokens this process has already verified (signature, expiry, issuer), by a SHA-256 of
 * the token, so the page does not verify again what the proxy and an earlier request already
 * did. An entry ends at the token's own `exp` (no clock tolerance) or after `maxAgeMs`, whichever
 * is first, which bounds how long a key dropped from the JWKS keeps its tokens valid here.
 * Only claims are kept, never the token itself.
 */
export function createVerifiedTokens<C extends { exp?: number }>(options: {
  maxAgeMs: number;
  maxEntries?: number;
  now?: () => number;
}) {
  const now = options.now ?? (() => Date.now());
  const memo = createHashedMemo<C>({ maxEntries: options.maxEntries ?? 10_000, now });
  return {
    async verify(token: string, verifyFresh: (token: string) => Promise<C | null>) {
      const known = memo.get(token);
      if (known) return known;
      const claims = await verifyFresh(token);
      if (claims) {
        const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
        memo.set(token, claims, Math.min(now() + options.maxAgeMs, exp));
      }
      return claims;
    },
  };
}
