import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Emulator } from './context';
import { randomToken } from './ids';

/**
 * AuthKit's own browser session, kept at the emulator's origin (workos.com/docs/authkit/sessions,
 * /docs/authkit/reauthentication): once a person has signed in, a later authorize request
 * completes without the login page and keeps the original `auth_time`; only `max_age` (exceeded)
 * or `prompt=login` makes them authenticate again, which mints a new `auth_time`.
 *
 * The cookie is scoped to /user_management so the console, which shares the host name
 * "localhost" with the emulator in development, never receives it.
 */
const BROWSER_SESSION_COOKIE = 'wos_emulator_authkit';
const COOKIE_PATH = '/user_management';
/** How long an idle AuthKit browser session lives. Assumed: WorkOS's default is not documented. */
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export type BrowserSession = {
  userId: string;
  organizationId: string | null;
  authTime: Date;
  expiresAt: number;
};

const sessions = new WeakMap<Emulator, Map<string, BrowserSession>>();

function store(emu: Emulator): Map<string, BrowserSession> {
  let map = sessions.get(emu);
  if (!map) sessions.set(emu, (map = new Map()));
  return map;
}

/** The live browser session of this request, if any. */
export function currentBrowserSession(c: Context, emu: Emulator): BrowserSession | null {
  const id = getCookie(c, BROWSER_SESSION_COOKIE);
  if (!id) return null;
  const found = store(emu).get(id);
  if (!found) return null;
  if (found.expiresAt <= Date.now()) {
    store(emu).delete(id);
    return null;
  }
  return found;
}

/** A fresh authentication happened: (re)start the browser session with its `auth_time`. */
export function startBrowserSession(
  c: Context,
  emu: Emulator,
  input: { userId: string; organizationId: string | null; authTime: Date },
): void {
  const old = getCookie(c, BROWSER_SESSION_COOKIE);
  if (old) store(emu).delete(old);
  const id = randomToken(24);
  store(emu).set(id, { ...input, expiresAt: Date.now() + SESSION_TTL_MS });
  setCookie(c, BROWSER_SESSION_COOKIE, id, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(emu.config.publicUrl).protocol === 'https:',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Sign-out at AuthKit ends its browser session too. */
export function endBrowserSession(c: Context, emu: Emulator): void {
  const id = getCookie(c, BROWSER_SESSION_COOKIE);
  if (id) store(emu).delete(id);
  deleteCookie(c, BROWSER_SESSION_COOKIE, { path: COOKIE_PATH });
}

/**
 * Whether an authorize request needs an active authentication (OIDC Core 3.1.2.1): `prompt=login`
 * always does; `max_age` does once that many seconds have passed since `auth_time` (so `max_age=0`
 * always does).
 */
export function needsFreshAuthentication(
  session: BrowserSession,
  params: { prompt?: string; max_age?: string },
  now = Date.now(),
): boolean {
  const prompts = (params.prompt ?? '').split(' ').filter(Boolean);
  if (prompts.includes('login')) return true;
  if (params.max_age === undefined || params.max_age === '') return false;
  const maxAge = Number(params.max_age);
  if (!Number.isFinite(maxAge) || maxAge < 0) return true;
  const elapsed = Math.floor(now / 1000) - Math.floor(session.authTime.getTime() / 1000);
  return elapsed >= maxAge;
}
