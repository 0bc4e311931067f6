'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/** False in the server's HTML and during hydration, true once this tree has hydrated. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/**
 * A button whose work is its click handler: until the page has hydrated, a click would reach a
 * button with no handler and be lost without a word, so it says it is not ready yet
 * (`aria-disabled`, and the click is ignored) and turns live the moment React attaches.
 */
export function HydratedButton(props: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const hydrated = useHydrated();
  if (hydrated) return <button {...props} />;
  return (
    <button {...props} aria-disabled="true" data-hydrating="" onClick={(e) => e.preventDefault()} />
  );
}
