import type { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../../lib/db/pglite-open.mjs';
import { ConsoleSession } from '../../scripts/lib/console-session';
import { startConsole, waitUp, type ConsoleProcess } from './console-process';
import { PORTS, urlFor } from './ports';

/**
 * A console that a test stops, kills and starts again on one database: a PGlite data directory of
 * its own, on the suite's emulator, syncing every second. `boot` starts it and signs the admin in;
 * `withDb` opens its database while it is down (to read it, or to move its clock: a backdated
 * lease or purge date). `dispose` (in afterEach) stops it and removes the directory.
 */
export function restartableConsole(port: number, label: string) {
  let server: ConsoleProcess | null = null;
  let dataDir = '';
  const running = () => {
    if (!server) throw new Error(`the ${label} console is not running`);
    return server;
  };
  return {
    async boot(): Promise<ConsoleSession> {
      dataDir ||= mkdtempSync(path.join(tmpdir(), `vault-console-${label}-`));
      server = await startConsole(port, {
        EMULATOR_PORT: String(PORTS.emulator),
        CONSOLE_DATA_DIR: dataDir,
        INDEX_SYNC_INTERVAL_SECONDS: '1',
      });
      await waitUp(`${urlFor(port)}/api/health`, server);
      const session = new ConsoleSession(urlFor(port));
      await session.signIn('admin@example.com');
      return session;
    },
    /** A clean stop (SIGTERM): shutdown handlers run. */
    async stop() {
      await running().stop();
      server = null;
    },
    /** kill -KILL: nothing of the console's gets to run. */
    async crash() {
      await running().crash();
      server = null;
    },
    /** The console's database, opened by the test while the console is down. */
    async withDb<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
      if (server) throw new Error(`stop the ${label} console before opening its database`);
      const db = await openPglite(dataDir);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async dispose() {
      await server?.stop();
      server = null;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      dataDir = '';
    },
  };
}
