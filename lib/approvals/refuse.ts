import type { ActionError } from '../actions/result';

/** A refusal. The same shape as lib/actions/result's `fail`, kept here because lib/actions reads this folder's grants. */
export const fail = (error: ActionError): { ok: false; error: ActionError } => ({
  ok: false,
  error,
});
