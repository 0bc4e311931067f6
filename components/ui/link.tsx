import NextLink from 'next/link';
import type { ComponentProps } from 'react';
import { IntentLink } from './intent-link';

type LinkProps = Omit<ComponentProps<typeof NextLink>, 'prefetch'> & {
  /**
   * Warm the target when a person is about to follow the link (hover, focus, touch):
   * - 'page' renders the whole page ahead (an organization: names and counts, no value, no
   *   audit entry, no write). It is kept in this browser's router cache only, for at most
   *   `staleTimes.static` (30 s, next.config.ts).
   * - 'skeleton' fetches only down to the route's loading state (an object: its layout checks
   *   the object exists, one metadata read; the page, with its versions and its editor's base
   *   version, renders only on the click, so it is never up to 30 s old).
   */
  warm?: 'page' | 'skeleton';
};

/**
 * The console's only link. Prefetching is decided here, once: never on sight (a list would
 * render every page it links to, and spend the WorkOS budget on pages nobody opens), only on
 * intent, and only where a link says `warm`. `next/link` is banned elsewhere by eslint.
 */
export function Link({ warm, ...props }: LinkProps) {
  if (warm && typeof props.href === 'string')
    return <IntentLink {...props} href={props.href} warm={warm} />;
  return <NextLink {...props} prefetch={false} />;
}
