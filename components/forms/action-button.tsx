'use client';

import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button, type ButtonSize, type ButtonVariant } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

/**
 * A button that runs one write action with a fixed input, then refreshes the page's server
 * data; its error shows under it. For the one-click writes (acknowledge, apply, rebase, remove).
 */
export function ActionButton<I, T>({
  action,
  input,
  children,
  pendingLabel,
  variant,
  size,
  label,
  gap = 'space-y-2',
}: {
  action: (input: I) => Promise<ActionResult<T>>;
  input: I;
  children: ReactNode;
  /** What the button says while the action runs (else it keeps its text). */
  pendingLabel?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** An accessible name, where the visible text alone is ambiguous in a list. */
  label?: string;
  gap?: 'space-y-1' | 'space-y-2';
}) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(action, 'write');
  return (
    <div className={gap}>
      <Button
        variant={variant}
        size={size}
        disabled={pending}
        aria-label={label}
        onClick={() => run(input, { onOk: () => router.refresh() })}
      >
        {pending && pendingLabel ? pendingLabel : children}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
