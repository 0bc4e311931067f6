import { describe, expect, it } from 'vitest';
import { paths } from './paths';

describe('paths', () => {
  it('keeps an id built to escape its segment inside that segment', () => {
    const hostile = '../key-tools?org=x';
    const href = paths.org(hostile);
    expect(href).toBe('/orgs/..%2Fkey-tools%3Forg%3Dx');
    // Resolved the way a browser resolves a link, it stays under /orgs/ with no query.
    const url = new URL(href, 'https://console.example.com/orgs/org_1');
    expect(url.pathname).toBe('/orgs/..%2Fkey-tools%3Forg%3Dx');
    expect(url.search).toBe('');
    for (const build of [paths.orgNew, paths.orgByok, paths.object]) {
      const resolved = new URL(build(hostile), 'https://console.example.com/');
      expect(resolved.pathname).not.toContain('/key-tools');
      expect(resolved.search).toBe('');
    }
  });

  it('encodes query values and leaves out empty ones', () => {
    expect(paths.org('org_1', { deleted: 'a/b & c', after: undefined })).toBe(
      '/orgs/org_1?deleted=a%2Fb+%26+c',
    );
    expect(paths.orgs({ q: '', after: null })).toBe('/orgs');
    expect(paths.object('secret_1', { created: '1' })).toBe('/objects/secret_1?created=1');
  });
});
