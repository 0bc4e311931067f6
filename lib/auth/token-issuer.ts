import { jwtVerify, type JWTPayload } from 'jose';

/**
 * Which access-token issuers the console accepts, and how a token is bound to its client.
 *
 * WorkOS does not mint one `iss` shape: `https://api.workos.com` in older environments,
 * `<api host>/user_management/<client id>` in environments created since mid-2025, a custom
 * authentication domain in place of the API host, and flag-gated `/sso/<client id>` and
 * `/convex/<client id>` paths (the issuer-validation pull requests in WorkOS's own SDKs:
 * workos/workos-node#1694, workos/authkit-nextjs#476; the session-tokens reference shows
 * `"iss": "https://api.workos.com"`). So the issuer's host is never the binding: a token belongs
 * to our client because it verifies against our client's JWKS (`/sso/jwks/<client id>`, which
 * only WorkOS can sign for) and because its client claim, and any client id in its issuer path,
 * name our client. The issuer only has to be one of those documented shapes.
 */

export type IssuerPath = 'bare' | 'user_management' | 'sso' | 'convex' | 'other';

export type IssuerForm = {
  /** `workos`: api.workos.com or the configured API host (a proxy, the emulator); else a custom domain. */
  host: 'workos' | 'custom-domain';
  path: IssuerPath;
  /** Accepted because WORKOS_TOKEN_ISSUERS lists it, not because of its shape. */
  listed: boolean;
};

export type TokenBinding = {
  clientId: string;
  /** The configured API origin, e.g. `https://api.workos.com` or `http://localhost:4100`. */
  apiOrigin: string;
  /** WORKOS_TOKEN_ISSUERS: exact issuers accepted whatever their shape (the escape hatch). */
  listed: readonly string[];
};

const WORKOS_ORIGIN = 'https://api.workos.com';

export function listedIssuers(
  raw: string | undefined = process.env.WORKOS_TOKEN_ISSUERS,
): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The documented form of `iss`, or null when it is none of them (or names another client).
 * http is accepted only on the configured API origin (the local emulator); everywhere else https.
 */
export function issuerForm(iss: unknown, binding: TokenBinding): IssuerForm | null {
  if (typeof iss !== 'string' || !iss) return null;
  const listed = binding.listed.includes(iss);
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return null;
  }
  const origin = url.origin;
  const host: IssuerForm['host'] =
    origin === WORKOS_ORIGIN || origin === binding.apiOrigin ? 'workos' : 'custom-domain';
  const path = pathForm(url, binding.clientId);
  const shapeOk =
    path !== null &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password &&
    (url.protocol === 'https:' || origin === binding.apiOrigin);
  if (shapeOk) return { host, path, listed };
  return listed ? { host, path: path ?? 'other', listed } : null;
}

function pathForm(url: URL, clientId: string): IssuerPath | null {
  const p = url.pathname.replace(/\/$/, '');
  if (p === '') return 'bare';
  const m = /^\/(user_management|sso|convex)\/([^/]+)$/.exec(p);
  if (!m || m[2] !== clientId) return null;
  return m[1] as IssuerPath;
}

export function describeIssuerForm(form: IssuerForm): string {
  const where = form.host === 'workos' ? 'WorkOS API host' : 'custom domain';
  const what =
    form.path === 'bare'
      ? form.host === 'workos'
        ? 'legacy form (bare origin)'
        : 'bare origin'
      : form.path === 'other'
        ? 'another path'
        : `/${form.path}/<client id>`;
  return `${where}, ${what}${form.listed ? ', listed in WORKOS_TOKEN_ISSUERS' : ''}`;
}

export type VerifiedToken<C> =
  | { ok: true; claims: C; form: IssuerForm }
  | { ok: false; reason: 'signature' | 'client' | 'issuer'; iss?: string };

/**
 * Signature (against the client's key set), expiry, client claim and issuer form; null when any
 * fails (with the reason). A token without a `client_id` claim is accepted on its signature (WorkOS's documented
 * example token has none); one that names another client is refused.
 */
export async function verifyBoundToken<C extends JWTPayload>(
  token: string,
  keySet: Parameters<typeof jwtVerify>[1],
  binding: TokenBinding,
): Promise<VerifiedToken<C>> {
  let claims: C;
  try {
    claims = (await jwtVerify(token, keySet as never, { clockTolerance: 5 })).payload as C;
  } catch {
    return { ok: false, reason: 'signature' };
  }
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  const clientClaim = (claims as { client_id?: unknown }).client_id;
  if (clientClaim !== undefined && clientClaim !== binding.clientId)
    return { ok: false, reason: 'client', iss };
  const form = issuerForm(claims.iss, binding);
  return form ? { ok: true, claims, form } : { ok: false, reason: 'issuer', iss };
}
