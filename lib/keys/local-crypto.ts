import 'server-only';
import { createDecipheriv } from 'node:crypto';
import { explainVaultFailure } from '../byok/explain';
import { getDb } from '../db/client';
import type { Result } from '../actions/result';
import { consoleError, toConsoleError } from '../workos/errors';
import { getWorkOS } from '../workos/client';
import { bytesToBase64, detectEnvelope, EnvelopeError, parseEnvelope } from './envelope';

/** Encrypts locally with a fresh data key (one /keys/data-key call); the plaintext never leaves. */
export async function encryptLocally(
  plaintext: string,
  context: Record<string, string>,
  aad?: string,
): Promise<
  Result<{ ciphertext: string; dataKeyId: string | null; context: Record<string, string> | null }>
> {
  try {
    const ciphertext = await getWorkOS().vault.encrypt(plaintext, context, aad || undefined);
    const info = parseEnvelope(ciphertext);
    return { ok: true, data: { ciphertext, dataKeyId: info.dataKeyId, context: info.context } };
  } catch (err) {
    const orgId = context.organization_id ?? null;
    return { ok: false, error: await explainVaultFailure(await getDb(), err, 'read', { orgId }) };
  }
}

function gcmOpen(
  key: Buffer,
  iv: Uint8Array,
  tag: Uint8Array,
  ciphertext: Uint8Array,
  aad?: string,
): string | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    if (aad) d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ciphertext), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Decrypts a local ciphertext: unwrap the data key with /keys/decrypt, then AES-256-GCM here,
 * trying the 12-byte layout and then the 32-byte one (Go SDK, old Node). Each failure is named.
 */
export async function decryptLocally(
  b64: string,
  aad?: string,
): Promise<
  Result<{
    plaintext: string;
    dataKeyId: string | null;
    layout: number;
    context: Record<string, string> | null;
  }>
> {
  let envelope;
  try {
    envelope = detectEnvelope(b64);
  } catch (err) {
    return {
      ok: false,
      error: consoleError('invalid_input', {
        message:
          err instanceof EnvelopeError
            ? `Not a Vault ciphertext: ${err.message}`
            : 'Not a Vault ciphertext.',
      }),
    };
  }
  let key: Buffer;
  try {
    key = Buffer.from(
      (await getWorkOS().vault.decryptDataKey({ keys: bytesToBase64(envelope.keyBlob) })).key,
      'base64',
    );
  } catch (err) {
    const e = toConsoleError(err);
    if (e.code === 'invalid_input') {
      return {
        ok: false,
        error: consoleError('invalid_input', {
          message:
            'WorkOS could not unwrap the data key inside: the ciphertext was tampered with, is cut short, or was made in another WorkOS environment.',
        }),
      };
    }
    return { ok: false, error: e };
  }
  for (const layout of envelope.layout === 12 ? ([12, 32] as const) : ([32, 12] as const)) {
    let parsed;
    try {
      parsed = parseEnvelope(b64, layout);
    } catch {
      continue;
    }
    const plaintext = gcmOpen(key, parsed.iv, parsed.tag, parsed.ciphertext, aad);
    if (plaintext !== null) {
      key.fill(0);
      return {
        ok: true,
        data: { plaintext, dataKeyId: envelope.dataKeyId, layout, context: envelope.context },
      };
    }
  }
  key.fill(0);
  return {
    ok: false,
    error: consoleError('invalid_input', {
      message: aad
        ? 'The data key is fine, but the ciphertext did not authenticate: the associated data does not match what it was encrypted with, or the encrypted part was modified.'
        : 'The data key is fine, but the ciphertext did not authenticate: it was encrypted with associated data (enter it), or the encrypted part was modified.',
    }),
  };
}
