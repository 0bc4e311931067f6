import { describe, expect, it } from 'vitest';
import { EnvError, LOCAL_API_KEY, resolveRuntimeEnv } from './runtime-env';

const cloud = {
  WORKOS_API_KEY: 'sk_live_abc',
  WORKOS_CLIENT_ID: 'client_123',
  WORKOS_COOKIE_PASSWORD: 'x'.repeat(32),
  NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'https://console.example.com/callback',
  CONSOLE_STAFF_ORGANIZATION_ID: 'org_staff',
};

function problems(raw: Record<string, string>) {
  try {
    resolveRuntimeEnv(raw);
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  return [];
}

describe('resolveRuntimeEnv', () => {
  it('chooses local mode without WORKOS_API_KEY and points everything at the emulator', () => {
    const r = resolveRuntimeEnv({ PORT: '3100', EMULATOR_PORT: '4150' });
    expect(r.mode).toBe('local');
    expect(r.exports).toMatchObject({
      WORKOS_API_KEY: LOCAL_API_KEY,
      WORKOS_API_HOSTNAME: 'localhost',
      WORKOS_API_PORT: '4150',
      WORKOS_API_HTTPS: 'false',
      NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'http://localhost:3100/callback',
    });
    expect(r.exports.WORKOS_COOKIE_PASSWORD!.length).toBeGreaterThanOrEqual(32);
  });

  it('stays local when the launcher has already filled in the emulator key', () => {
    expect(
      resolveRuntimeEnv({
        VAULT_CONSOLE_MODE: 'local',
        WORKOS_API_KEY: LOCAL_API_KEY,
        NODE_ENV: 'production',
        WORKOS_API_HOSTNAME: 'localhost',
      }).mode,
    ).toBe('local');
  });

  it('accepts a complete cloud configuration', () => {
    const r = resolveRuntimeEnv(cloud);
    expect(r.mode).toBe('cloud');
    expect(r.appUrl).toBe('https://console.example.com');
  });

  it.each([
    ['WORKOS_API_KEY', { WORKOS_API_KEY: 'pk_live_abc' }, /must start with "sk_"/],
    ['WORKOS_CLIENT_ID', { WORKOS_CLIENT_ID: 'app_123' }, /must start with "client_"/],
    ['WORKOS_CLIENT_ID', { WORKOS_CLIENT_ID: undefined as unknown as string }, /is required/],
    [
      'WORKOS_COOKIE_PASSWORD',
      { WORKOS_COOKIE_PASSWORD: 'short' },
      /at least 32 characters \(it has 5\)/,
    ],
    [
      'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
      { NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'console/callback' },
      /absolute URL/,
    ],
    [
      'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
      { NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'http://console.example.com/callback' },
      /must use https/,
    ],
    [
      'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
      { NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'https://console.example.com/auth' },
      /must end in \/callback/,
    ],
    ['CONSOLE_STAFF_ORGANIZATION_ID', { CONSOLE_STAFF_ORGANIZATION_ID: 'staff' }, /org_/],
    [
      'WORKOS_API_HOSTNAME',
      { WORKOS_API_HOSTNAME: 'localhost', NODE_ENV: 'production' },
      /not WorkOS/,
    ],
    // F10: the host guard no longer depends on NODE_ENV (npm start leaves it unset).
    ['WORKOS_API_HOSTNAME', { WORKOS_API_HOSTNAME: 'attacker.example' }, /not WorkOS/],
    // F10: an empty variable counts as missing, and the error names it.
    ['WORKOS_CLIENT_ID', { WORKOS_CLIENT_ID: '' }, /set but empty/],
    ['CONSOLE_STAFF_ORGANIZATION_ID', { CONSOLE_STAFF_ORGANIZATION_ID: ' ' }, /set but empty/],
    ['PORT', { PORT: 'eighty' }, /port number/],
  ])('fails fast on %s with a rule', (variable, patch, rule) => {
    const found = problems({ ...cloud, ...patch });
    expect(found.map((p) => p.variable)).toContain(variable);
    expect(found.find((p) => p.variable === variable)!.rule).toMatch(rule);
  });

  it('refuses local mode with a real-looking WORKOS_API_KEY (F10)', () => {
    const found = problems({ ...cloud, VAULT_CONSOLE_MODE: 'local' });
    expect(found).toEqual([
      { variable: 'VAULT_CONSOLE_MODE', rule: expect.stringMatching(/real-looking key/) },
    ]);
  });

  it('refuses an empty WORKOS_API_KEY when cloud settings are present, naming it (F10)', () => {
    expect(problems({ ...cloud, WORKOS_API_KEY: '' })).toEqual([
      {
        variable: 'WORKOS_API_KEY',
        rule: expect.stringMatching(
          /set but empty.*WORKOS_CLIENT_ID and NEXT_PUBLIC_WORKOS_REDIRECT_URI/,
        ),
      },
    ]);
    const { WORKOS_API_KEY: _k, ...noKey } = cloud;
    expect(problems(noKey).map((p) => p.variable)).toEqual(['WORKOS_API_KEY']);
    // A copied .env.example (everything empty) is still plain local mode.
    expect(
      resolveRuntimeEnv({
        WORKOS_API_KEY: '',
        WORKOS_CLIENT_ID: '',
        WORKOS_COOKIE_PASSWORD: '',
        NEXT_PUBLIC_WORKOS_REDIRECT_URI: '',
      }).mode,
    ).toBe('local');
  });

  it('allows plain http only for localhost redirect URIs', () => {
    expect(
      problems({ ...cloud, NEXT_PUBLIC_WORKOS_REDIRECT_URI: 'http://localhost:3000/callback' }),
    ).toEqual([]);
  });
});
