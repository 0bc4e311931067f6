import { createHash } from 'node:crypto';

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
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { claims: C; until: number }>();
  const key = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    async verify(token: string, verifyFresh: (token: string) => Promise<C | null>) {
      const k = key(token);
      const hit = entries.get(k);
      if (hit && now() < hit.until) return hit.claims;
      if (hit) entries.delete(k);
      const claims = await verifyFresh(token);
      if (claims) {
        const until = Math.min(
          now() + options.maxAgeMs,
          typeof claims.exp === 'number' ? claims.exp * 1000 : 0,
        );
        if (until > now()) {
          entries.set(k, { claims, until });
          if (entries.size > max) entries.delete(entries.keys().next().value!);
        }
      }
      return claims;
    },
  };
}
