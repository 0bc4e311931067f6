/**
 * Same-origin check for route handlers that change state (sign-out, organization switch): server
 * actions get Next's built-in Origin check, route handlers do not. A request whose Origin (or,
 * without one, Sec-Fetch-Site) shows it came from another origin is refused. A request with
 * neither header is not from a browser page (browsers send Origin on every cross-origin POST),
 * so it is allowed.
 */
export function crossOriginRefusal(request: Request, appUrl: string | undefined): string | null {
  const allowed = new Set<string>();
  for (const candidate of [appUrl, request.url]) {
    if (!candidate) continue;
    try {
      allowed.add(new URL(candidate).origin);
    } catch {
      // not a URL: ignore
    }
  }
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin === 'null') {
    // Our Referrer-Policy is no-referrer, under which browsers send "Origin: null" on a plain form
    // POST even from our own pages (the sign-out button). Sec-Fetch-Site still tells the truth
    // there, and a sandboxed frame or data: URL elsewhere says cross-site.
    if (site === 'same-origin') return null;
    return `Refused: this request came from another origin (null, Sec-Fetch-Site: ${(site ?? 'absent').slice(0, 20)}).`;
  }
  if (origin !== null) {
    if (!allowed.has(origin))
      return `Refused: this request came from another origin (${origin.slice(0, 100)}).`;
    return null;
  }
  if (site && site !== 'same-origin' && site !== 'none')
    return `Refused: this request came from another site (Sec-Fetch-Site: ${site.slice(0, 20)}).`;
  return null;
}
