import NextLink from 'next/link';
import type { ComponentProps } from 'react';
import { IntentLink } from './intent-link';

type LinkProps = Omit<ComponentProps<typeof NextLink>, 'prefetch'> & {
  /**
   * Render the target page ahead when a person is about to follow the link (hover, focus,
   * touch). For pages that read no value, write nothing and audit nothing (an organization's
   * page: names and counts). Kept in this browser's router cache only, for at most
   * `staleTimes.static` (30 s, next.config.ts). Object links do not warm: their page (versions,
   * the editor's base version) always renders on the click, and warming only its loading state
   * measured slower to content than no warming (bench:nav).
   */
  warm?: boolean;
};

/**
 * The console's only link. Prefetching is decided here, once: never on sight (a list would
 * render every page it links to, and spend the WorkOS budget on pages nobody opens), only on
 * intent, and only where a link says `warm`. `next/link` is banned elsewhere by eslint.
 */
export function Link({ warm, ...props }: LinkProps) {
  if (warm && typeof props.href === 'string') return <IntentLink {...props} href={props.href} />;
  return <NextLink {...props} prefetch={false} />;
}
