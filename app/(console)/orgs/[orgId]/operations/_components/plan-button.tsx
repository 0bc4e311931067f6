'use client';

import { useRouter } from 'next/navigation';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { paths } from '@/lib/paths';
import { planOffboard, planRewrap } from '../actions';

const PLANS = { rewrap: planRewrap, offboard: planOffboard };

/** Makes a plan (nothing is changed yet) and opens its preview. */
export function PlanButton({
  orgId,
  operation,
  label,
  variant = 'secondary',
}: {
  orgId: string;
  operation: keyof typeof PLANS;
  label: string;
  variant?: ButtonVariant;
}) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(PLANS[operation], 'read');
  return (
    <div className="space-y-2">
      <Button
        variant={variant}
        disabled={pending}
        onClick={() =>
          run({ orgId }, { onOk: (data) => router.push(paths.orgOperation(orgId, data.runId)) })
        }
      >
        {pending ? 'Preparing the preview…' : label}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
