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
  if (origin !== null) {
    if (origin === 'null' || !allowed.has(origin))
      return `Refused: this request came from another origin (${origin.slice(0, 100)}).`;
    return null;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    return `Refused: this request came from another site (Sec-Fetch-Site: ${site.slice(0, 20)}).`;
  return null;
}
