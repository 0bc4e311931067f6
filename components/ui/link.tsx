import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The console's link, and the one place prefetching is decided (`WarmLink`, warm-link.tsx,
 * renders this one and warms on intent): never on sight (a list would render every page it links to, and spend the WorkOS budget
 * on pages nobody opens); only on intent, and only through `WarmLink`. `next/link` is banned
 * elsewhere by eslint.
 */
export function Link(props: Omit<ComponentProps<typeof NextLink>, 'prefetch'>) {
  return <NextLink {...props} prefetch={false} />;
}
