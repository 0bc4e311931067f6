import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** AES-256-GCM output layout used everywhere in the emulator: IV[12] || TAG[16] || CIPHERTEXT. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

/** Inverse of seal(); throws CryptoError when the bytes or the associated data were tampered with. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.length < 28) throw new CryptoError('sealed data is truncated');
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(buf.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  } catch {
    throw new CryptoError('authentication failed');
  }
}

export class CryptoError extends Error {}

export type WrappingKey = { id: string; key: Uint8Array };

/**
 * Wraps a data key once per key-context pair, innermost first, so unwrapping needs every KEK
 * (and, under BYOK, the customer key). Each layer binds the key id and the caller's AAD.
 */
export function wrapLayered(dek: Uint8Array, keks: WrappingKey[], aad: string): Buffer {
  let wrapped: Buffer = Buffer.from(dek);
  for (const kek of keks) wrapped = seal(kek.key, wrapped, `${aad}|${kek.id}`);
  return wrapped;
}

export function unwrapLayered(wrapped: Uint8Array, keks: WrappingKey[], aad: string): Buffer {
  let current: Buffer = Buffer.from(wrapped);
  for (let i = keks.length - 1; i >= 0; i--) {
    const kek = keks[i]!;
    current = open(kek.key, current, `${aad}|${kek.id}`);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Little binary helpers (unsigned LEB128, as the SDK uses for its own envelope).

function encodeLeb128(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new CryptoError('length out of range');
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return Buffer.from(out);
}

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  leb(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
    throw new CryptoError('length prefix too long');
  }
  byte(): number {
    if (this.offset >= this.buf.length) throw new CryptoError('unexpected end of data');
    return this.buf[this.offset++]!;
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.offset + n > this.buf.length) throw new CryptoError('unexpected end of data');
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  rest(): Buffer {
    const out = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return out;
  }
  get done(): boolean {
    return this.offset >= this.buf.length;
  }
}

const KEY_ID_LENGTH = 36;

function writeKeyIds(ids: string[]): Buffer {
  const parts = [encodeLeb128(ids.length)];
  for (const id of ids) {
    if (id.length !== KEY_ID_LENGTH) throw new CryptoError('key ids are 36-character UUIDs');
    parts.push(Buffer.from(id, 'ascii'));
  }
  return Buffer.concat(parts);
}

function readKeyIds(r: Reader): string[] {
  const n = r.leb();
  if (n < 1 || n > 10) throw new CryptoError('bad key count');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(r.bytes(KEY_ID_LENGTH).toString('ascii'));
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Stored object record: what sits at rest for one version, and what etag/size describe.
//   0x01 | LEB(n) | n × key id | LEB(len) | wrapped DEK | IV | TAG | CIPHERTEXT

export type ObjectRecord = { keyIds: string[]; wrappedDek: Buffer; sealedValue: Buffer };

export function encodeObjectRecord(rec: ObjectRecord): Buffer {
  return Buffer.concat([
    Buffer.from([0x01]),
    writeKeyIds(rec.keyIds),
    encodeLeb128(rec.wrappedDek.length),
    rec.wrappedDek,
    rec.sealedValue,
  ]);
}

export function decodeObjectRecord(buf: Buffer): ObjectRecord {
  const r = new Reader(buf);
  if (r.byte() !== 0x01) throw new CryptoError('unknown record format');
  const keyIds = readKeyIds(r);
  const wrappedDek = r.bytes(r.leb());
  return { keyIds, wrappedDek, sealedValue: r.rest() };
}

// ---------------------------------------------------------------------------------------------
// Data-key blob (`encrypted_keys`). Starts like the real one: "WOS.EKM.v1\0" + 36-char DEK id.
// After that the layout is the emulator's own (the real grammar is undocumented):
//   0x01 | LEB(len) | context JSON | LEB(n) | n × key id | LEB(len) | wrapped DEK

const EKM_MAGIC = Buffer.from('WOS.EKM.v1\0', 'latin1');

export type DataKeyBlob = {
  dekId: string;
  context: Record<string, string>;
  keyIds: string[];
  wrappedDek: Buffer;
};

export function encodeDataKeyBlob(blob: DataKeyBlob): Buffer {
  const ctx = Buffer.from(JSON.stringify(blob.context), 'utf8');
  return Buffer.concat([
    EKM_MAGIC,
    Buffer.from(blob.dekId, 'ascii'),
    Buffer.from([0x01]),
    encodeLeb128(ctx.length),
    ctx,
    writeKeyIds(blob.keyIds),
    encodeLeb128(blob.wrappedDek.length),
    blob.wrappedDek,
  ]);
}

export function decodeDataKeyBlob(buf: Buffer): DataKeyBlob {
  if (
    buf.length < EKM_MAGIC.length + KEY_ID_LENGTH + 2 ||
    !buf.subarray(0, EKM_MAGIC.length).equals(EKM_MAGIC)
  ) {
    throw new CryptoError('not a WOS.EKM.v1 blob');
  }
  const r = new Reader(buf);
  r.bytes(EKM_MAGIC.length);
  const dekId = r.bytes(KEY_ID_LENGTH).toString('ascii');
  if (r.byte() !== 0x01) throw new CryptoError('unknown blob field');
  let context: unknown;
  try {
    context = JSON.parse(r.bytes(r.leb()).toString('utf8'));
  } catch {
    throw new CryptoError('bad context field');
  }
  if (!context || typeof context !== 'object' || Array.isArray(context))
    throw new CryptoError('bad context field');
  const keyIds = readKeyIds(r);
  const wrappedDek = r.bytes(r.leb());
  if (!r.done) throw new CryptoError('trailing bytes');
  return { dekId, context: context as Record<string, string>, keyIds, wrappedDek };
}

/** AAD binding for a data key: environment, DEK id and the exact context. */
export function dataKeyAad(
  environmentId: string,
  dekId: string,
  context: Record<string, string>,
): string {
  return `dek|${environmentId}|${dekId}|${canonicalContext(context)}`;
}

export function objectAad(environmentId: string, objectId: string, versionId: string): string {
  return `kv|${environmentId}|${objectId}|${versionId}`;
}

/** Stable JSON for a context: keys sorted. */
export function canonicalContext(context: Record<string, string>): string {
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return JSON.stringify(sorted);
}

// ---------------------------------------------------------------------------------------------
// Root key: from EMULATOR_ROOT_KEY (base64 or hex of 32 bytes), else a 0600 file in the data dir.

export function loadRootKey(dataDir: string | null, fromEnv: string | undefined): Buffer {
  if (fromEnv) {
    const raw = /^[0-9a-fA-F]{64}$/.test(fromEnv)
      ? Buffer.from(fromEnv, 'hex')
      : Buffer.from(fromEnv, 'base64');
    if (raw.length !== 32)
      throw new Error('EMULATOR_ROOT_KEY must be 32 bytes, given as 64 hex digits or base64');
    return raw;
  }
  if (!dataDir) return randomBytes(32);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'root.key');
  if (existsSync(file)) {
    const raw = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (raw.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    chmodSync(file, 0o600);
    return raw;
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
