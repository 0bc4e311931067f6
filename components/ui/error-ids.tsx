'use client';

import { useCorrelationId } from '@/components/ui/request-info';

/**
 * The two ids to quote to whoever runs the console, as the error page shows them: the error code
 * and the correlation id of the request (the server log and the WorkOS calls carry it).
 */
export function ErrorIds({ code }: { code: string }) {
  const correlationId = useCorrelationId();
  return (
    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
      <dt>Error code</dt>
      <dd className="font-mono break-all" data-testid="error-code">
        {code}
      </dd>
      <dt>Correlation id</dt>
      <dd className="font-mono break-all" data-testid="correlation-id">
        {correlationId ?? 'not available'}
      </dd>
    </dl>
  );
}
