import { getEnv } from '../env';
import { ensureIndexSync, stopIndexSync } from './runtime';

const flags = globalThis as unknown as { __vaultConsoleLifecycle?: boolean };

/** Background mode: the first pass runs now, not at the first page view. */
export function startSyncAtBoot(): void {
  try {
    if (getEnv().indexSync.mode !== 'background') return;
  } catch {
    return; // a configuration error: the first page says what is wrong
  }
  void ensureIndexSync().catch((err: unknown) =>
    console.error(
      `[index-sync] could not start: ${err instanceof Error ? err.message.slice(0, 300) : 'unknown error'}`,
    ),
  );
}

/**
 * SIGTERM/SIGINT: stop the sync and release its lease. When the launcher set
 * NEXT_MANUAL_SIG_HANDLE, Next leaves the signals to us and we exit afterwards; otherwise Next's
 * own handler closes the server and exits, and ours races it (the lease release is one query).
 */
export function installShutdownHandlers(): void {
  if (flags.__vaultConsoleLifecycle) return;
  flags.__vaultConsoleLifecycle = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const manual = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
    const exit = () => {
      if (manual) process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    // Whatever happens, do not hang on to a signal for more than 8 s.
    setTimeout(exit, 8_000).unref();
    stopIndexSync()
      .then(() => console.log(`[index-sync] stopped on ${signal}; lease released`))
      .catch((err: unknown) =>
        console.error(
          `[index-sync] stop on ${signal} failed: ${err instanceof Error ? err.message : 'unknown error'}`,
        ),
      )
      .finally(exit);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
