/**
 * `npm run build` also bundles the launcher (scripts/console.ts and what it imports, @next/env
 * included) into dist/console.mjs, so `npm start` needs neither tsx nor any other dev dependency:
 * `npm ci && npm run build && npm ci --omit=dev && npm start` works in cloud mode.
 */
import { build } from 'esbuild';
import path from 'node:path';

export const LAUNCHER_BUNDLE = 'dist/console.mjs';

export async function bundleLauncher(root = process.cwd()): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'scripts/console.ts')],
    outfile: path.join(root, LAUNCHER_BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // @next/env is CommonJS: give the ESM bundle the require() and __dirname it expects.
    banner: {
      js: [
        "import { createRequire as __launcherRequire } from 'node:module';",
        "import { dirname as __launcherDirname } from 'node:path';",
        "import { fileURLToPath as __launcherPath } from 'node:url';",
        'const require = __launcherRequire(import.meta.url);',
        'const __filename = __launcherPath(import.meta.url);',
        'const __dirname = __launcherDirname(__filename);',
      ].join(' '),
    },
    logLevel: 'warning',
  });
}
