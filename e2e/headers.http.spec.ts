import { postAction } from './support/actions';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';

test('security headers on pages, route handlers and server-action replies; a fresh nonce each time', async ({
  requestAs,
}) => {
  const obj = await freshObject();
  const request = await requestAs('admin');
  const first = await request.get(obj.path);
  const second = await request.get(obj.path);
  const api = await request.get('/api/index/status');
  const reply = await postAction(request, obj.path, 'revealObjectValue', [
    { objectId: obj.id, purpose: 'reveal' },
  ]);
  const nonces: string[] = [];
  for (const headers of [first.headers(), second.headers(), api.headers(), reply.headers]) {
    const csp = headers['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(d);
    nonces.push(/nonce-([^']+)/.exec(csp)![1]!);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(headers['cache-control']).toContain('no-store');
    expect(headers['strict-transport-security']).toBeUndefined(); // plain http here; set over https
  }
  expect(new Set(nonces).size).toBe(4);
  const behindTls = await request.get('/api/health', {
    headers: { 'x-forwarded-proto': 'https' },
  });
  expect(behindTls.headers()['strict-transport-security']).toMatch(
    /max-age=\d+; includeSubDomains/,
  );
  // Next put the request's nonce on its own scripts.
  const html = await first.text();
  expect(html).toContain(`nonce="${nonces[0]}"`);
});
