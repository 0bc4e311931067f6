'use client';

import { ErrorView, type ErrorBoundaryProps } from '@/components/layout/error-view';

export default function ConsoleError(props: ErrorBoundaryProps) {
  return <ErrorView {...props} />;
}
