'use client';

import { Link } from '@/components/ui/link';
import { useCorrelationId } from '@/components/ui/request-info';

/** What Next hands an error boundary (error.tsx). */
export type ErrorBoundaryProps = { error: Error & { digest?: string }; reset: () => void };

/**
 * What an error boundary shows: a plain sentence, the error code and the correlation id to quote
 * to support, never the raw message (it may come from a lower layer and is not trusted to be
 * free of values).
 */
export function ErrorView({
  error,
  reset,
}: Pick<ErrorBoundaryProps, 'error'> & Partial<ErrorBoundaryProps>) {
  const correlationId = useCorrelationId();
  const code = error.digest ? `E-${error.digest}` : 'E-client';
  return (
    <div
      role="alert"
      className="mx-auto max-w-xl rounded-lg bg-white p-6 shadow-xs ring-1 ring-slate-200"
    >
      <h1 className="text-lg font-semibold text-slate-900">Something went wrong on this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        The console hit an unexpected error and stopped rather than show something incomplete.
        Nothing was changed. If it happens again, send these two ids to whoever runs the console;
        the server log has the details under them.
      </p>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Error code</dt>
        <dd className="font-mono break-all text-slate-900" data-testid="error-code">
          {code}
        </dd>
        <dt className="text-slate-600">Correlation id</dt>
        <dd className="font-mono break-all text-slate-900" data-testid="correlation-id">
          {correlationId ?? 'not available'}
        </dd>
      </dl>
      <div className="mt-5 flex flex-wrap gap-2">
        {reset ? (
          <button
            type="button"
            onClick={reset}
            className="keep-colors rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Try again
          </button>
        ) : null}
        <Link
          href="/orgs"
          className="rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Back to organizations
        </Link>
      </div>
    </div>
  );
}
