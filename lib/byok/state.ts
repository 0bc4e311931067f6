/** Pure BYOK state folding, shared by server code and tests. */

/**
 * 'unknown': the console holds no BYOK event for the organization. WorkOS has no BYOK status API
 * and its Events API keeps 30 days, so a key verified before that window leaves no trace: the
 * state is unknown, never "not configured".
 */
export type ByokState = 'verified' | 'failed' | 'deleted' | 'unknown';

export type ByokEventRow = {
  id: string;
  org_id: string;
  event: string;
  provider: string | null;
  verified: boolean | null;
  key_id: string | null;
  occurred_at: Date;
};

export type ByokStatus = {
  state: ByokState;
  provider: string | null;
  keyId: string | null;
  /** When the key was last verified successfully. */
  lastVerifiedAt: Date | null;
  /** When the state last changed (the newest event). */
  changedAt: Date | null;
};

const PROVIDER_LABELS: Record<string, string> = {
  AWS_KMS: 'AWS KMS',
  AZURE_KEY_VAULT: 'Azure Key Vault',
  GCP_KMS: 'Google Cloud KMS',
};

export function providerLabel(provider: string | null): string {
  if (!provider) return 'WorkOS-managed keys';
  return PROVIDER_LABELS[provider] ?? provider;
}

export const STATE_LABELS: Record<ByokState, string> = {
  verified: 'Verified',
  failed: 'Verification failed',
  deleted: 'Key deleted',
  unknown: 'Unknown: no BYOK events in the last 30 days',
};

/** The last event wins: verified=true → verified, verified=false → failed, deleted → deleted. */
export function foldByokEvents(events: ByokEventRow[]): ByokStatus {
  const sorted = [...events].sort(
    (a, b) => a.occurred_at.getTime() - b.occurred_at.getTime() || a.id.localeCompare(b.id),
  );
  let status: ByokStatus = {
    state: 'unknown',
    provider: null,
    keyId: null,
    lastVerifiedAt: null,
    changedAt: null,
  };
  for (const e of sorted) {
    if (e.event === 'vault.byok_key.verification_completed') {
      status = {
        state: e.verified ? 'verified' : 'failed',
        provider: e.provider ?? status.provider,
        keyId: e.key_id ?? status.keyId,
        lastVerifiedAt: e.verified ? e.occurred_at : status.lastVerifiedAt,
        changedAt: e.occurred_at,
      };
    } else if (e.event === 'vault.byok_key.deleted') {
      status = {
        ...status,
        state: 'deleted',
        provider: e.provider ?? status.provider,
        keyId: e.key_id ?? status.keyId,
        changedAt: e.occurred_at,
      };
    }
  }
  return status;
}

/** Severity for sorting an overview: broken keys first. */
export const STATE_SEVERITY: Record<ByokState, number> = {
  deleted: 0,
  failed: 1,
  verified: 2,
  unknown: 3,
};
