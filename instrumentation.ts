import type { Instrumentation } from 'next';

/**
 * Runs once when a console server process starts. In the Node.js runtime it starts the index sync
 * at once (so a restarted console syncs without waiting for a page view; INDEX_SYNC_MODE=external
 * starts no loop) and stops it on SIGTERM/SIGINT, handing its lease back so the next console, or
 * this one restarted, syncs immediately instead of waiting out the lease.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installShutdownHandlers, startSyncAtBoot } = await import('./lib/index/lifecycle');
  installShutdownHandlers();
  startSyncAtBoot();
  // Audit Logs events a previous process queued but did not send go out now.
  const { startAuditOutbox } = await import('./lib/audit/outbox');
  startAuditOutbox();
  // Webhook notifications (NOTIFY_WEBHOOK_URL) left unsent, and expiry sweeps.
  const { startNotifier } = await import('./lib/notify/outbox');
  startNotifier();
}

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
