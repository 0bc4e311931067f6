/** Security headers for every response the proxy sees. Pure, so unit tests can pin the policy. */

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

function workosOrigin(): string {
  const host = process.env.WORKOS_API_HOSTNAME || 'api.workos.com';
  const https = process.env.WORKOS_API_HTTPS ? process.env.WORKOS_API_HTTPS === 'true' : true;
  const port = process.env.WORKOS_API_PORT;
  return `${https ? 'https' : 'http'}://${host}${port ? `:${port}` : ''}`;
}

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonced bootstrap load its chunks; eval only for React dev tooling.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    // Sign-in and sign-out forms redirect to AuthKit, which form-action also governs.
    `form-action 'self' ${workosOrigin()}`,
  ];
  return directives.join('; ');
}

const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=(), clipboard-read=(), clipboard-write=(self)';

export function buildSecurityHeaders({ nonce, https }: { nonce: string; https: boolean }): Headers {
  const h = new Headers();
  h.set(
    'content-security-policy',
    contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development'),
  );
  h.set('referrer-policy', 'no-referrer');
  h.set('x-content-type-options', 'nosniff');
  h.set('x-frame-options', 'DENY');
  h.set('permissions-policy', PERMISSIONS_POLICY);
  h.set('cross-origin-opener-policy', 'same-origin');
  // Every response the proxy handles may carry session-bound data: never store it anywhere.
  h.set('cache-control', 'no-store, max-age=0');
  if (https) h.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return h;
}
