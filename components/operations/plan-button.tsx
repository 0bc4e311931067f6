'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import { paths } from '@/lib/paths';

type Plan = (input: { orgId: string }) => Promise<ActionResult<{ runId: string; objects: number }>>;

/** Makes a plan (nothing is changed yet) and opens its preview. */
export function PlanButton({
  orgId,
  plan,
  label,
  variant = 'secondary',
}: {
  orgId: string;
  plan: Plan;
  label: string;
  variant?: ButtonVariant;
}) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        variant={variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await callAction(plan, { orgId }, 'read');
            if (r.ok) router.push(paths.orgOperation(orgId, r.data.runId));
            else setError(r.error);
          })
        }
      >
        {pending ? 'Preparing the preview…' : label}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
