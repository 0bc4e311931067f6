import { Alert } from '@/components/ui/alert';
import type { ActionError } from '@/lib/actions/result';
import { paths } from '@/lib/paths';

const TITLES: Partial<Record<ActionError['code'], string>> = {
  reauth_required: 'Sign in again to continue',
  customer_key_unavailable: 'Customer key unavailable',
  rate_limited: 'Rate limited',
  upstream_unavailable: 'WorkOS did not answer',
  unknown_outcome: 'Outcome unknown',
  not_found: 'Object not found',
  forbidden: 'Not allowed',
  invalid_input: 'Check the form',
  name_taken: 'Name already taken',
  unexpected: 'Something went wrong',
};

/** One place that turns an action error into words and a next step. */
export function ActionErrorAlert({
  error,
  extra,
}: {
  error: ActionError;
  extra?: React.ReactNode;
}) {
  const tone = error.code === 'reauth_required' ? 'warning' : 'error';
  return (
    <Alert
      tone={tone}
      title={TITLES[error.code] ?? 'Could not complete the action'}
      actions={
        error.signInUrl ? (
          <a
            href={error.signInUrl}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-amber-400 hover:bg-amber-100"
          >
            Sign in again
          </a>
        ) : (
          extra
        )
      }
    >
      <p>{error.message}</p>
      {error.code === 'customer_key_unavailable' ? (
        <p>
          Describe and version history still work; the value cannot be decrypted or written until
          the customer restores the key.
        </p>
      ) : null}
      {error.existingObjectId ? (
        <p>
          <a className="font-medium underline" href={paths.object(error.existingObjectId)}>
            Open the existing object
          </a>
        </p>
      ) : null}
    </Alert>
  );
}
