/**
 * What a server action needs beyond its permission: a recent sign-in (step-up), per-person
 * rate-limit buckets, whether it hands out or writes secret material (then denials are audited
 * and impersonated sessions are refused). Each action declares its policy next to itself, in
 * its `defineAction` config, usually one of the presets in `POLICY`; no handler re-codes any of it.
 *
 * Step-up ages come from the environment: RECENT_AUTH_MAX_AGE_SECONDS for value reads,
 * STEP_UP_WRITE_MAX_AGE_SECONDS for the rest (defaults to the same). An action that declares no
 * policy gets the strictest treatment (`FAIL_CLOSED`: step-up, value-bearing), so a new action
 * fails closed.
 */

export type StepUpNeed = 'none' | 'value_read' | 'write';
export type RateLimitBucket = 'value_reads' | 'key_tools' | 'writes' | 'search';

export type ActionPolicy = {
  stepUp: StepUpNeed;
  /** The per-person budgets one call spends, in order; none when null. */
  rateLimit: RateLimitBucket | readonly RateLimitBucket[] | null;
  /** Reads or writes secret material: denials are audited, impersonated sessions refused. */
  valueBearing: boolean;
  /** What impersonation means for this action: refused (value reads) or recorded. */
  impersonation: 'refuse' | 'record';
};

/** The policies most actions share; an action with a variation spreads one and overrides a field. */
export const POLICY = {
  /** Hands out a value (reveal, edit-load, decrypt, an import's compare). */
  valueRead: {
    stepUp: 'value_read',
    rateLimit: 'value_reads',
    valueBearing: true,
    impersonation: 'refuse',
  },
  /** Writes to Vault or hands out a link that can. */
  write: { stepUp: 'write', rateLimit: 'writes', valueBearing: true, impersonation: 'record' },
  /** Touches no secret material and spends no budget (plans, pins, re-sync, health checks). */
  metadata: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  /** Changes the console's own records (plans, approvals, stewardship): a recent sign-in, no budget. */
  consoleWrite: { stepUp: 'write', rateLimit: null, valueBearing: false, impersonation: 'record' },
} as const satisfies Record<string, ActionPolicy>;

/** For an action that declares nothing: the strictest answer to every question. */
export const FAIL_CLOSED: ActionPolicy = POLICY.valueRead;

/** The buckets a call spends, in order. */
export function bucketsOf(policy: ActionPolicy): RateLimitBucket[] {
  return policy.rateLimit === null ? [] : [policy.rateLimit].flat();
}

export type StepUpAges = { valueReadSeconds: number; writeSeconds: number };

/** The largest sign-in age this policy accepts, or null when it needs no step-up. */
export function stepUpMaxAge(policy: ActionPolicy, ages: StepUpAges): number | null {
  if (policy.stepUp === 'none') return null;
  return policy.stepUp === 'value_read' ? ages.valueReadSeconds : ages.writeSeconds;
}
