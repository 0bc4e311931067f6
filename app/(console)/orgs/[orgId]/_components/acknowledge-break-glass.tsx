'use client';

import { useRouter } from 'next/navigation';
import { acknowledgeBreakGlassUse } from '../break-glass-actions';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';

/** Acknowledge one break-glass use (audited on the server); the banner refreshes. */
export function AcknowledgeBreakGlass({ id }: { id: string }) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(acknowledgeBreakGlassUse, 'write');
  return (
    <div className="space-y-1">
      <Button
        size="sm"
        disabled={pending}
        onClick={() => run({ id }, { onOk: () => router.refresh() })}
      >
        Acknowledge
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
