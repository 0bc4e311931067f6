import type { MetadataRoute } from 'next';

/** An admin console: nothing here is for search engines. Served with the security headers. */
export default function robots(): MetadataRoute.Robots {
  return { rules: { userAgent: '*', disallow: '/' } };
}
