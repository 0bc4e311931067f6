'use client';

import { ErrorView, type ErrorBoundaryProps } from '@/components/layout/error-view';

export default function RootError(props: ErrorBoundaryProps) {
  return (
    <main id="main" className="px-4 py-10">
      <ErrorView {...props} />
    </main>
  );
}
