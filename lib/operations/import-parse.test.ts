import { describe, expect, it } from 'vitest';
import { parseImport } from './import-parse';

describe('parseImport', () => {
  it('reads .env lines: comments, export, quotes, escapes, inline comments, multi-line', () => {
    const r = parseImport(
      [
        '# comment',
        'export DB_HOST=db.internal',
        'PASSWORD="p@ss \\"x\\"\\nline2"',
        "RAW='a $b # not a comment'",
        'PORT=5432 # the port',
        'CERT="-----BEGIN',
        'abc',
        '-----END"',
        'EMPTY=',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      { key: 'DB_HOST', value: 'db.internal' },
      { key: 'PASSWORD', value: 'p@ss "x"\nline2' },
      { key: 'RAW', value: 'a $b # not a comment' },
      { key: 'PORT', value: '5432' },
      { key: 'CERT', value: '-----BEGIN\nabc\n-----END' },
      { key: 'EMPTY', value: '' },
    ]);
  });

  it('names the line of a malformed entry and keeps the last of duplicates', () => {
    const r = parseImport('GOOD=1\nthis is not\nGOOD=2\nOPEN="never closed');
    expect(r.entries).toEqual([{ key: 'GOOD', value: '2' }]);
    expect(r.problems).toEqual([
      'Line 2: not KEY=value.',
      'Line 4: the quoted value for OPEN is not closed.',
      'GOOD appears more than once; the last one is used.',
    ]);
  });

  it('reads a JSON object, stringifying non-string values', () => {
    expect(parseImport('{"A":"x","B":{"n":1}}').entries).toEqual([
      { key: 'A', value: 'x' },
      { key: 'B', value: '{"n":1}' },
    ]);
    expect(parseImport('{"A":').problems[0]).toMatch(/^Not valid JSON/);
    expect(parseImport('["x"]').problems).toEqual([
      'The JSON must be an object of names to values.',
    ]);
  });
});
