/**
 * Typed console errors. SDK exceptions are mapped here by status and class, never by message, and
 * only the code and a message written for a person leave the server.
 */
export type ConsoleErrorCode =
  | 'unauthenticated'
  | 'reauth_required'
  | 'forbidden'
  | 'invalid_input'
  | 'invalid_context'
  | 'name_taken'
  | 'not_found'
  | 'conflict'
  | 'customer_key_unavailable'
  | 'invalid_api_key'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'unknown_outcome'
  | 'unexpected';

export type ConsoleError = {
  code: ConsoleErrorCode;
  message: string;
  /** Seconds to wait before retrying (rate_limited). */
  retryAfterSeconds?: number;
  /** The customer key state behind the refusal (customer_key_unavailable): from synced events, or 'unconfirmed'. */
  keyState?: string;
};

const ERROR_MESSAGES: Record<ConsoleErrorCode, string> = {
  unauthenticated: 'Your session has ended. Sign in again to continue.',
  reauth_required: 'This action needs a recent sign-in. Sign in again and you will come back here.',
  forbidden: 'Your role does not allow this action.',
  invalid_input: 'Some fields are not valid. Check the highlighted fields.',
  invalid_context:
    'WorkOS rejected the key context. It needs 1–10 pairs of non-empty string keys with string values of at most 500 characters.',
  name_taken:
    'An object with this name already exists in this environment. Names are unique across all organizations.',
  not_found:
    'This object no longer exists: it was deleted, or the id does not match any object in this environment.',
  conflict: 'Someone changed this object after you loaded it.',
  customer_key_unavailable:
    "The organization's customer-managed key (BYOK) is unavailable, so WorkOS cannot decrypt or encrypt this data. Metadata is still available.",
  invalid_api_key:
    'WorkOS rejected the console’s API key. Check WORKOS_API_KEY (run `npm run doctor`).',
  rate_limited: 'WorkOS is rate limiting the console.',
  upstream_unavailable:
    'WorkOS did not answer in time or returned a server error. Nothing was changed that we know of; try again.',
  unknown_outcome:
    'The connection dropped before WorkOS answered, so we cannot tell whether the change was applied.',
  unexpected: 'Something went wrong on our side. The error was logged; try again.',
};

export function consoleError(
  code: ConsoleErrorCode,
  extra: Partial<ConsoleError> = {},
): ConsoleError {
  let message = extra.message ?? ERROR_MESSAGES[code];
  if (code === 'rate_limited' && extra.retryAfterSeconds !== undefined && !extra.message) {
    message = `${ERROR_MESSAGES.rate_limited} Try again in ${extra.retryAfterSeconds} s.`;
  }
  return { ...extra, code, message };
}

type SdkLike = {
  status?: unknown;
  retryAfter?: unknown;
  rawData?: unknown;
  name?: unknown;
  cause?: unknown;
  message?: unknown;
};

/**
 * Maps anything an SDK call threw. `operation` tells a write from a read so a 409 on create is a
 * name clash and a 409 elsewhere a version conflict (WorkOS uses 409 for both).
 */
export function toConsoleError(
  err: unknown,
  operation: 'read' | 'create' | 'write' = 'read',
): ConsoleError {
  const e = (err ?? {}) as SdkLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === 404) return consoleError('not_found');
  if (status === 409) return consoleError(operation === 'create' ? 'name_taken' : 'conflict');
  if (status === 422) return consoleError('invalid_context');
  if (status === 401) return consoleError('invalid_api_key');
  if (status === 429) {
    const retry =
      typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter)
        ? Math.max(1, Math.ceil(e.retryAfter))
        : 30;
    return consoleError('rate_limited', { retryAfterSeconds: retry });
  }
  // No WorkOS source documents a 403 body (a BYOK refusal included), so none is read here;
  // lib/byok/explain.ts explains a Vault 403 from the organization's known key state.
  if (status === 403)
    return consoleError('forbidden', {
      message:
        'WorkOS refused this call (HTTP 403): the console’s API key lacks access, or the organization’s customer-managed key (BYOK) is unavailable.',
    });
  if (status === 408 || (status !== undefined && status >= 500))
    return consoleError('upstream_unavailable');
  if (status === 400)
    return consoleError('invalid_input', {
      message: 'WorkOS rejected the request as malformed (HTTP 400).',
    });
  const text = typeof e.message === 'string' ? e.message : '';
  // The SDK wraps network failures as plain Errors ("Unexpected error: TypeError …").
  if (
    /fetch failed|ECONNRESET|ECONNREFUSED|socket hang up|other side closed|TypeError|timeout/i.test(
      text,
    )
  ) {
    return consoleError(operation === 'read' ? 'upstream_unavailable' : 'unknown_outcome');
  }
  return consoleError('unexpected');
}
