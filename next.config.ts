import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  poweredByHeader: false,
  // `npm test` (scripts/test.ts) runs tsc over the whole tree right after its build, .next/types
  // included, so that one build skips Next's own second type-check pass. Every other build checks.
  typescript: { ignoreBuildErrors: process.env.NEXT_TYPES_CHECKED_AFTER_BUILD === '1' },
  reactStrictMode: true,
  // Next logs server-action arguments in development; ours carry secret values. Never log them,
  // nor browser console output, nor the OAuth code on /callback.
  logging: {
    serverFunctions: false,
    browserToTerminal: false,
    incomingRequests: { ignore: [/\/callback/] },
  },
  // Build assets never pass through the proxy (proxy.ts); they still get security headers,
  // static ones (no nonce: they are not pages).
  async headers() {
    const staticHeaders = [
      { key: 'content-security-policy', value: "default-src 'none'; frame-ancestors 'none'" },
      { key: 'x-content-type-options', value: 'nosniff' },
      { key: 'x-frame-options', value: 'DENY' },
      { key: 'referrer-policy', value: 'no-referrer' },
      { key: 'cross-origin-opener-policy', value: 'same-origin' },
    ];
    return [
      { source: '/_next/static/:path*', headers: staticHeaders },
      { source: '/_next/image', headers: staticHeaders },
    ];
  },
  experimental: {
    // forbidden() / unauthorized() render 403/401 pages from inside pages and layouts.
    authInterrupts: true,
    // An unmatched URL renders app/global-not-found.tsx (with the console's layout when signed
    // in). app/not-found.tsx stays a small static panel: Next renders each layout's not-found
    // into every page's payload, and the old one rendered the whole console shell a second time.
    globalNotFound: true,
    // A page warmed on intent (components/ui/link.tsx, warm="page") is reused for at most 30 s,
    // the shortest Next allows; a person who hovers and clicks within that sees it at once.
    staleTimes: { static: 30 },
  },
};

export default nextConfig;
