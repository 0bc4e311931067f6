'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { queryKeys } from '@/lib/query/keys';
import { markInboxSeen } from '../actions';

/** Marks everything shown on this page as seen (up to when it was rendered). */
export function MarkSeen({ until, count }: { until: string; count: number }) {
  const router = useRouter();
  const client = useQueryClient();
  const { run, pending, error } = useServerAction(markInboxSeen, 'write');
  return (
    <div className="space-y-2">
      <Button
        disabled={pending || count === 0}
        onClick={() =>
          run(
            { until },
            {
              onOk: async () => {
                await client.invalidateQueries({ queryKey: queryKeys.inboxStatus() });
                router.refresh();
              },
            },
          )
        }
      >
        {count === 0 ? 'Nothing new' : `Mark ${count} as seen`}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
