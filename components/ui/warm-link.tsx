'use client';

import type NextLink from 'next/link';
import { useContext, useRef, type ComponentProps } from 'react';
import {
  AppRouterContext,
  type PrefetchOptions,
} from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { Link } from './link';

type Props = Omit<ComponentProps<typeof NextLink>, 'prefetch' | 'href'> & { href: string };

/**
 * A link that renders its page ahead when a person shows they are about to follow it (pointer
 * over it, keyboard focus, a touch), not when it scrolls into view: a list of 50 links costs
 * nothing until one is chosen. Only for pages that read no value, write nothing and audit
 * nothing (an organization's page: names and counts). The warmed page stays in this browser's
 * router cache only, for at most `staleTimes.static` (30 s, next.config.ts). Object links do not
 * warm: their page (versions, the editor's base version) always renders on the click, and
 * warming only its loading state measured slower to content than no warming (bench:nav).
 * A module of its own, so the many client components that use `Link` do not carry it.
 */
export function WarmLink({ onMouseEnter, onFocus, onTouchStart, ...props }: Props) {
  // The router's context, not useRouter(): outside an app router (a component test rendering a
  // table to HTML) there is none, and the link is then a plain link.
  const router = useContext(AppRouterContext);
  const warmed = useRef(false);
  const start = () => {
    if (warmed.current || !router) return;
    warmed.current = true;
    // 'full': the whole page, not only down to its loading.tsx (cached in this browser only,
    // for Next's staleTimes.static).
    router.prefetch(props.href, { kind: 'full' as PrefetchOptions['kind'] });
  };
  return (
    <Link
      {...props}
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
