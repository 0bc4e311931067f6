import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBase64, detectEnvelope, EnvelopeError, parseEnvelope } from './envelope';

function envelope(ivLength: number, blob: Buffer, plaintext = 'hello') {
  const key = randomBytes(32);
  const iv = randomBytes(ivLength);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  const len =
    blob.length < 128
      ? Buffer.from([blob.length])
      : Buffer.from([(blob.length & 0x7f) | 0x80, blob.length >> 7]);
  return bytesToBase64(Buffer.concat([iv, c.getAuthTag(), len, blob, ct]));
}

const dekId = 'bf51ccec-78b4-5200-b383-35730e71ef61';
const emulatorBlob = Buffer.concat([
  Buffer.from('WOS.EKM.v1\0', 'latin1'),
  Buffer.from(dekId),
  Buffer.from([0x01, 25]),
  Buffer.from('{"organization_id":"org_1"}'.slice(0, 25)),
  randomBytes(40),
]);

describe('local-encryption envelope', () => {
  it('reads the 12-byte layout, the data-key id and an emulator context', () => {
    const blob = Buffer.concat([
      Buffer.from('WOS.EKM.v1\0', 'latin1'),
      Buffer.from(dekId),
      Buffer.from([0x01, 27]),
      Buffer.from('{"organization_id":"org_1"}'),
      randomBytes(40),
    ]);
    const p = detectEnvelope(envelope(12, blob));
    expect(p.layout).toBe(12);
    expect(p.dataKeyId).toBe(dekId);
    expect(p.context).toEqual({ organization_id: 'org_1' });
  });

  it('falls back to the 32-byte (Go SDK) layout, and handles two-byte lengths', () => {
    const big = Buffer.concat([
      Buffer.from('WOS.EKM.v1\0', 'latin1'),
      Buffer.from(dekId),
      randomBytes(200),
    ]);
    const p = detectEnvelope(envelope(32, big));
    expect(p.layout).toBe(32);
    expect(p.dataKeyId).toBe(dekId);
    expect(p.context).toBeNull(); // an opaque (real WorkOS) tail
    expect(p.keyBlob.length).toBe(big.length);
  });

  it('names what is wrong with garbage', () => {
    expect(() => parseEnvelope('%%%')).toThrow(EnvelopeError);
    expect(() => parseEnvelope('aGVsbG8=')).toThrow(/Too short/);
    expect(() => detectEnvelope(envelope(12, emulatorBlob).slice(0, 40))).toThrow(EnvelopeError);
  });
});
