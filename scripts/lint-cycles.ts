/**
 * Part of `npm run lint`: fails on any import cycle at run time between files anywhere, and
 * between folders of the code the console runs (lib/, components/). See
 * scripts/lib/import-cycles.ts for what counts. docs/architecture.md, "Floors", says which way
 * imports run; a cycle means two rooms lean on each other and neither can be read alone.
 *
 * Tests are left out: nothing imports them, and their imports (a test of the index seeding BYOK
 * rows, say) are not the console's. e2e/ and scripts/ are checked at file level only: they are
 * tooling, and the harness shares helpers both ways between them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  buildGraph,
  collapse,
  cycles,
  edgesWithin,
  folderOf,
  type ImportGraph,
} from './lib/import-cycles';

const files = new Map<string, string>();
const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
});
for (const f of listed.split('\n'))
  if (/\.(ts|tsx|mts|mjs)$/.test(f) && !/\.d\.ts$|\.(test|spec)\.tsx?$/.test(f)) {
    try {
      files.set(f, readFileSync(f, 'utf8'));
    } catch {
      // listed but deleted in the work tree
    }
  }

const graph = buildGraph(files);
const folders = collapse(graph, folderOf, (f) => /^(lib|components)\//.test(f));
let failed = false;
const report = (level: string, g: ImportGraph) => {
  const found = cycles(g);
  for (const c of found) {
    failed = true;
    console.error(`lint-cycles: ${level} cycle of ${c.length}:`);
    for (const e of edgesWithin(g, c)) console.error(`  ${e}`);
  }
  return found.length;
};
const fileCycles = report('file', graph);
const folderCycles = report('folder', folders);
const edges = [...graph.values()].reduce((n, s) => n + s.size, 0);
console.log(
  `lint-cycles: ${graph.size} files, ${edges} run-time imports, ${folders.size} folders: ${fileCycles} file cycles, ${folderCycles} folder cycles`,
);
if (failed) process.exit(1);
