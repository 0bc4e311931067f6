import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The scripts a page's HTML makes a modern browser load. `noModule` scripts (Next's legacy
 * polyfills) are skipped: modern browsers ignore them.
 */
export function firstLoadScripts(html: string): string[] {
  const tags = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+\.js)"[^>]*>/g)].filter(
    (m) => !/\bnoModule\b/i.test(m[0]),
  );
  return [...new Set(tags.map((m) => m[1]!))];
}

/** Their total size, gzipped from the build output in `.next`. */
export function gzippedBytes(srcs: string[]): number {
  return srcs.reduce(
    (sum, src) =>
      sum + gzipSync(readFileSync(path.join('.next', src.replace('/_next/', '')))).length,
    0,
  );
}
