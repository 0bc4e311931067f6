import { authkit, handleAuthkitProxy } from '@workos-inc/authkit-nextjs';
import { NextRequest, NextResponse } from 'next/server';
import { consoleRedirectUri } from './lib/auth/redirects';
import { SEALED_SESSION_HEADER, unsealedSessions } from './lib/auth/unsealed-sessions';
import { buildSecurityHeaders, newNonce } from './lib/security/headers';

/**
 * Paths reachable without a session. Everything else is redirected to AuthKit by the proxy. The
 * webhook and cron endpoints authenticate each call themselves (a signature, a bearer secret).
 */
const PUBLIC_PATHS = [
  '/sign-in',
  '/callback',
  '/signed-out',
  '/api/health',
  '/api/webhooks/workos',
  '/api/cron/index-sync',
  // Static files that must load signed out; they pass through here for the security headers.
  '/favicon.ico',
  '/icon.svg',
  '/robots.txt',
];

/** Keeps a caller's correlation id if it is short and plain; otherwise makes one. */
function correlationId(incoming: string | null): string {
  return incoming && /^[A-Za-z0-9._:-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
}

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * AuthKit session handling plus security headers. This is a convenience gate only: every page,
 * route handler and server action checks the session and its permission again by itself.
 */
export default async function proxy(request: NextRequest) {
  const nonce = newNonce();
  // Behind a TLS-terminating load balancer the request arrives as http with x-forwarded-proto.
  const https =
    request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const security = buildSecurityHeaders({ nonce, https });
  // Next reads the nonce from the request's CSP header and puts it on its own script tags.
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('x-correlation-id', correlationId(request.headers.get('x-correlation-id')));
  forwarded.set('content-security-policy', security.get('content-security-policy')!);
  // PERF_TRACE: the proxy's own time (cookie unseal, token verification, any refresh) goes to
  // the server as a number it overwrites here, and to the browser as Server-Timing.
  const trace = process.env.PERF_TRACE && process.env.PERF_TRACE !== '0';
  forwarded.delete('x-perf-proxy-ms');
  const authStarted = performance.now();
  // The run-time redirect URI (not the NEXT_PUBLIC_ one, which Next inlines at build time).
  const {
    session,
    headers: authHeaders,
    authorizationUrl,
  } = await authkit(request, { redirectUri: consoleRedirectUri() });
  const authMs = performance.now() - authStarted;
  // authkit() has just unsealed this string and verified its token: the page's withAuth() may
  // take the answer from here instead of unsealing it again (lib/auth/unsealed-sessions.ts). The
  // header is authkit's own (it drops any x-workos-* header the client sent).
  const sealed = authHeaders.get(SEALED_SESSION_HEADER);
  if (session.user && sealed) unsealedSessions<typeof session>().remember(sealed, session);
  if (trace) forwarded.set('x-perf-proxy-ms', authMs.toFixed(1));
  const mustSignIn = !session.user && !isPublic(request.nextUrl.pathname);
  if (mustSignIn && request.nextUrl.pathname.startsWith('/api/')) {
    // APIs answer in JSON; a redirect to a login page is no use to fetch().
    const denied = NextResponse.json(
      { error: { code: 'unauthenticated', message: 'Sign in to continue.' } },
      { status: 401 },
    );
    for (const [name, value] of security) denied.headers.set(name, value);
    return denied;
  }
  const forwardedRequest = new NextRequest(request.url, {
    method: request.method,
    headers: forwarded,
  });
  const response = handleAuthkitProxy(
    forwardedRequest,
    authHeaders,
    mustSignIn && authorizationUrl ? { redirect: authorizationUrl } : {},
  );
  for (const [name, value] of security) response.headers.set(name, value);
  if (trace)
    response.headers.set('server-timing', `proxy;desc="unseal+verify";dur=${authMs.toFixed(1)}`);
  return response;
}

export const config = {
  // Build assets skip the proxy (next.config.ts gives them static security headers). Every other
  // path, the icon, favicon.ico and robots.txt included, gets the full set here (R3-14).
  matcher: ['/((?!_next/static|_next/image).*)'],
};
