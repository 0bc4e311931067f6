import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from './origin';

const post = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/sign-out', { method: 'POST', headers });

describe('crossOriginRefusal (F8)', () => {
  it('allows the console’s own origin, and requests without browser origin headers', () => {
    expect(crossOriginRefusal(post({ origin: 'http://localhost:3000' }), undefined)).toBeNull();
    expect(
      crossOriginRefusal(
        post({ origin: 'https://console.example.com' }),
        'https://console.example.com',
      ),
    ).toBeNull();
    expect(crossOriginRefusal(post({ 'sec-fetch-site': 'same-origin' }), undefined)).toBeNull();
    expect(crossOriginRefusal(post({}), undefined)).toBeNull();
  });

  it('allows "Origin: null" only with Sec-Fetch-Site: same-origin (a form post under no-referrer)', () => {
    expect(
      crossOriginRefusal(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), undefined),
    ).toBeNull();
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'https://x.console.example.com' }],
    [{ origin: 'null' }],
    [{ origin: 'null', 'sec-fetch-site': 'cross-site' }],
    [{ origin: 'null', 'sec-fetch-site': 'same-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ 'sec-fetch-site': 'cross-site' }],
  ])('refuses %o', (headers) => {
    expect(crossOriginRefusal(post(headers), 'https://console.example.com')).toMatch(/^Refused/);
  });
});
