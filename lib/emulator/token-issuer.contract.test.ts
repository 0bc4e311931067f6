import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, tokenIssuerFromEnv, type TokenIssuerSetting } from './config';
import { startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
});

async function mintedIssuer(tokenIssuer: TokenIssuerSetting): Promise<string> {
  t.emu.config.tokenIssuer = tokenIssuer;
  const user = (await t.emu.db.query<{ id: string }>('select id from users limit 1')).rows[0]!;
  const token = await t.emu.auth.accessToken(user.id, null, 'session_1', new Date());
  // The key set at /sso/jwks/<client id> signs every form.
  const jwks = createRemoteJWKSet(new URL(t.workos.userManagement.getJwksUrl('client_emulator')));
  await jwtVerify(token, jwks);
  return decodeJwt(token).iss!;
}

describe('EMULATOR_TOKEN_ISSUER: each iss shape WorkOS mints (F3-01)', () => {
  it('client (default): <public URL>/user_management/<client id>', async () => {
    expect(await mintedIssuer({ kind: 'client' })).toMatch(
      /^http:\/\/(localhost|127\.0\.0\.1):\d+\/user_management\/client_emulator$/,
    );
  });

  it('legacy: https://api.workos.com', async () => {
    expect(await mintedIssuer({ kind: 'legacy' })).toBe('https://api.workos.com');
  });

  it('custom:<url>: the URL verbatim (a custom authentication domain)', async () => {
    expect(await mintedIssuer({ kind: 'custom', url: 'https://auth.example.com' })).toBe(
      'https://auth.example.com',
    );
  });

  it('parses the variable and names the rule a bad value broke', () => {
    expect(configFromEnv({}).tokenIssuer).toEqual({ kind: 'client' });
    expect(tokenIssuerFromEnv('legacy')).toEqual({ kind: 'legacy' });
    expect(tokenIssuerFromEnv('custom:https://auth.example.com/sso/client_emulator')).toEqual({
      kind: 'custom',
      url: 'https://auth.example.com/sso/client_emulator',
    });
    expect(() => tokenIssuerFromEnv('custom:auth.example.com')).toThrow(/absolute URL/);
    expect(() => tokenIssuerFromEnv('modern')).toThrow(/legacy, client or custom:<url>/);
  });
});
