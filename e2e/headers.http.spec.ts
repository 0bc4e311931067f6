import { postAction } from './support/actions';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ROLES } from './support/roles';

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

test('a prefetched page is one person’s, and no cache may keep it', async ({
  requestAs,
  request,
}) => {
  // What the Link wrapper's warm="page" asks for (components/ui/link.tsx): the page's React
  // payload. Asked as a navigation, as a prefetch, and as a segment prefetch, by two people.
  const obj = await freshObject();
  const asked: Record<string, string>[] = [
    { rsc: '1' },
    { rsc: '1', 'next-router-prefetch': '1' },
    { rsc: '1', 'next-router-prefetch': '1', 'next-router-segment-prefetch': '/_tree' },
  ];
  const people = { admin: ROLES.admin, support: ROLES.support } as const;
  for (const [role, email] of Object.entries(people) as [keyof typeof people, string][]) {
    const other = role === 'admin' ? people.support : people.admin;
    const r = await requestAs(role);
    for (const headers of asked) {
      // Next first answers 307 to add its `_rsc` cache-busting parameter; follow it.
      const res = await r.get(`/orgs/${obj.orgId}`, { headers });
      const what = `${role} ${JSON.stringify(headers)}`;
      expect(res.status(), `${what} → ${res.headers()['location']}`).toBe(200);
      expect(res.headers()['cache-control'], what).toContain('no-store');
      expect(res.headers()['vary'] ?? '', what).toMatch(/rsc/i);
      const body = await res.text();
      expect(body, what).not.toContain(other);
      // A navigation carries the person's own shell; a prefetch of a page with no loading state
      // carries only the route tree (no one's data), which still names the page asked for.
      if (headers['next-router-prefetch'] === undefined)
        expect(body, `${what}: carries the person's own shell`).toContain(email);
      else expect(body, `${what}: the page asked for`).toContain(obj.orgId);
    }
  }
  // Signed out, the same request gets no page at all: it ends on the sign-in page.
  for (const headers of asked) {
    const res = await request.get(`/orgs/${obj.orgId}`, { headers });
    expect(res.url(), JSON.stringify(headers)).toMatch(/\/sign-in|authorize/);
    // (the emulator's sign-in page lists the demo people, so look for the console's own payload)
    const body = await res.text();
    expect(body).not.toContain('"userEmail"');
    expect(body).not.toContain(obj.name);
  }
});
