import type { PGlite } from '@electric-sql/pglite';

/** What a test hands a new database so it skips work every one would repeat (see the .mjs). */
export type PgliteStart = { dump?: Uint8Array; module?: WebAssembly.Module };

/** Opens PGlite on a directory (created on first use) or, with `null`, in memory. */
export function openPglite(dataDir: string | null, start?: PgliteStart): Promise<PGlite>;
