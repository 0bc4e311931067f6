'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { queryKeys } from '@/lib/query/keys';
import { resyncIndex } from '../actions';

export function ResyncButton() {
  const { run, pending, error } = useServerAction(resyncIndex, 'read');
  const [synced, setSynced] = useState(false);
  const qc = useQueryClient();
  return (
    <div className="flex items-center gap-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => {
          setSynced(false);
          run(
            {},
            {
              onOk: () => setSynced(true),
              onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.indexStatus }),
            },
          );
        }}
      >
        {pending ? 'Syncing…' : 'Re-sync index now'}
      </Button>
      <p className="text-sm text-slate-600" aria-live="polite">
        {error ? error.message : synced ? 'Index synced.' : null}
      </p>
    </div>
  );
}
