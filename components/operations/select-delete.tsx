'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button } from '@/components/ui/button';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import { paths } from '@/lib/paths';

type Plan = (i: {
  orgId: string;
  objectIds: string[];
}) => Promise<ActionResult<{ runId: string; objects: number }>>;

/** Choose objects, then a preview with the same typed confirmation as offboarding. */
export function SelectDelete({
  orgId,
  objects,
  plan,
}: {
  orgId: string;
  objects: { id: string; name: string }[];
  plan: Plan;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
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
          start(async () => {
            setError(null);
            const r = await callAction(plan, { orgId, objectIds: [...chosen] }, 'read');
            if (r.ok) router.push(paths.orgOperation(orgId, r.data.runId));
            else setError(r.error);
          })
        }
      >
        Preview deleting {chosen.size} chosen
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
