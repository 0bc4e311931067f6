import type { ActionResult } from './result';

/**
 * Calls a server action from the browser. A thrown error means the request or its reply was
 * lost: for a write that is an unknown outcome, never a success and never a silent retry.
 */
export async function callAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  input: I,
  kind: 'read' | 'write',
): Promise<ActionResult<T>> {
  try {
    return await action(input);
  } catch {
    return kind === 'write'
      ? {
          ok: false,
          error: {
            code: 'unknown_outcome',
            message:
              'The connection dropped before the console answered, so we cannot tell whether the change was applied. Nothing else was sent; check the version history before trying again.',
          },
        }
      : {
          ok: false,
          error: {
            code: 'upstream_unavailable',
            message: 'The console could not be reached. Check your connection and try again.',
          },
        };
  }
}
