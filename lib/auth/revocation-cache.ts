/**
 * Remembers sign-out lookups for a short time, so a page view does not make a database round trip
 * just to learn that its session was not revoked. A revocation is permanent, so a "revoked" answer
 * is kept for as long as the entry lives; a "not revoked" answer only for `ttlMs`. Revocations
 * made on this replica take effect at once (`markRevoked`); those made on another replica sharing
 * the database take effect here within `ttlMs`.
 */
export type RevocationCache = {
  isRevoked(sid: string): Promise<boolean>;
  markRevoked(sid: string): void;
};

export function createRevocationCache(options: {
  ttlMs: number;
  lookup: (sid: string) => Promise<boolean>;
  now?: () => number;
  maxEntries?: number;
}): RevocationCache {
  const now = options.now ?? (() => Date.now());
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { revoked: boolean; checkedAt: number }>();
  const remember = (sid: string, revoked: boolean) => {
    entries.delete(sid); // re-inserted last: the Map's order is the eviction order
    entries.set(sid, { revoked, checkedAt: now() });
    if (entries.size > max) entries.delete(entries.keys().next().value!);
  };
  return {
    async isRevoked(sid) {
      const hit = entries.get(sid);
      if (hit && (hit.revoked || now() - hit.checkedAt < options.ttlMs)) return hit.revoked;
      const revoked = await options.lookup(sid);
      remember(sid, revoked);
      return revoked;
    },
    markRevoked(sid) {
      remember(sid, true);
    },
  };
}
