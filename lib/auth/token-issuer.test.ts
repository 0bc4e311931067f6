import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeIssuerForm,
  issuerForm,
  listedIssuers,
  verifyBoundToken,
  type TokenBinding,
} from './token-issuer';

const cloud: TokenBinding = {
  clientId: 'client_01ABC',
  apiOrigin: 'https://api.workos.com',
  listed: [],
};
const local: TokenBinding = {
  clientId: 'client_emulator',
  apiOrigin: 'http://localhost:4100',
  listed: [],
};

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let keySet: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), alg: 'RS256' }] });
});

function sign(claims: Record<string, unknown>, key = privateKey) {
  return new SignJWT({ sid: 'session_1', ...claims })
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject('user_1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

describe('access-token issuer forms (F3-01)', () => {
  // Every shape WorkOS's SDK pull requests name (workos/workos-node#1694,
  // workos/authkit-nextjs#476) plus the session-tokens reference's example.
  it.each([
    ['https://api.workos.com', 'WorkOS API host, legacy form (bare origin)'],
    ['https://api.workos.com/', 'WorkOS API host, legacy form (bare origin)'],
    [
      'https://api.workos.com/user_management/client_01ABC',
      'WorkOS API host, /user_management/<client id>',
    ],
    ['https://api.workos.com/sso/client_01ABC', 'WorkOS API host, /sso/<client id>'],
    ['https://api.workos.com/convex/client_01ABC', 'WorkOS API host, /convex/<client id>'],
    ['https://auth.example.com', 'custom domain, bare origin'],
    [
      'https://auth.example.com/user_management/client_01ABC',
      'custom domain, /user_management/<client id>',
    ],
  ])('accepts %s, signed by the client’s key set and naming our client', async (iss, label) => {
    const result = await verifyBoundToken(
      await sign({ iss, client_id: 'client_01ABC' }),
      keySet,
      cloud,
    );
    expect(result).toMatchObject({ ok: true, claims: { sid: 'session_1' } });
    expect(result.ok && describeIssuerForm(result.form)).toBe(label);
  });

  it('accepts a token without a client claim (the documented example has none) on its signature', async () => {
    const result = await verifyBoundToken(
      await sign({ iss: 'https://api.workos.com' }),
      keySet,
      cloud,
    );
    expect(result.ok).toBe(true);
  });

  it('refuses a token signed by another key, whatever its issuer', async () => {
    const token = await sign(
      { iss: 'https://api.workos.com', client_id: 'client_01ABC' },
      otherKey,
    );
    expect(await verifyBoundToken(token, keySet, cloud)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses a token whose client claim or issuer path names another client', async () => {
    expect(
      await verifyBoundToken(
        await sign({ iss: 'https://api.workos.com', client_id: 'client_OTHER' }),
        keySet,
        cloud,
      ),
    ).toMatchObject({ ok: false, reason: 'client' });
    expect(
      await verifyBoundToken(
        await sign({ iss: 'https://api.workos.com/user_management/client_OTHER' }),
        keySet,
        cloud,
      ),
    ).toMatchObject({ ok: false, reason: 'issuer' });
  });

  it.each([
    'http://auth.example.com', // plain http outside the configured API origin
    'https://api.workos.com/oauth2/client_01ABC',
    'https://api.workos.com/user_management/client_01ABC/extra',
    'https://api.workos.com?x=1',
    'https://user:pw@api.workos.com',
    'not a url',
    '',
  ])('refuses the undocumented issuer %j', (iss) => {
    expect(issuerForm(iss, cloud)).toBeNull();
  });

  it('accepts http only on the configured API origin (the local emulator)', () => {
    expect(issuerForm('http://localhost:4100/user_management/client_emulator', local)).toEqual({
      host: 'workos',
      path: 'user_management',
      listed: false,
    });
    expect(issuerForm('http://localhost:4999', local)).toBeNull();
  });

  it('WORKOS_TOKEN_ISSUERS lets an operator accept an exact issuer of another shape', async () => {
    const odd = 'https://auth.example.com/tenant/42';
    expect(issuerForm(odd, cloud)).toBeNull();
    const binding = { ...cloud, listed: listedIssuers(` ${odd} , https://x.example `) };
    expect(binding.listed).toEqual([odd, 'https://x.example']);
    const result = await verifyBoundToken(await sign({ iss: odd }), keySet, binding);
    expect(result.ok && describeIssuerForm(result.form)).toBe(
      'custom domain, another path, listed in WORKOS_TOKEN_ISSUERS',
    );
  });
});
