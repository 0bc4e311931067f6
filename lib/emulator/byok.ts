import type { Emulator } from './context';
import { recordEvent } from './events';
import type { CustomerKeyRow, CustomerKeyState } from './keys';

export const BYOK_PROVIDERS = ['AWS_KMS', 'AZURE_KEY_VAULT', 'GCP_KMS'] as const;
export type ByokProvider = (typeof BYOK_PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ByokProvider, string> = {
  AWS_KMS: 'AWS KMS',
  AZURE_KEY_VAULT: 'Azure Key Vault',
  GCP_KMS: 'Google Cloud KMS',
};

/**
 * BYOK event data exactly as the spec's EventSchema has it: `{organization_id, key_provider}`, plus
 * `verified` on verification_completed. There is no key id (workos-go testdata agrees).
 */
function eventData(key: CustomerKeyRow, extra: Record<string, unknown> = {}) {
  return {
    organization_id: key.organization_id,
    key_provider: key.provider,
    ...extra,
  };
}

/** What the Admin Portal BYOK flow does when the customer's IT admin submits a key. */
export async function configureByok(
  emu: Emulator,
  environmentId: string,
  organizationId: string,
  provider: ByokProvider,
  externalKeyId: string,
  verified: boolean,
  at = new Date(),
) {
  return emu.db.transaction(async (tx) => {
    const key = await emu.keys.configureCustomerKey(
      tx,
      environmentId,
      organizationId,
      provider,
      externalKeyId,
      verified,
      at,
    );
    await recordEvent(
      tx,
      environmentId,
      'vault.byok_key.verification_completed',
      eventData(key, { verified }),
      organizationId,
      at,
    );
    return key;
  });
}

/** Control-API state change: verified / failed emit verification_completed, deleted emits deleted. */
export async function setByokState(
  emu: Emulator,
  environmentId: string,
  organizationId: string,
  state: CustomerKeyState,
  at = new Date(),
) {
  return emu.db.transaction(async (tx) => {
    const key = await emu.keys.setCustomerKeyState(tx, environmentId, organizationId, state, at);
    if (!key) return null;
    if (state === 'deleted') {
      await recordEvent(
        tx,
        environmentId,
        'vault.byok_key.deleted',
        eventData(key),
        organizationId,
        at,
      );
    } else if (state === 'verified' || emu.config.policy.byokFailureEvents) {
      // Whether a key that breaks after verification emits an event is undocumented: the
      // byokFailureEvents switch lets tests run the console both ways.
      await recordEvent(
        tx,
        environmentId,
        'vault.byok_key.verification_completed',
        eventData(key, { verified: state === 'verified' }),
        organizationId,
        at,
      );
    }
    return key;
  });
}

export async function listCustomerKeys(emu: Emulator, environmentId: string) {
  const r = await emu.db.query<CustomerKeyRow>(
    'select id, organization_id, provider, external_key_id, state, verified_at, updated_at from customer_keys where environment_id = $1 order by organization_id',
    [environmentId],
  );
  return r.rows;
}
