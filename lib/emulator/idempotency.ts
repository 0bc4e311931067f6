import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { open, seal } from './crypto';
import type { AppEnv, Emulator } from './context';
import { HttpError } from './http';
import { sha256Hex } from './ids';

const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Replays the first reply to a POST for a repeated Idempotency-Key (per environment and route)
 * for 24 h. Replies are sealed with the root key: a data-key reply holds key material.
 */
export function idempotencyMiddleware(emu: Emulator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key || !emu.config.policy.idempotency) return next();
    const env = c.var.environmentId;
    const route = `POST ${c.req.path}`;
    const requestHash = sha256Hex(await c.req.text());
    const aad = `idem|${env}|${key}|${route}`;
    const found = await emu.db.query<{
      request_hash: string;
      status: number;
      body: string;
      created_at: Date;
    }>(
      'select request_hash, status, body, created_at from idempotency where environment_id = $1 and key = $2 and route = $3',
      [env, key, route],
    );
    const hit = found.rows[0];
    if (hit && Date.now() - hit.created_at.getTime() < TTL_MS) {
      // Audit Logs: the spec documents that a repeated key "will return the same response" (F3-06).
      // Elsewhere (Vault) nothing is documented; a different body is refused as an assumption.
      if (hit.request_hash !== requestHash && route !== 'POST /audit_logs/events') {
        throw new HttpError(400, {
          error: `Idempotency-Key "${key}" was already used with a different request body`,
          message: 'Idempotency key reused with a different request',
        });
      }
      const body = open(emu.rootKey, Buffer.from(hit.body, 'base64'), aad).toString('utf8');
      c.header('Idempotent-Replayed', 'true');
      return c.body(body, hit.status as ContentfulStatusCode, {
        'Content-Type': 'application/json',
      });
    }
    await next();
    const status = c.res.status;
    if (status >= 500 || status === 429) return; // a retry after these must run again
    const text = await c.res.clone().text();
    const sealed = seal(emu.rootKey, Buffer.from(text, 'utf8'), aad).toString('base64');
    await emu.db.query(
      `insert into idempotency (environment_id, key, route, request_hash, status, body, created_at) values ($1, $2, $3, $4, $5, $6, now())
       on conflict (environment_id, key, route) do update set request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, created_at = now()`,
      [env, key, route, requestHash, status, sealed],
    );
  };
}
