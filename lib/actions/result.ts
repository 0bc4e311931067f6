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

/**
 * The console's one result shape: server actions, Vault commands and reads, org lookups and the
 * key tools all answer with it. Shared with client components (no server imports).
 */
export type Result<T, E = ConsoleError> = { ok: true; data: T } | { ok: false; error: E };

/** What every server action returns: a console error, with what the form needs to show it. */
export type ActionError = ConsoleError & {
  fieldErrors?: Record<string, string[]>;
  signInUrl?: string;
  conflict?: Conflict;
  existingObjectId?: string;
};
export type ActionResult<T = undefined> = Result<T, ActionError>;

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

/** A schema's issues by field path ("extraContext.0.key"; "_form" for the whole input). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) (out[i.path.map(String).join('.') || '_form'] ??= []).push(i.message);
  return out;
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** What an action answers on success, for a component that keeps it in state. */
export type ActionData<A extends (input: never) => Promise<Result<unknown, unknown>>> = Extract<
  Awaited<ReturnType<A>>,
  { ok: true }
>['data'];
