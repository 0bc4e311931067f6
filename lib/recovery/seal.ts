import type { WorkOS } from '@workos-inc/node';
import { createCipheriv, randomBytes } from 'node:crypto';
import { bytesToBase64, parseEnvelope } from '../keys/envelope';

/**
 * A recovery copy's value is sealed the way the SDK's `vault.encrypt()` does it: a fresh Vault
 * data key for the object's own key context (POST /keys/data-key), AES-256-GCM here, and the
 * data key kept only wrapped (inside the envelope). The copy's id is the associated data, so a
 * sealed value moved to another row does not open. Opening unwraps the data key with
 * POST /keys/decrypt: a deleted or failing customer key refuses it, so the copy is as unreadable
 * as the object was.
 */
export type VaultCrypto = Pick<WorkOS['vault'], 'encrypt' | 'decrypt'>;

/** A data key WorkOS made for one key context (`vault.createDataKey`): plaintext and wrapped. */
export type DataKeyPair = Awaited<ReturnType<WorkOS['vault']['createDataKey']>>;

export type OpenFailure =
  /** WorkOS refused the data key (customer key revoked or failing) or the envelope is damaged. */
  | { reason: 'unreadable'; status: number | null }
  /** WorkOS did not answer usefully (network, 5xx, rate limit): try again later. */
  | { reason: 'unavailable'; status: number | null };

/**
 * What a sealed value belongs to: a recovery copy, a change request's staged value
 * (lib/vault/change-requests.ts), or one row of an import plan waiting for approval
 * (lib/operations/import-plan.ts). The purpose and the row id are the associated data, so neither a
 * copy nor a staged value opens under the other's id.
 */
export type SealPurpose = 'recovery-copy' | 'change-request' | 'import-plan';
const aadFor = (id: string, purpose: SealPurpose = 'recovery-copy') =>
  `vault-console:${purpose}:${id}`;

function leb128(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Uint8Array.from(out);
}

/**
 * Seals with a data key already made for the value's context, in the SDK's own envelope
 * (IV 12 || TAG 16 || LEB128(len) || wrapped key || ciphertext), so `vault.decrypt` opens it.
 * Lets a delete ask WorkOS for the data key while it reads the value, instead of after.
 */
export function sealWithDataKey(
  pair: DataKeyPair,
  value: string,
  copyId: string,
  purpose: SealPurpose = 'recovery-copy',
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(pair.dataKey.key, 'base64'), iv);
  cipher.setAAD(Buffer.from(aadFor(copyId, purpose), 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const wrapped = Buffer.from(pair.encryptedKeys, 'base64');
  return bytesToBase64(
    Buffer.concat([iv, cipher.getAuthTag(), leb128(wrapped.length), wrapped, ciphertext]),
  );
}

export async function sealValue(
  vault: VaultCrypto,
  value: string,
  context: Record<string, string>,
  copyId: string,
  pair?: DataKeyPair | null,
  purpose: SealPurpose = 'recovery-copy',
): Promise<{ sealed: string; dataKeyId: string | null }> {
  const sealed = pair
    ? sealWithDataKey(pair, value, copyId, purpose)
    : await vault.encrypt(value, context, aadFor(copyId, purpose));
  let dataKeyId: string | null = null;
  try {
    dataKeyId = parseEnvelope(sealed).dataKeyId;
  } catch {
    dataKeyId = null;
  }
  return { sealed, dataKeyId };
}

export async function openSealed(
  vault: VaultCrypto,
  sealed: string,
  copyId: string,
  purpose: SealPurpose = 'recovery-copy',
): Promise<{ ok: true; value: string } | { ok: false; failure: OpenFailure }> {
  try {
    return { ok: true, value: await vault.decrypt(sealed, aadFor(copyId, purpose)) };
  } catch (err) {
    const status = (err as { status?: unknown } | null)?.status;
    const code = typeof status === 'number' ? status : null;
    // 400/403/404/422: WorkOS answered and refused this key (revoked customer key, tampered or
    // foreign blob). No status and no answer: AES-GCM itself refused (wrong row, modified bytes).
    if (code === null) {
      const e = err as { name?: string; code?: string } | null;
      const network =
        e?.name === 'FetchError' ||
        e?.name === 'TypeError' ||
        e?.name === 'AbortError' ||
        (typeof e?.code === 'string' && /^E[A-Z]+/.test(e.code));
      return {
        ok: false,
        failure: { reason: network ? 'unavailable' : 'unreadable', status: null },
      };
    }
    if (code >= 400 && code < 500 && code !== 408 && code !== 429)
      return { ok: false, failure: { reason: 'unreadable', status: code } };
    return { ok: false, failure: { reason: 'unavailable', status: code } };
  }
}
