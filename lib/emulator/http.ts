import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A reply that a route decided on: status, JSON body, extra headers. Thrown and rendered by onError. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body.error === 'string'
        ? body.error
        : typeof body.message === 'string'
          ? body.message
          : `HTTP ${status}`,
    );
  }
}

/** Vault APIs answer errors as `{ "error": "<message>" }`. */
export function vaultError(
  status: ContentfulStatusCode,
  message: string,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { error: message, ...extra });
}

/** The rest of the WorkOS API answers `{ message, code?, errors? }`. */
export function apiError(
  status: ContentfulStatusCode,
  message: string,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { message, ...extra });
}

export async function readJsonObject(
  c: Context,
  style: 'vault' | 'api' = 'vault',
): Promise<Record<string, unknown>> {
  const fail = (msg: string) =>
    style === 'vault' ? vaultError(400, msg) : apiError(400, msg, { code: 'invalid_request' });
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw fail('Request body could not be read');
  }
  if (text.trim() === '') throw fail('Request body must be a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('Request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw fail('Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** WorkOS timestamps carry microseconds: 2025-03-11T02:18:54.250931Z. JS dates stop at ms. */
export function isoMicros(d: Date): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

/** Version `created_at` values are whole seconds, zero padded: 2029-03-17T15:51:57.000000Z. */
export function isoWholeSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '.000000Z');
}

export function isoMillis(d: Date): string {
  return d.toISOString();
}

export function queryValues(c: Context, name: string): string[] {
  const all = [...(c.req.queries(name) ?? []), ...(c.req.queries(`${name}[]`) ?? [])];
  return all
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A 422 in the shape WorkOS uses for a field that broke a rule. */
export const validation = (field: string, code: string, message: string) =>
  apiError(422, 'Validation failed', {
    code: 'validation_failed',
    errors: [{ code, field, message }],
  });
