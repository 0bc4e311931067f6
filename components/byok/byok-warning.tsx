import { Alert } from '@/components/ui/alert';
import { plural } from '@/lib/format';
import type { ByokCoverage } from '@/lib/byok/queries';
import { providerLabel, type ByokStatus } from '@/lib/byok/state';

/** Says what a failed or deleted customer key does to this organization's data. */
export function ByokWarning({ status, coverage }: { status: ByokStatus; coverage: ByokCoverage }) {
  if (status.state !== 'failed' && status.state !== 'deleted') return null;
  const provider = providerLabel(status.provider);
  const n = plural(coverage.customerKey, 'object');
  const estimate = coverage.method === 'time' ? ' (estimated from write times)' : '';
  return (
    <Alert
      tone="error"
      title={
        status.state === 'deleted'
          ? `Key deleted: ${n} in this organization can no longer be read${estimate}`
          : `Key verification failed: ${n} in this organization cannot be read right now${estimate}`
      }
    >
      <p>
        The customer’s {provider} key{' '}
        {status.state === 'deleted' ? 'was deleted' : 'failed verification'}. Reads and decrypts of
        data encrypted with it fail, and new writes to this organization fail too. Metadata,
        versions and the index keep working.
      </p>
      {coverage.workosManaged > 0 ? (
        <p>
          {plural(coverage.workosManaged, 'older object')}{' '}
          {coverage.workosManaged === 1 ? 'is' : 'are'} still on WorkOS-managed keys and stay
          {coverage.workosManaged === 1 ? 's' : ''} readable.
        </p>
      ) : null}
      <p>
        {status.state === 'deleted'
          ? 'Ask the customer’s IT team to restore the key, or to set up a new one with a BYOK setup link.'
          : 'Ask the customer’s IT team to check the key policy (WorkOS must be allowed to use the key), then verify again.'}
      </p>
    </Alert>
  );
}
