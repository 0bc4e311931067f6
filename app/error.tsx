'use client';

import { ErrorView } from '@/components/layout/error-view';

export default function RootError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main id="main" className="px-4 py-10">
      <ErrorView error={error} reset={reset} />
    </main>
  );
}
