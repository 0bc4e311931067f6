import { describe, expect, it } from 'vitest';
import { buildSecurityHeaders, contentSecurityPolicy } from './headers';

describe('security headers', () => {
  it('uses a nonce with strict-dynamic and no eval outside development', () => {
    const csp = contentSecurityPolicy('abc123', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(d);
    expect(contentSecurityPolicy('abc123', true)).toContain("'unsafe-eval'");
  });

  it('sets the fixed headers, and HSTS only over https', () => {
    const h = buildSecurityHeaders({ nonce: 'n', https: false });
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('cache-control')).toContain('no-store');
    expect(h.get('permissions-policy')).toContain('camera=()');
    expect(h.get('strict-transport-security')).toBeNull();
    expect(
      buildSecurityHeaders({ nonce: 'n', https: true }).get('strict-transport-security'),
    ).toMatch(/max-age=\d+/);
  });
});
