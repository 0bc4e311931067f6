import 'server-only';
import { withAuth } from '@workos-inc/authkit-nextjs';
import { createRemoteJWKSet, type JWTPayload } from 'jose';
import { headers } from 'next/headers';
import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { getWorkOS } from '../workos/client';
import { traced } from '../perf/trace';
import { can, isPermission, type Permission } from './permissions';
import { createRevocationCache, type RevocationCache } from './revocation-cache';
import { createVerifiedTokens } from './verified-tokens';
import { listedIssuers, verifyBoundToken, type TokenBinding } from './token-issuer';
import { noteIssuerSeen, noteRefusedToken } from './issuer-seen';
import { PROXY_MARK_HEADER, SEALED_SESSION_HEADER, unsealedSessions } from './unsealed-sessions';

export type ConsoleUser = { id: string; email: string; name: string };

export type ConsoleSession = {
  user: ConsoleUser;
  sessionId: string;
  organizationId: string | null;
  role: string | null;
  /** Console permissions: only granted in the staff organization (see below). */
  permissions: Permission[];
  /** The session is scoped to the organization whose members may use the console. */
  isStaffSession: boolean;
  authTime: number | null;
  /**
   * Set when a WorkOS dashboard user is impersonating this user (the access token's `act`
   * claim). Value reads are refused and other audited actions record the impersonator.
   */
  impersonator: { email: string } | null;
};

type Claims = JWTPayload & {
  sid?: string;
  org_id?: string;
  role?: string;
  permissions?: unknown;
  auth_time?: number;
  act?: { sub?: unknown };
};

const globalJwks = globalThis as unknown as {
  __vaultConsoleJwks?: ReturnType<typeof createRemoteJWKSet>;
};

function apiBase(workos: { https: boolean; hostname: string; port: number | undefined }): string {
  return `${workos.https ? 'https' : 'http'}://${workos.hostname}${workos.port ? `:${workos.port}` : ''}`;
}

/** What binds an access token to this console's client (see token-issuer.ts). */
function tokenBinding(workos: ReturnType<typeof getEnv>['workos']): TokenBinding {
  return { clientId: workos.clientId, apiOrigin: apiBase(workos), listed: listedIssuers() };
}

const globalVerified = globalThis as unknown as {
  __vaultConsoleVerifiedTokens?: ReturnType<typeof createVerifiedTokens<Claims>>;
};

/** A token verified once is not verified again for up to a minute (or until it expires). */
function verifiedTokens() {
  globalVerified.__vaultConsoleVerifiedTokens ??= createVerifiedTokens<Claims>({
    maxAgeMs: Number(process.env.SESSION_VERIFY_CACHE_MS ?? 60_000),
  });
  return globalVerified.__vaultConsoleVerifiedTokens;
}

function jwks() {
  if (!globalJwks.__vaultConsoleJwks) {
    const { workos } = getEnv();
    const base = apiBase(workos);
    globalJwks.__vaultConsoleJwks = createRemoteJWKSet(
      new URL(`/sso/jwks/${workos.clientId}`, base),
    );
  }
  return globalJwks.__vaultConsoleJwks;
}

/**
 * The signed-in user, or null. Reads what the proxy attached, then verifies the access token
 * itself (signature and expiry): a request that skipped or fooled the proxy gets no session.
 * Memoized per request (layout and page both ask).
 */
export const getSession = cache(readSession);

type AuthkitSession = Awaited<ReturnType<typeof withAuth>>;

/**
 * `withAuth()`, unless this process already unsealed the same sealed session (the proxy did, a
 * moment ago, for this very request). Only a string that authkit forwarded as the session and
 * that unsealed before is found; anything else goes to `withAuth()`, which unseals and checks it.
 */
async function authkitSession(): Promise<AuthkitSession> {
  const h = await headers();
  const sealed = h.get(PROXY_MARK_HEADER) ? h.get(SEALED_SESSION_HEADER) : null;
  const memo = unsealedSessions<AuthkitSession>();
  const known = sealed ? memo.recall(sealed) : undefined;
  if (known) return known;
  const auth = await withAuth();
  if (sealed && auth.user) memo.remember(sealed, auth);
  return auth;
}

async function verifyFreshToken(
  token: string,
  keySet: ReturnType<typeof jwks>,
): Promise<Claims | null> {
  const result = await verifyBoundToken<Claims>(token, keySet, tokenBinding(getEnv().workos));
  if (!result.ok) {
    if (result.reason !== 'signature') noteRefusedToken(result.reason, result.iss);
    return null;
  }
  noteIssuerSeen(result.claims.iss!, result.form);
  return result.claims;
}

async function readSession(): Promise<ConsoleSession | null> {
  let auth: AuthkitSession;
  try {
    auth = await traced('session.auth', authkitSession);
  } catch {
    return null; // not routed through the proxy: treat as signed out
  }
  if (!auth.user || !auth.accessToken) return null;
  const keySet = jwks(); // outside the try: a configuration error must surface, not look like "signed out"
  const accessToken = auth.accessToken;
  const claims = await traced('session.verify', () =>
    verifiedTokens().verify(accessToken, (t) => verifyFreshToken(t, keySet)),
  );
  if (!claims) return null;
  if (claims.sub !== auth.user.id || typeof claims.sid !== 'string') return null;
  // An access token outlives its sign-out until it expires; the console remembers sign-outs.
  const sid = claims.sid;
  if (await traced('session.revoked', () => isRevoked(sid))) return null;
  const isStaffSession = Boolean(claims.org_id) && claims.org_id === getEnv().staffOrganizationId;
  // A role held in a customer organization grants nothing here: permissions count only when the
  // session is scoped to the staff organization.
  const permissions =
    isStaffSession && Array.isArray(claims.permissions)
      ? claims.permissions.filter((p): p is Permission => typeof p === 'string' && isPermission(p))
      : [];
  const name =
    [auth.user.firstName, auth.user.lastName].filter(Boolean).join(' ') || auth.user.email;
  return {
    user: { id: auth.user.id, email: auth.user.email, name },
    sessionId: claims.sid,
    organizationId: claims.org_id ?? null,
    role: claims.role ?? null,
    permissions,
    isStaffSession,
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : null,
    impersonator: impersonatorOf(claims, auth),
  };
}

function impersonatorOf(
  claims: Claims,
  auth: { impersonator?: { email?: string } | null },
): { email: string } | null {
  if (claims.act && typeof claims.act === 'object') {
    const sub = typeof claims.act.sub === 'string' ? claims.act.sub : null;
    return { email: sub ?? auth.impersonator?.email ?? 'unknown impersonator' };
  }
  if (auth.impersonator) return { email: auth.impersonator.email ?? 'unknown impersonator' };
  return null;
}

async function lookupRevoked(sid: string): Promise<boolean> {
  const db = await getDb();
  return (await db.query('select 1 from revoked_sessions where sid = $1', [sid])).rows.length > 0;
}

/** How long another replica's sign-out may take to reach this one (default 2 s). */
const REVOCATION_TTL_MS = Number(process.env.SESSION_REVOCATION_TTL_MS ?? 2000);

const globalRevocations = globalThis as unknown as { __vaultConsoleRevocations?: RevocationCache };

function revocations(): RevocationCache {
  globalRevocations.__vaultConsoleRevocations ??= createRevocationCache({
    ttlMs: REVOCATION_TTL_MS,
    lookup: lookupRevoked,
  });
  return globalRevocations.__vaultConsoleRevocations;
}

function isRevoked(sid: string): Promise<boolean> {
  return revocations().isRevoked(sid);
}

/**
 * Called on sign-out. The session id is refused from now on, on every replica sharing the
 * database, and the session is revoked at WorkOS server-side (so its refresh token dies even if
 * the browser never follows the logout redirect). A local record is dropped only once WorkOS
 * confirmed the revocation and every access token of that session has expired (2 days is far
 * beyond any access-token lifetime); until WorkOS confirms, it is kept and retried.
 */
export async function revokeSession(sid: string): Promise<void> {
  const db = await getDb();
  await db.query('insert into revoked_sessions (sid) values ($1) on conflict do nothing', [sid]);
  revocations().markRevoked(sid);
  const pending = await db.query<{ sid: string }>(
    'select sid from revoked_sessions where not workos_revoked and sid <> $1 order by revoked_at desc limit 5',
    [sid],
  );
  for (const id of [sid, ...pending.rows.map((r) => r.sid)]) {
    if (await revokeAtWorkos(id))
      await db.query('update revoked_sessions set workos_revoked = true where sid = $1', [id]);
  }
  await db.query(
    "delete from revoked_sessions where workos_revoked and revoked_at < now() - interval '2 days'",
  );
}

async function revokeAtWorkos(sessionId: string): Promise<boolean> {
  try {
    await getWorkOS().userManagement.revokeSession({ sessionId });
    return true;
  } catch (err) {
    // 404: WorkOS no longer knows the session, so its refresh token cannot be used either.
    const status = (err as { status?: number }).status;
    if (status === 404) return true;
    console.error(`[auth] WorkOS session revocation failed (status ${status ?? 'n/a'})`);
    return false;
  }
}

async function currentPath(): Promise<string> {
  const url = (await headers()).get('x-url');
  if (!url) return '/orgs';
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** For pages and layouts: signed out → sign-in (then back here). */
export async function requireSession(): Promise<ConsoleSession> {
  const session = await getSession();
  if (!session) redirect(`/sign-in?returnTo=${encodeURIComponent(await currentPath())}`);
  return session;
}

/** For pages: signed out → sign-in; signed in without the permission → the 403 "no access" page. */
export async function requirePermission(permission: Permission): Promise<ConsoleSession> {
  const session = await requireSession();
  if (!can(session.permissions, permission)) forbidden();
  return session;
}

export function hasPermission(session: ConsoleSession | null, permission: Permission): boolean {
  return Boolean(session) && can(session!.permissions, permission);
}
