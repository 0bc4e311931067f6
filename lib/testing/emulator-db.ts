import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../db/client';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { testDb } from './backends';

/**
 * One test file's world: a seedless emulator and a fresh PGlite console database, started before
 * the file's tests and closed after them. `ready` receives both once they are up (a file assigns
 * its own `t` and `db`, and points its mocks at them).
 */
export function emulatorAndDbForFile(ready: (world: { t: TestEmulator; db: Db }) => void): void {
  let t: TestEmulator | null = null;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    t = await startTestEmulator({ seed: 'none' });
    const opened = await testDb('pglite');
    close = opened.close;
    ready({ t, db: opened.db });
  });
  afterAll(async () => {
    await close();
    await t?.close();
  });
}
