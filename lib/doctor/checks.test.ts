import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkClient, startTestEmulator, type TestEmulator } from '../emulator/testing';
import { runDoctor } from './checks';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
});

const good = {
  apiKey: 'sk_test_emulator',
  clientId: 'client_emulator',
  cookiePassword: 'x'.repeat(40),
  redirectUri: 'http://localhost:3000/callback',
  appUrl: 'http://localhost:3000',
};

describe('doctor', () => {
  it('passes against the emulator, leaves nothing behind, and lists BYOK organizations by name', async () => {
    const before = (await (await t.workos.vault.listObjects()).autoPagination()).length;
    const results = await runDoctor({ ...good, workos: t.workos });
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(results.map((r) => r.id)).toEqual([
      'api_key',
      'client_id',
      'cookie_password',
      'redirect_uri',
      'api_reachable',
      'organizations',
      'round_trip',
      'byok',
    ]);
    expect(results.find((r) => r.id === 'byok')!.detail).toMatch(
      /Tailspin Airlines \(AWS_KMS: deleted\)/,
    );
    expect((await (await t.workos.vault.listObjects()).autoPagination()).length).toBe(before);
  });

  it('in cloud mode, prints the access-token issuer form the console saw (F3-01)', async () => {
    const seen = await runDoctor({
      ...good,
      workos: t.workos,
      seenIssuers: {
        rows: [
          {
            iss: 'https://api.workos.com',
            form: 'WorkOS API host, legacy form (bare origin)',
            lastSeen: new Date('2026-12-07T10:00:00Z'),
          },
        ],
      },
    });
    expect(seen.find((r) => r.id === 'token_issuer')).toMatchObject({
      status: 'pass',
      detail:
        'https://api.workos.com (WorkOS API host, legacy form (bare origin); last seen 2026-12-07T10:00:00.000Z)',
    });
    const none = await runDoctor({ ...good, workos: t.workos, seenIssuers: { rows: [] } });
    expect(none.find((r) => r.id === 'token_issuer')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('No sign-in seen yet'),
    });
  });

  it('fails with a fix for each broken setting', async () => {
    const results = await runDoctor({
      apiKey: 'pk_live_x',
      clientId: 'app_1',
      cookiePassword: 'short',
      redirectUri: 'https://other.example/cb',
      appUrl: 'https://console.example',
      workos: null,
    });
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId.api_key).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('"pk_"'),
      fix: expect.any(String),
    });
    expect(byId.client_id!.status).toBe('fail');
    expect(byId.cookie_password!.detail).toContain('5 characters');
    expect(byId.redirect_uri!.detail).toContain('not the console');
    expect(byId.round_trip!.status).toBe('skip');
  });

  it('reports a rejected key and an unreachable API', async () => {
    const bad = await runDoctor({
      ...good,
      apiKey: 'sk_test_wrong',
      workos: sdkClient(t.port, 'sk_test_wrong', { maxRetries: 0 }),
    });
    expect(bad.find((r) => r.id === 'api_reachable')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('401'),
    });
  });

  it('`npm run doctor` passes in local mode (starting a throwaway emulator when none runs)', () => {
    const env = {
      ...process.env,
      EMULATOR_PORT: String(4500 + Math.floor(Math.random() * 400)),
    } as NodeJS.ProcessEnv;
    delete env.WORKOS_API_KEY;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts'], {
      env,
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('All checks passed.');
    expect(run.status).toBe(0);
  });

  it('`npm run doctor` exits non-zero and says why when WORKOS_API_KEY lacks sk_', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts'], {
      env: { ...process.env, WORKOS_API_KEY: 'pk_live_notakey' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('WORKOS_API_KEY starts with "pk_", not "sk_"');
    expect(run.stdout).toContain('fix:');
  });
});
