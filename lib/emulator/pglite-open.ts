import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

async function templateBlob(): Promise<Blob | undefined> {
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

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process. Tests that start several databases pass it
 * on: each PGlite otherwise compiles (and optimizes) the 9 MB module again, on every worker too.
 */
export function compiledPglite(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(
    readFileSync(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
        'pglite.wasm',
      ),
    ),
  );
  return compiled;
}

/**
 * Opens PGlite on a directory (created on first use) or, with `null`, in memory; `module`, when
 * given, is PGlite already compiled (see compiledPglite).
 */
export async function openPglite(
  dataDir: string | null,
  module?: WebAssembly.Module,
): Promise<PGlite> {
  const wasm = module ? { pgliteWasmModule: module } : {};
  if (dataDir && existsSync(path.join(dataDir, 'PG_VERSION')))
    return PGlite.create({ dataDir, ...wasm });
  const loadDataDir = await templateBlob();
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return PGlite.create({
    ...wasm,
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}
