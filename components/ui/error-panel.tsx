import type { ConsoleError } from '@/lib/workos/errors';
import { Alert } from './alert';
import { ErrorIds } from './error-ids';

const TITLES: Partial<Record<ConsoleError['code'], string>> = {
  rate_limited: 'Rate limited by WorkOS',
  upstream_unavailable: 'WorkOS is not answering',
  invalid_api_key: 'WorkOS rejected the API key',
  customer_key_unavailable: 'Customer key unavailable',
  not_found: 'Not found',
  forbidden: 'Refused by WorkOS',
};

/** A page-level error state: what happened, in words, the ids to quote, and a way to retry. */
export function ErrorPanel({
  error,
  retryHref,
  what,
}: {
  error: ConsoleError;
  retryHref?: string;
  what: string;
}) {
  return (
    <Alert
      tone="error"
      title={`${TITLES[error.code] ?? 'Could not load'}: ${what}`}
      actions={
        retryHref ? (
          <a
            href={retryHref}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-300 hover:bg-red-100"
          >
            Try again
          </a>
        ) : null
      }
    >
      <p>{error.message}</p>
      <ErrorIds code={error.code} />
    </Alert>
  );
}
