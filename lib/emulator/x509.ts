import { createHash, createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 certificate for the AuthKit signing key, so JWKS keys carry `x5c` and
 * `x5t#S256` as the spec's JwksResponse requires. Node can parse certificates but not make them,
 * so this writes the few DER structures one needs (RFC 5280 §4.1).
 */
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...p: Buffer[]) => der(0x30, ...p);
const set = (...p: Buffer[]) => der(0x31, ...p);
const oid = (hex: string) => der(0x06, Buffer.from(hex, 'hex'));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));
const NULL = Buffer.from([0x05, 0x00]);
function integer(bytes: Buffer): Buffer {
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
function time(d: Date): Buffer {
  // GeneralizedTime for every year: valid for dates past 2049 too.
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return der(0x18, Buffer.from(s, 'ascii'));
}

const SHA256_WITH_RSA = seq(oid('2a864886f70d01010b'), NULL);
const COMMON_NAME = '550403';

/** DER bytes of a self-signed certificate for `privateKey`, valid from `notBefore` for ten years. */
export function selfSignedCertificate(
  privateKey: KeyObject,
  subject: string,
  notBefore: Date,
  serial: Buffer,
): Buffer {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const name = seq(set(seq(oid(COMMON_NAME), utf8(subject))));
  const notAfter = new Date(notBefore.getTime() + 10 * 365 * 86_400_000);
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
  );
  const signature = sign('RSA-SHA256', tbs, privateKey);
  const cert = seq(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), signature));
  // Parse it back: a malformed certificate fails here, not in a client.
  new X509Certificate(cert);
  return cert;
}

/** The JWKS members a certificate adds: `x5c` (base64 DER chain) and `x5t#S256`. */
export function certificateMembers(cert: Buffer): { x5c: string[]; 'x5t#S256': string } {
  return {
    x5c: [cert.toString('base64')],
    'x5t#S256': createHash('sha256').update(cert).digest('base64url'),
  };
}
