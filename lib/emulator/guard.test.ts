import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeProof, checkBindHost, hostName } from './guard';
import { startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(() => t.close());

/** What a web page (or a DNS-rebinding page) can send; node:http, so Host is ours to set. */
function attack(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: t.port,
        path,
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(init.host ? { host: init.host } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('emulator guard (F5/F14), attacks replayed against a running emulator', () => {
  it('DNS rebinding: a foreign Host name reads nothing, even with the public API key', async () => {
    const objects = await attack('/vault/v1/kv', {
      host: `attacker.example:${t.port}`,
      headers: { authorization: 'Bearer sk_test_emulator' },
    });
    expect(objects.status).toBe(421);
    expect(objects.text).not.toContain('"data"');
    // The same request with a loopback name works (the check is on the name, not the key).
    for (const host of [`localhost:${t.port}`, `127.0.0.1:${t.port}`, `[::1]:${t.port}`])
      expect(
        (
          await attack('/vault/v1/kv', {
            host,
            headers: { authorization: 'Bearer sk_test_emulator' },
          })
        ).status,
      ).toBe(200);
    expect(
      (
        await attack('/user_management/authorize?login_hint=admin@example.com', {
          host: 'evil.test',
        })
      ).status,
    ).toBe(421);
  });

  it('a cross-site "simple" POST (text/plain, no token) cannot reset, seed, fault or backdate', async () => {
    for (const path of [
      '/_emulator/reset',
      '/_emulator/seed',
      '/_emulator/faults',
      '/_emulator/logins/backdate',
    ])
      expect(
        (
          await attack(path, {
            method: 'POST',
            headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
            body: JSON.stringify({ email: 'admin@example.com', seconds: 99, kind: 'demo' }),
          })
        ).status,
      ).toBe(401);
    expect(t.emu.backdatedLogins.size).toBe(0);
  });

  it('with the token, the control API still accepts JSON only', async () => {
    const token = t.emu.config.controlToken;
    const text = await attack('/_emulator/logins/backdate', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-emulator-token': token },
      body: JSON.stringify({ email: 'admin@example.com', seconds: 99 }),
    });
    expect(text.status).toBe(415);
    const wrong = await attack('/_emulator/requests', { headers: { 'x-emulator-token': 'guess' } });
    expect(wrong.status).toBe(401);
    expect((await t.control('/_emulator/requests')).status).toBe(200);
  });

  it('health proves the token with an HMAC of a challenge, without revealing it', async () => {
    const res = await fetch(`${t.url}/_emulator/health`, {
      headers: { 'x-emulator-challenge': 'nonce-123' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-emulator-proof')).toBe(
      challengeProof(t.emu.config.controlToken, 'nonce-123'),
    );
    expect(await res.text()).not.toContain(t.emu.config.controlToken);
  });

  it('refuses a non-loopback bind without EMULATOR_ALLOW_REMOTE=1', () => {
    expect(() => checkBindHost('0.0.0.0', false)).toThrow(/EMULATOR_ALLOW_REMOTE=1/);
    expect(() => checkBindHost('127.0.0.1', false)).not.toThrow();
    expect(() => checkBindHost('localhost', false)).not.toThrow();
    expect(hostName('[::1]:4100')).toBe('[::1]');
  });
});
