'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { queryKeys } from '@/lib/query/keys';

export function ResyncButton({
  action,
}: {
  action: (input: Record<string, never>) => Promise<ActionResult<{ at: string }>>;
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const qc = useQueryClient();
  return (
    <div className="flex items-center gap-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const r = await action({}).catch(() => null);
            setMessage(
              r?.ok ? 'Index synced.' : (r?.error.message ?? 'The sync could not run. Try again.'),
            );
            await qc.invalidateQueries({ queryKey: queryKeys.indexStatus });
          })
        }
      >
        {pending ? 'Syncing…' : 'Re-sync index now'}
      </Button>
      <p className="text-sm text-slate-600" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
