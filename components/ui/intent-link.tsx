'use client';

import NextLink from 'next/link';
import { useContext, useRef, type ComponentProps } from 'react';
import {
  AppRouterContext,
  type PrefetchOptions,
} from 'next/dist/shared/lib/app-router-context.shared-runtime';

type Props = Omit<ComponentProps<typeof NextLink>, 'prefetch' | 'href'> & {
  href: string;
  /** 'page': the whole page (its server render); 'skeleton': only down to its loading state. */
  warm: 'page' | 'skeleton';
};

/**
 * A link that starts loading its page when a person shows they are about to follow it (pointer
 * over it, keyboard focus, a touch), not when it scrolls into view: a list of 50 links costs
 * nothing until one is chosen. See components/ui/link.tsx for which links warm what.
 */
export function IntentLink({ warm, onMouseEnter, onFocus, onTouchStart, ...props }: Props) {
  // The router's context, not useRouter(): outside an app router (a component test rendering a
  // table to HTML) there is none, and the link is then a plain link.
  const router = useContext(AppRouterContext);
  const warmed = useRef(false);
  const start = () => {
    if (warmed.current || !router) return;
    warmed.current = true;
    // 'full' runs the page (cached in this browser only, for Next's staleTimes.static);
    // 'auto' stops at the nearest loading.tsx, so the page itself never runs.
    const kind = (warm === 'page' ? 'full' : 'auto') as PrefetchOptions['kind'];
    router.prefetch(props.href, { kind });
  };
  return (
    <NextLink
      {...props}
      prefetch={false}
      onMouseEnter={(e) => {
        start();
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        start();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        start();
        onTouchStart?.(e);
      }}
    />
  );
}
