import { createHash, randomBytes, randomUUID } from 'node:crypto';

// Crockford base32, as used by ULIDs (no I, L, O, U).
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeBase32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out.slice(0, length);
}

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

let lastUlidTime = 0;
let lastUlidRandom = '';

/** A ULID: 48-bit time + 80 random bits, monotonic within one millisecond. */
function ulid(now: number = Date.now()): string {
  if (now === lastUlidTime && lastUlidRandom) {
    lastUlidRandom = incrementBase32(lastUlidRandom);
  } else {
    lastUlidTime = now;
    lastUlidRandom = encodeBase32(randomBytes(10), 16);
  }
  return encodeTime(now) + lastUlidRandom;
}

function incrementBase32(s: string): string {
  const chars = s.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const idx = CROCKFORD.indexOf(chars[i] ?? '0');
    if (idx < 31) {
      chars[i] = CROCKFORD[idx + 1] ?? '0';
      return chars.join('');
    }
    chars[i] = '0';
  }
  return chars.join('');
}

/** A deterministic ULID for seed data: the time part from `ms`, the rest from a hash of `label`. */
export function seededUlid(ms: number, label: string): string {
  const digest = createHash('sha256').update(label).digest();
  return encodeTime(ms) + encodeBase32(digest.subarray(0, 10), 16);
}

const VAULT_NAMESPACE = '5b0e3c1e-8f8f-4d0a-9a51-7a7e2f6c9b10';

/** RFC 4122 version 5 (SHA-1, name-based) UUID, the form WorkOS uses for key ids. */
export function uuidV5(name: string, namespace: string = VAULT_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `secret_` + 32 upper-case hex digits, as seen on WorkOS object ids. */
export function objectId(): string {
  return 'secret_' + randomUUID().replace(/-/g, '').toUpperCase();
}

const VERSION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** 32 characters from [A-Za-z0-9._], the shape of an S3 object version id. */
export function versionId(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const b of bytes) out += VERSION_ALPHABET[b & 63];
  return out;
}

export function prefixedUlid(prefix: string, now?: number): string {
  return `${prefix}_${ulid(now)}`;
}

export function requestId(): string {
  return randomUUID();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}
