import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './redirects';

describe('safeReturnPath', () => {
  it.each([
    ['/objects/secret_1', '/objects/secret_1'],
    ['/orgs?q=a%20b', '/orgs?q=a%20b'],
    ['//evil.example/x', '/orgs'],
    ['/\\evil.example', '/orgs'],
    ['https://evil.example/', '/orgs'],
    ['javascript:alert(1)', '/orgs'],
    ['/ok\nSet-Cookie: x', '/orgs'],
    ['', '/orgs'],
    [null, '/orgs'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
