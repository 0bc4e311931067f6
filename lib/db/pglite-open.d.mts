import type { PGlite } from '@electric-sql/pglite';

/** Opens PGlite on a directory (created on first use) or, with `null`, in memory. */
export function openPglite(dataDir: string | null): Promise<PGlite>;
