/**
 * The one policy for what each server action needs beyond its permission: a recent sign-in
 * (step-up), a per-person rate-limit bucket, whether it hands out or writes secret material
 * (then denials are audited and impersonated sessions are refused). `defineAction` looks the
 * action up here by name; no handler re-codes any of it.
 *
 * Step-up ages come from the environment: RECENT_AUTH_MAX_AGE_SECONDS for value reads,
 * STEP_UP_WRITE_MAX_AGE_SECONDS for the rest (defaults to the same). An action that is not
 * listed gets the strictest treatment (step-up, value-bearing), so a new action fails closed.
 */

export type StepUpNeed = 'none' | 'value_read' | 'write';
export type RateLimitBucket = 'value_reads' | 'key_tools' | 'writes' | 'search';

export type ActionPolicy = {
  stepUp: StepUpNeed;
  rateLimit: RateLimitBucket | null;
  /** Reads or writes secret material: denials are audited, impersonated sessions refused. */
  valueBearing: boolean;
  /** What impersonation means for this action: refused (value reads) or recorded. */
  impersonation: 'refuse' | 'record';
};

const ACTION_POLICY = {
  revealObjectValue: {
    stepUp: 'value_read',
    rateLimit: 'value_reads',
    valueBearing: true,
    impersonation: 'refuse',
  },
  loadObjectForEdit: {
    stepUp: 'value_read',
    rateLimit: 'value_reads',
    valueBearing: true,
    impersonation: 'refuse',
  },
  decryptWithDataKey: {
    stepUp: 'value_read',
    rateLimit: 'value_reads',
    valueBearing: true,
    impersonation: 'refuse',
  },
  updateObjectValue: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  deleteVaultObject: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  createVaultObject: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  generateByokLink: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  encryptWithDataKey: {
    stepUp: 'none',
    rateLimit: 'key_tools',
    valueBearing: false,
    impersonation: 'record',
  },
  resyncIndex: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  // Owner, notes, rotation period and expiry: console-side metadata, no secret material.
  saveStewardship: {
    stepUp: 'none',
    rateLimit: 'writes',
    valueBearing: false,
    impersonation: 'record',
  },
  // Pinning writes only a name to the person's own list in the console database.
  setPinned: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  // Batch operations (lib/operations). A plan only writes ids and versions to the console
  // database; starting and advancing a run writes to Vault, so they need a recent sign-in. The
  // advance calls spend no per-person bucket: each row's WorkOS calls go through the process's
  // WorkOS limiter, and the run was already counted as one write when it started.
  planOffboard: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  planRewrap: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  planBulkDelete: { stepUp: 'none', rateLimit: null, valueBearing: false, impersonation: 'record' },
  cancelOperation: {
    stepUp: 'none',
    rateLimit: null,
    valueBearing: false,
    impersonation: 'record',
  },
  // Import compares with an audited read of each existing name, so it is a value read.
  previewImport: {
    stepUp: 'value_read',
    rateLimit: 'value_reads',
    valueBearing: true,
    impersonation: 'refuse',
  },
  applyImport: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  // "Create this name in N orgs": the preview reads no value (existing names are skipped).
  previewCreateInOrgs: {
    stepUp: 'none',
    rateLimit: null,
    valueBearing: false,
    impersonation: 'record',
  },
  applyCreateInOrgs: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  generateTenantPortalLink: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  startOperation: {
    stepUp: 'write',
    rateLimit: 'writes',
    valueBearing: true,
    impersonation: 'record',
  },
  advanceOperation: {
    stepUp: 'write',
    rateLimit: null,
    valueBearing: true,
    impersonation: 'record',
  },
  runHealthChecks: {
    stepUp: 'none',
    rateLimit: null,
    valueBearing: false,
    impersonation: 'record',
  },
} as const satisfies Record<string, ActionPolicy>;

export type ActionName = keyof typeof ACTION_POLICY;

const FAIL_CLOSED: ActionPolicy = {
  stepUp: 'value_read',
  rateLimit: 'value_reads',
  valueBearing: true,
  impersonation: 'refuse',
};

export function policyFor(name: string): ActionPolicy {
  return (ACTION_POLICY as Record<string, ActionPolicy>)[name] ?? FAIL_CLOSED;
}

/** Key-tools decrypt also spends the key-tools budget (it calls /keys/decrypt). */
export function extraBuckets(name: string): RateLimitBucket[] {
  return name === 'decryptWithDataKey' ? ['key_tools'] : [];
}

export type StepUpAges = { valueReadSeconds: number; writeSeconds: number };

/** The largest sign-in age this action accepts, or null when it needs no step-up. */
export function stepUpMaxAge(name: string, ages: StepUpAges): number | null {
  const need = policyFor(name).stepUp;
  if (need === 'none') return null;
  return need === 'value_read' ? ages.valueReadSeconds : ages.writeSeconds;
}
