import type { Instrumentation } from 'next';

/**
 * One log line per server error that ties the code shown on the error page (E-<digest>) to the
 * request's correlation id. Name only, never the message: lower layers are not trusted to keep
 * values out of messages.
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request) => {
  const e = err as { digest?: string; name?: string };
  const raw = request.headers['x-correlation-id'];
  const correlation = Array.isArray(raw) ? raw[0] : raw;
  console.error(
    `[request-error] code=E-${e.digest ?? 'none'} correlation=${correlation ?? 'none'} ${request.method} ${request.path.split('?')[0]} ${e.name ?? 'Error'}`,
  );
};
