'use client';

import { useCallback, useState, useTransition } from 'react';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';

type Settle<T> = {
  /** Runs after a success, inside the same transition (so `pending` covers it). */
  onOk?: (data: T) => unknown;
  /** Runs after every reply, success or not. */
  onSettled?: () => unknown;
};

/**
 * The one way a client component calls a server action. It owns the pending state and the last
 * error, and reads a lost reply the same way everywhere (`callAction`): for a write it is an
 * unknown outcome, never a success. `kind` is required because that reading depends on it.
 *
 * The error it keeps is the action's own, so one `<ActionErrorAlert>` shows every case the same
 * way: a re-auth (step-up) error carries its sign-in link, a conflict its details (`conflict`
 * is that error, or null, for the forms that offer a conflict panel instead).
 */
export function useServerAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  kind: 'read' | 'write',
) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const run = useCallback(
    (input: I, settle: Settle<T> = {}) =>
      start(async () => {
        setError(null);
        const r = await callAction(action, input, kind);
        if (r.ok) await settle.onOk?.(r.data);
        else setError(r.error);
        await settle.onSettled?.();
      }),
    [action, kind],
  );
  const reset = useCallback(() => setError(null), []);
  const conflict = error?.code === 'conflict' ? error : null;
  return { run, pending, error, conflict, reset };
}
