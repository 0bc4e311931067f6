import { createHashedMemo } from './hashed-memo';

/**
 * Sessions this process has already unsealed, by a SHA-256 of the sealed string (the
 * `wos-session` cookie, which the proxy forwards to the page as `x-workos-session`). The proxy's
 * `authkit()` unseals the cookie and verifies its token; without this the page's `withAuth()`
 * unseals the same string again. Sealing is authenticated encryption under the cookie password,
 * so a string that unsealed once unseals to the same session every time: the entry is only a
 * shortcut to that answer, never a way in. A string nobody unsealed (forged, tampered, from a
 * header the client made up) is never found and goes through `withAuth()` as before. The
 * session's access token is still verified and its revocation checked on every request
 * (lib/auth/session.ts). Never logged; only the hash of the sealed string is kept as the key.
 */
export function createUnsealedSessions<S>(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}) {
  const now = options.now ?? (() => Date.now());
  const memo = createHashedMemo<S>({ maxEntries: options.maxEntries ?? 5_000, now });
  return {
    /** After a successful unseal (the proxy's `authkit()` or the page's `withAuth()`). */
    remember(sealed: string, session: S): void {
      if (options.ttlMs > 0 && sealed) memo.set(sealed, session, now() + options.ttlMs);
    },
    /** The session a sealed string unsealed to here before, or undefined. */
    recall(sealed: string): S | undefined {
      return sealed ? memo.get(sealed) : undefined;
    },
    get size() {
      return memo.size;
    },
  };
}

type Memo = ReturnType<typeof createUnsealedSessions<unknown>>;
// On globalThis: the proxy and the pages are bundled apart and must share one memo per process.
const shared = globalThis as unknown as { __vaultConsoleUnsealedSessions?: Memo };

/** The process's memo. SESSION_UNSEAL_CACHE_MS=0 turns it off (default 60 s). */
export function unsealedSessions<S>() {
  shared.__vaultConsoleUnsealedSessions ??= createUnsealedSessions<unknown>({
    ttlMs: Number(process.env.SESSION_UNSEAL_CACHE_MS ?? 60_000),
  });
  return shared.__vaultConsoleUnsealedSessions as ReturnType<typeof createUnsealedSessions<S>>;
}

/** The header authkit-nextjs's proxy helper sets to the sealed session (after stripping the client's). */
export const SEALED_SESSION_HEADER = 'x-workos-session';
/** The header that says the request went through the proxy. */
export const PROXY_MARK_HEADER = 'x-workos-middleware';
