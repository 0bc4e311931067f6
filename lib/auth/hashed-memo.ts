import { createHash } from 'node:crypto';

/**
 * A bounded, expiring map keyed by a SHA-256 of a secret string (a token, a sealed session), so
 * the secret itself is never kept as a key. Each entry carries its own end time; past it the entry
 * is gone. Beyond `maxEntries` the entry written longest ago is dropped first.
 */
export function createHashedMemo<V>(options: { maxEntries: number; now?: () => number }) {
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, { value: V; until: number }>();
  const key = (secret: string) => createHash('sha256').update(secret).digest('base64url');
  return {
    get(secret: string): V | undefined {
      const k = key(secret);
      const hit = entries.get(k);
      if (!hit) return undefined;
      if (now() < hit.until) return hit.value;
      entries.delete(k);
      return undefined;
    },
    /** Kept until `until` (ms since the epoch); an end already past keeps nothing. */
    set(secret: string, value: V, until: number): void {
      if (until <= now()) return;
      const k = key(secret);
      entries.delete(k); // re-inserted last: the oldest entry is the first one dropped
      entries.set(k, { value, until });
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
