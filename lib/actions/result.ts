import type { ConsoleError } from '../workos/errors';

/** Who changed an object since the person loaded it, for conflict messages. */
export type Conflict = {
  currentVersionId: string | null;
  updatedAt: string;
  /** The WorkOS actor name (API key or dashboard user). */
  updatedBy: string;
  /** The console user who made the current version, from the console's trail (null: made elsewhere). */
  consoleUser: string | null;
};

/** What every server action returns. Shared with client components (no server imports). */
export type ActionError = ConsoleError & {
  fieldErrors?: Record<string, string[]>;
  signInUrl?: string;
  conflict?: Conflict;
  existingObjectId?: string;
};
export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: ActionError };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}
