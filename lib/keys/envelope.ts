/**
 * Reads the local-encryption envelope the WorkOS SDKs produce (docs/workos-vault-api.md, "Local encryption envelope"), without any
 * key: IV || TAG || LEB128(len) || encrypted_keys || ciphertext. Node ≥ 7.50.1, Python and Ruby
 * use a 12-byte IV; the Go SDK and older Node a 32-byte one. Pure: runs in the browser too.
 */
export type EnvelopeLayout = 12 | 32;

export type ParsedEnvelope = {
  layout: EnvelopeLayout;
  iv: Uint8Array;
  tag: Uint8Array;
  keyBlob: Uint8Array;
  ciphertext: Uint8Array;
  /** From the blob's `WOS.EKM.v1\0` header, when present. */
  dataKeyId: string | null;
  /** Only blobs made by the local emulator carry a readable context; WorkOS's are opaque. */
  context: Record<string, string> | null;
};

export class EnvelopeError extends Error {}

function base64ToBytes(b64: string): Uint8Array {
  const clean = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1)
    throw new EnvelopeError('This is not base64 text.');
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function readLeb128(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[offset + i];
    if (b === undefined) throw new EnvelopeError('The ciphertext is cut short (length prefix).');
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  throw new EnvelopeError('The length prefix is malformed.');
}

const MAGIC = 'WOS.EKM.v1\0';

function readBlobHeader(blob: Uint8Array): {
  dataKeyId: string | null;
  context: Record<string, string> | null;
} {
  const text = new TextDecoder('latin1').decode(blob.subarray(0, MAGIC.length));
  if (text !== MAGIC) return { dataKeyId: null, context: null };
  const dataKeyId = new TextDecoder('latin1').decode(
    blob.subarray(MAGIC.length, MAGIC.length + 36),
  );
  let context: Record<string, string> | null = null;
  try {
    // The emulator's tail: 0x01, LEB128 length, context JSON. Anything else stays opaque.
    if (blob[MAGIC.length + 36] === 0x01) {
      const { value, next } = readLeb128(blob, MAGIC.length + 37);
      const parsed: unknown = JSON.parse(
        new TextDecoder().decode(blob.subarray(next, next + value)),
      );
      if (
        parsed &&
        typeof parsed === 'object' &&
        !Array.isArray(parsed) &&
        Object.values(parsed).every((v) => typeof v === 'string')
      )
        context = parsed as Record<string, string>;
    }
  } catch {
    context = null;
  }
  return { dataKeyId: /^[0-9a-f-]{36}$/.test(dataKeyId) ? dataKeyId : null, context };
}

export function parseEnvelope(b64: string, layout: EnvelopeLayout = 12): ParsedEnvelope {
  const bytes = base64ToBytes(b64);
  if (bytes.length < layout + 16 + 2)
    throw new EnvelopeError('Too short to be a Vault ciphertext.');
  const { value: keyLen, next } = readLeb128(bytes, layout + 16);
  if (keyLen < 1 || next + keyLen > bytes.length)
    throw new EnvelopeError('The key blob length does not fit the ciphertext.');
  const keyBlob = bytes.subarray(next, next + keyLen);
  return {
    layout,
    iv: bytes.subarray(0, layout),
    tag: bytes.subarray(layout, layout + 16),
    keyBlob,
    ciphertext: bytes.subarray(next + keyLen),
    ...readBlobHeader(keyBlob),
  };
}

/** The layout whose key blob looks like a WorkOS one; 12-byte first (what Node writes today). */
export function detectEnvelope(b64: string): ParsedEnvelope {
  let first: unknown;
  for (const layout of [12, 32] as const) {
    try {
      const parsed = parseEnvelope(b64, layout);
      if (parsed.dataKeyId) return parsed;
      first ??= parsed;
    } catch (err) {
      first ??= err;
    }
  }
  if (first instanceof Error) throw first;
  return first as ParsedEnvelope;
}
