import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// F3-11: docs/fidelity.md must be one table whose citations of this repository's files are real.
const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/fidelity.md'), 'utf8');
const LOCAL_ROOTS = ['lib/', 'e2e/', 'scripts/', 'app/', 'components/', 'docs/'];

function filesNamed(name: string, dir = ROOT, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesNamed(name, full, out);
    else if (entry.name === name) out.push(full);
  }
  return out;
}

/** Every backticked path into this repository, and every bare test file name it cites. */
function citedFiles(text: string): { cited: string; kind: 'path' | 'name' }[] {
  const out: { cited: string; kind: 'path' | 'name' }[] = [];
  for (const m of text.matchAll(/(e2e\s+)?`([^`\s]+)`/g)) {
    const token = m[2]!;
    if (!/\.(tsx?|md|mjs|json)$/.test(token) || token.includes('*')) continue;
    if (LOCAL_ROOTS.some((r) => token.startsWith(r))) out.push({ cited: token, kind: 'path' });
    else if (
      !token.includes('/') &&
      (token.endsWith('.test.ts') || (m[1] && token.endsWith('.spec.ts')))
    )
      out.push({ cited: token, kind: 'name' });
  }
  return out;
}

describe('docs/fidelity.md', () => {
  it('has one Rows table (one header row)', () => {
    expect(doc.match(/^\| Behaviour the console relies on/gm)).toHaveLength(1);
  });

  it('cites only files that exist in this repository', () => {
    const cited = citedFiles(doc);
    expect(cited.length).toBeGreaterThan(20);
    const missing = cited.filter(({ cited: c, kind }) =>
      kind === 'path' ? !existsSync(path.join(ROOT, c)) : filesNamed(c).length === 0,
    );
    expect(missing.map((m) => m.cited)).toEqual([]);
  });

  it('the check itself catches a wrong citation', () => {
    const bad = citedFiles(
      'see `lib/testing/openapi-spec.ts` and `index-sync.test.ts`, e2e `nope.spec.ts`',
    );
    expect(bad.map((b) => b.cited)).toEqual([
      'lib/testing/openapi-spec.ts',
      'index-sync.test.ts',
      'nope.spec.ts',
    ]);
    expect(existsSync(path.join(ROOT, bad[0]!.cited))).toBe(false);
    expect(filesNamed('index-sync.test.ts')).toEqual([]);
  });
});
