// Plain JavaScript, not TypeScript: the PGlite worker (pglite-worker.mjs) loads this file with
// Node's own loader, in `next start`, the dev server, tsx scripts and Vitest alike.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// initdb inside PGlite takes ~6 s on this machine; loading a dumped empty cluster takes < 1 s.
// The dump is cached once per checkout and reused for every in-memory or brand-new database.
const TEMPLATE_FILE = path.join(
  process.cwd(),
  'node_modules',
  '.cache',
  'vault-console',
  'pglite-template-0.5.tar',
);

/** @returns {Promise<Blob | undefined>} */
async function templateBlob() {
  try {
    if (existsSync(TEMPLATE_FILE)) return new Blob([readFileSync(TEMPLATE_FILE)]);
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
    const tmp = `${TEMPLATE_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, TEMPLATE_FILE);
    return dump;
  } catch {
    return undefined; // a read-only checkout still works, just slower
  }
}

/**
 * Opens PGlite on a directory (created on first use) or, with `null`, in memory.
 * `start` is for tests that open many databases (lib/testing/backends.ts): `dump` is the cluster
 * an in-memory database starts from instead of the empty template, `module` PGlite compiled once.
 * @param {string | null} dataDir
 * @param {import('./pglite-open.d.mts').PgliteStart} [start]
 */
export async function openPglite(dataDir, start = {}) {
  // pg_trgm backs the command palette's substring search (migration 41).
  const extensions = { pg_trgm };
  const compiled = start.module ? { pgliteWasmModule: start.module } : {};
  if (dataDir && existsSync(path.join(dataDir, 'PG_VERSION')))
    return PGlite.create({ dataDir, extensions, ...compiled });
  const loadDataDir = !dataDir && start.dump ? new Blob([start.dump]) : await templateBlob();
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return PGlite.create({
    extensions,
    ...compiled,
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}
