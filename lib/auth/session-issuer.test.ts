import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet } from 'jose';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@workos-inc/authkit-nextjs', () => ({ withAuth: async () => ({}) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('next/navigation', () => ({ forbidden: () => undefined, redirect: () => undefined }));

const { expectedIssuers, verifyAccessToken } = await import('./session');

const local = { https: false, hostname: 'localhost', port: 4100, clientId: 'client_emulator' };

describe('access-token issuer check (F15f)', () => {
  it('expects WorkOS’s issuer form for the configured API host and client id', () => {
    expect(expectedIssuers(local, undefined)).toEqual([
      'http://localhost:4100/user_management/client_emulator',
      'https://api.workos.com/user_management/client_emulator',
    ]);
    expect(
      expectedIssuers(
        { https: true, hostname: 'api.workos.com', port: undefined, clientId: 'client_1' },
        'https://auth.example.com',
      ),
    ).toEqual(['https://api.workos.com/user_management/client_1', 'https://auth.example.com']);
  });

  it('refuses a correctly signed token from another issuer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'RS256' }] });
    const sign = (iss: string) =>
      new SignJWT({ sid: 'session_1' })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('user_1')
        .setIssuer(iss)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const issuers = expectedIssuers(local, undefined);
    expect(await verifyAccessToken(await sign(issuers[0]!), keySet, issuers)).toMatchObject({
      sid: 'session_1',
    });
    expect(
      await verifyAccessToken(
        await sign('https://evil.example/user_management/client_emulator'),
        keySet,
        issuers,
      ),
    ).toBeNull();
    expect(
      await verifyAccessToken(
        await sign('http://localhost:4100/user_management/client_other'),
        keySet,
        issuers,
      ),
    ).toBeNull();
  });
});
