import { parse as dotenvParse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { parseImport } from './import-parse';

const values = (text: string) =>
  Object.fromEntries(parseImport(text).entries.map((e) => [e.key, e.value]));

describe('parseImport (.env, read by dotenv)', () => {
  it('reads .env lines: comments, export, quotes, escapes, inline comments, multi-line', () => {
    const text = [
      '# comment',
      'export DB_HOST=db.internal',
      'PASSWORD="p@ss \\nline2"',
      "RAW='a $b # not a comment'",
      'PORT=5432 # the port',
      'CERT="-----BEGIN',
      'abc',
      '-----END"',
      'EMPTY=',
    ].join('\n');
    const r = parseImport(text);
    expect(r.problems).toEqual([]);
    expect(r.lines).toBe(9);
    expect(r.entries).toEqual([
      { key: 'DB_HOST', value: 'db.internal', line: 2 },
      { key: 'PASSWORD', value: 'p@ss \nline2', line: 3 },
      { key: 'RAW', value: 'a $b # not a comment', line: 4 },
      { key: 'PORT', value: '5432', line: 5 },
      { key: 'CERT', value: '-----BEGIN\nabc\n-----END', line: 6 },
      { key: 'EMPTY', value: '', line: 9 },
    ]);
    // Exactly what dotenv itself makes of the file.
    expect(values(text)).toEqual(dotenvParse(text));
  });

  it('R3-01: KEY="v" # note never swallows the lines after it', () => {
    const text = [
      'X_DB_URL="postgres://app:pw@db/prod" # primary',
      'X_STRIPE_KEY=sk_live_should_be_its_own_secret',
      'X_API_TOKEN="tok_should_be_its_own_secret"',
    ].join('\n');
    const r = parseImport(text);
    expect(r.problems).toEqual([]);
    expect(r.lines).toBe(3);
    expect(r.entries).toEqual([
      { key: 'X_DB_URL', value: 'postgres://app:pw@db/prod', line: 1 },
      { key: 'X_STRIPE_KEY', value: 'sk_live_should_be_its_own_secret', line: 2 },
      { key: 'X_API_TOKEN', value: 'tok_should_be_its_own_secret', line: 3 },
    ]);
    expect(values(text)).toEqual(dotenvParse(text));
  });

  it('names the line of what dotenv would not read, and keeps the last of duplicates', () => {
    const r = parseImport(
      'GOOD=1\nthis is not\nGOOD=2\nBAD="closed" trailing\nOPEN="never closed\nAFTER=ok',
    );
    expect(r.entries).toEqual([
      { key: 'GOOD', value: '2', line: 3 },
      { key: 'AFTER', value: 'ok', line: 6 },
    ]);
    expect(r.lines).toBe(6);
    expect(r.problems).toEqual([
      'Line 2: dotenv reads no KEY=value here.',
      'Line 4: the "-quoted value for BAD is not closed, or has text after its closing quote; not imported.',
      'Line 5: the "-quoted value for OPEN is not closed, or has text after its closing quote; not imported.',
      'GOOD appears more than once; the last one is used.',
    ]);
  });

  it('counts CRLF files and a trailing newline like dotenv', () => {
    const r = parseImport('A=1\r\nB="x\r\ny"\r\n');
    expect(r.lines).toBe(3);
    expect(r.entries).toEqual([
      { key: 'A', value: '1', line: 1 },
      { key: 'B', value: 'x\ny', line: 2 },
    ]);
  });
});

describe('parseImport (JSON)', () => {
  it('reads a JSON object, stringifying non-string values', () => {
    expect(parseImport('{"A":"x","B":{"n":1}}').entries).toEqual([
      { key: 'A', value: 'x', line: 0 },
      { key: 'B', value: '{"n":1}', line: 0 },
    ]);
    expect(parseImport('{"A":').problems[0]).toMatch(/^Not valid JSON/);
    expect(parseImport('["x"]').problems).toEqual([
      'The JSON must be an object of names to values.',
    ]);
  });
});
