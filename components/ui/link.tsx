import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The console's only link. Prefetching is decided here, once, and it is off: a prefetched object
 * link would describe every object on the screen and fill the audit trail with views nobody made.
 * `next/link` is banned elsewhere by eslint.
 */
export function Link(props: Omit<ComponentProps<typeof NextLink>, 'prefetch'>) {
  return <NextLink {...props} prefetch={false} />;
}
