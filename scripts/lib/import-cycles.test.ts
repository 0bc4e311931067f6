import { describe, expect, it } from 'vitest';
import { buildGraph, collapse, cycles, folderOf, runtimeSpecifiers } from './import-cycles';

const graphOf = (files: Record<string, string>) => buildGraph(new Map(Object.entries(files)));

describe('import-cycles: the run-time import graph behind `npm run lint`', () => {
  it('finds a file cycle through relative and @/ imports, and re-exports', () => {
    const g = graphOf({
      'lib/a/one.ts': "import { two } from './two';\nexport const one = two;",
      'lib/a/two.ts': "export { three as two } from '@/lib/b/three';",
      'lib/b/three.ts': "import { one } from '../a/one';\nexport const three = () => one;",
      'lib/b/leaf.ts': "import 'react';\nexport const leaf = 1;",
    });
    expect(cycles(g)).toEqual([['lib/a/one.ts', 'lib/a/two.ts', 'lib/b/three.ts']]);
  });

  it('leaves out type-only imports and re-exports, and dynamic import()', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "export type { D } from './d';",
      "const e = await import('./e');",
      "import { type F, g } from './fg';",
      "import './side-effect';",
    ].join('\n');
    expect(runtimeSpecifiers('x.ts', text)).toEqual(['./fg', './side-effect']);
    const g = graphOf({
      'lib/a.ts': "import type { B } from './b';\nexport type A = B;",
      'lib/b.ts': "import { type A } from './a';\nexport const b = 1 as unknown as A;",
    });
    expect(cycles(g)).toEqual([]);
  });

  it('finds a folder cycle that no file cycle shows', () => {
    const g = graphOf({
      'lib/index/store.ts': "import { names } from '../orgs';\nexport const s = names;",
      'lib/orgs.ts': "import { count } from './index/count';\nexport const names = count;",
      'lib/index/count.ts': 'export const count = 1;',
    });
    expect(cycles(g)).toEqual([]);
    expect(cycles(collapse(g, folderOf))).toEqual([['lib/index', 'lib/orgs']]);
  });

  it('counts a folder as its first two segments, a top-level file as its own room', () => {
    expect(folderOf('lib/index/store.ts')).toBe('lib/index');
    expect(folderOf('lib/orgs.ts')).toBe('lib/orgs');
    expect(folderOf('components/ui/link.tsx')).toBe('components/ui');
    expect(folderOf('app/(console)/objects/[objectId]/page.tsx')).toBe('app/(console)');
  });
});
