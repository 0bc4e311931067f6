/**
 * Keeps web pages away from the local emulator (security review F5/F14):
 * - the Host header must be a loopback name (or one the operator allowed), so a DNS-rebinding
 *   page that resolves its own name to 127.0.0.1 gets nothing;
 * - the control API (/_emulator/*) needs the per-start control token and, for writes, a JSON
 *   body (a page can only send text/plain, form or multipart without a CORS preflight, and the
 *   emulator answers no preflight);
 * - binding a non-loopback address needs EMULATOR_ALLOW_REMOTE=1 and prints a warning;
 * - GET /_emulator/health answers a challenge with an HMAC of the token, so the launcher can
 *   tell its own emulator from another process on the port without sending the token to it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

const CONTROL_TOKEN_HEADER = 'x-emulator-token';
const CHALLENGE_HEADER = 'x-emulator-challenge';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The host name of a Host header, without the port ("[::1]:4100" → "[::1]"). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0]!;
}

function newControlToken(): string {
  return randomBytes(24).toString('base64url');
}

export function challengeProof(token: string, challenge: string): string {
  return createHmac('sha256', token).update(`vault-console-emulator:${challenge}`).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a non-loopback bind unless explicitly allowed; warns when it is. */
export function checkBindHost(host: string, allowRemote: boolean): void {
  if (isLoopbackHost(host)) return;
  if (!allowRemote)
    throw new Error(
      `EMULATOR_HOST="${host}" is not a loopback address. The emulator signs anyone in without a password and holds local secrets; set EMULATOR_ALLOW_REMOTE=1 to bind it there anyway.`,
    );
  console.warn(
    `[emulator] WARNING: listening on ${host} (EMULATOR_ALLOW_REMOTE=1). Anyone who can reach this address can sign in as any demo user and read every local secret.`,
  );
}

export function guardMiddleware(opts: {
  controlToken: string;
  allowedHosts: string[];
}): MiddlewareHandler<AppEnv> {
  const allowed = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const name = hostName(c.req.header('host') ?? '');
    if (!isLoopbackHost(name) && !allowed.has(name)) {
      return c.json(
        {
          message: `Host "${name.slice(0, 100)}" is not allowed: the emulator answers loopback names only (EMULATOR_ALLOWED_HOSTS adds more).`,
          code: 'host_not_allowed',
        },
        421,
      );
    }
    if (!c.req.path.startsWith('/_emulator')) return next();
    if (c.req.method === 'GET' && c.req.path === '/_emulator/health') {
      await next();
      const challenge = c.req.header(CHALLENGE_HEADER);
      if (challenge && challenge.length <= 200)
        c.res.headers.set('x-emulator-proof', challengeProof(opts.controlToken, challenge));
      return;
    }
    const token = c.req.header(CONTROL_TOKEN_HEADER) ?? '';
    if (!token || !sameSecret(token, opts.controlToken)) {
      return c.json(
        {
          message: `The control API needs the per-start token in the ${CONTROL_TOKEN_HEADER} header (the launcher passes it as EMULATOR_CONTROL_TOKEN).`,
          code: 'control_token_required',
        },
        401,
      );
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json')
        return c.json(
          {
            message: 'The control API accepts application/json only.',
            code: 'unsupported_media_type',
          },
          415,
        );
    }
    return next();
  };
}

/**
 * The control token for this start: EMULATOR_CONTROL_TOKEN if set; else, with a data directory,
 * the one stored there (created once, mode 0600) so a later launcher can recognise its emulator;
 * else a fresh random one. The launcher and the emulator both call this, and agree.
 */
export function resolveControlToken(
  env: Record<string, string | undefined>,
  dataDir: string | null,
): string {
  if (env.EMULATOR_CONTROL_TOKEN) return env.EMULATOR_CONTROL_TOKEN;
  if (!dataDir) return newControlToken();
  const file = path.join(dataDir, 'control-token');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 24) return stored;
  } catch {
    // not there yet
  }
  mkdirSync(dataDir, { recursive: true });
  const token = newControlToken();
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}
