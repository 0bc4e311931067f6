import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './redirects';

/** Where a browser would go if it were redirected to `path` from the console's origin. */
function landsOn(path: string): string {
  return new URL(path, 'https://console.example').origin;
}

const piece = fc.constantFrom(
  '/',
  '//',
  '\\',
  '/\\',
  '\\/',
  '.',
  '..',
  './',
  '../',
  '/./',
  '/../',
  '%2e',
  '%2f',
  '%5c',
  '%2e%2e',
  'evil.com',
  'evil.com/',
  '@evil.com',
  ':',
  '?',
  '#',
  'a',
  'orgs',
  '\t',
  ' ',
);

describe('safeReturnPath (F9)', () => {
  it.each([
    ['/.//evil.com', '/orgs'],
    ['/..//evil.com', '/orgs'],
    ['/./\\evil.com', '/orgs'],
    ['/a/../..//evil.com', '/orgs'],
    ['/orgs/../objects/x', '/objects/x'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it('never yields a protocol-relative or off-origin path, over dot-segment and backslash tricks', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (parts) => {
        const raw = `/${parts.join('')}`;
        const out = safeReturnPath(raw);
        expect(out.startsWith('/')).toBe(true);
        expect(out.startsWith('//')).toBe(false);
        expect(out.startsWith('/\\')).toBe(false);
        expect(landsOn(out)).toBe('https://console.example');
      }),
      { numRuns: 5000 },
    );
  });
});
