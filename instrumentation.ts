/**
 * Runs once when a console server process starts. In the Node.js runtime it starts the index sync
 * at once (so a restarted console syncs without waiting for a page view; INDEX_SYNC_MODE=external
 * starts no loop) and stops it on SIGTERM/SIGINT, handing its lease back so the next console, or
 * this one restarted, syncs immediately instead of waiting out the lease.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installShutdownHandlers, startSyncAtBoot } = await import('./lib/vault/lifecycle');
  installShutdownHandlers();
  startSyncAtBoot();
}
