import type { ConsoleError } from '../workos/errors';

/** What every server action returns. Shared with client components (no server imports). */
export type ActionError = ConsoleError & { fieldErrors?: Record<string, string[]>; signInUrl?: string };
export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: ActionError };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}
