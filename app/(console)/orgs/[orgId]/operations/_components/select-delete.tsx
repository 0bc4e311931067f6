'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { paths } from '@/lib/paths';
import { planBulkDelete } from '../actions';

/** Choose objects, then a preview with the same typed confirmation as offboarding. */
export function SelectDelete({
  orgId,
  objects,
}: {
  orgId: string;
  objects: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const { run, pending, error } = useServerAction(planBulkDelete, 'read');
  return (
    <div className="space-y-3 px-5 py-4 text-sm">
      <fieldset className="max-h-64 space-y-1 overflow-auto">
        <legend className="sr-only">Objects to delete</legend>
        {objects.map((o) => (
          <label key={o.id} className="flex items-center gap-2 font-mono text-xs break-all">
            <input
              type="checkbox"
              checked={chosen.has(o.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(o.id);
                else next.delete(o.id);
                setChosen(next);
              }}
            />
            {o.name}
          </label>
        ))}
      </fieldset>
      <Button
        variant="danger"
        disabled={pending || chosen.size === 0}
        onClick={() =>
          run(
            { orgId, objectIds: [...chosen] },
            { onOk: (data) => router.push(paths.orgOperation(orgId, data.runId)) },
          )
        }
      >
        Preview deleting {chosen.size} chosen
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
