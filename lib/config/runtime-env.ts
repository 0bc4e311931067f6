/**
 * Decides local (emulator) or cloud (WorkOS) mode from the environment and fills in what local
 * mode needs. Pure: used by the launcher before Next starts (authkit-nextjs reads process.env at
 * import time) and by lib/env.ts at run time, so both always agree.
 */

export const LOCAL_API_KEY = 'sk_test_emulator';
export const LOCAL_CLIENT_ID = 'client_emulator';
/** The demo seed's staff organization ("Ledgerline Staff"); see lib/emulator/seed.ts. */
export const LOCAL_STAFF_ORGANIZATION_ID = 'org_01KF0E44M02JJRD47ZJF2M3RFR';
/** Local mode only. Cookies sealed with it protect nothing but sessions against the emulator. */
export const LOCAL_COOKIE_PASSWORD = 'local-emulator-cookie-password-not-a-secret-0001';

export type ConsoleMode = 'local' | 'cloud';

export type RuntimeEnv = {
  mode: ConsoleMode;
  port: number;
  appUrl: string;
  emulatorPort: number;
  /** Variables to export before Next (and authkit-nextjs) start. */
  exports: Record<string, string>;
};

export type EnvProblem = { variable: string; rule: string };

export class EnvError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(
      `Configuration error:\n${problems.map((p) => `  - ${p.variable}: ${p.rule}`).join('\n')}\nSee .env.example for every variable.`,
    );
  }
}

type Raw = Record<string, string | undefined>;

function intVar(raw: Raw, name: string, fallback: number, problems: EnvProblem[]): number {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    problems.push({ variable: name, rule: `must be a port number from 1 to 65535 (got "${v}")` });
    return fallback;
  }
  return n;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
}

/**
 * Local mode must never be what a cloud deployment silently falls into: a real-looking API key
 * with VAULT_CONSOLE_MODE=local, or cloud settings with an empty/missing key, is an error.
 */
function localModeProblems(raw: Raw, problems: EnvProblem[]): void {
  const key = raw.WORKOS_API_KEY ?? '';
  if (key && key !== LOCAL_API_KEY) {
    problems.push({
      variable: 'VAULT_CONSOLE_MODE',
      rule: `is "local" while WORKOS_API_KEY holds a real-looking key (${key.slice(0, 8)}…); local mode would ignore it and run a password-less demo. Unset one of them`,
    });
    return;
  }
  const cloudHints = [
    raw.WORKOS_CLIENT_ID && raw.WORKOS_CLIENT_ID !== LOCAL_CLIENT_ID ? 'WORKOS_CLIENT_ID' : null,
    raw.NEXT_PUBLIC_WORKOS_REDIRECT_URI && raw.VAULT_CONSOLE_MODE !== 'local'
      ? 'NEXT_PUBLIC_WORKOS_REDIRECT_URI'
      : null,
  ].filter((v): v is string => v !== null);
  if (!key && cloudHints.length) {
    problems.push({
      variable: 'WORKOS_API_KEY',
      rule: `is ${raw.WORKOS_API_KEY === undefined ? 'missing' : 'set but empty (an empty value counts as missing)'}, yet ${cloudHints.join(' and ')} ${cloudHints.length > 1 ? 'are' : 'is'} set for cloud mode. Set the key, or unset ${cloudHints.join(' and ')} for local mode`,
    });
  }
}

export function resolveRuntimeEnv(raw: Raw): RuntimeEnv {
  const problems: EnvProblem[] = [];
  const port = intVar(raw, 'PORT', 3000, problems);
  const emulatorPort = intVar(raw, 'EMULATOR_PORT', 4100, problems);
  // The launcher marks local mode after filling in the emulator's credentials; honour that.
  // An empty variable counts as missing everywhere (an unset compose variable arrives as "").
  const mode: ConsoleMode =
    raw.VAULT_CONSOLE_MODE === 'local' || !raw.WORKOS_API_KEY ? 'local' : 'cloud';

  if (mode === 'local') {
    localModeProblems(raw, problems);
    if (problems.length) throw new EnvError(problems);
    const appUrl = `http://localhost:${port}`;
    return {
      mode,
      port,
      appUrl,
      emulatorPort,
      exports: {
        VAULT_CONSOLE_MODE: 'local',
        WORKOS_API_KEY: LOCAL_API_KEY,
        WORKOS_CLIENT_ID: LOCAL_CLIENT_ID,
        WORKOS_API_HOSTNAME: 'localhost',
        WORKOS_API_PORT: String(emulatorPort),
        WORKOS_API_HTTPS: 'false',
        WORKOS_COOKIE_PASSWORD:
          raw.WORKOS_COOKIE_PASSWORD && raw.WORKOS_COOKIE_PASSWORD.length >= 32
            ? raw.WORKOS_COOKIE_PASSWORD
            : LOCAL_COOKIE_PASSWORD,
        NEXT_PUBLIC_WORKOS_REDIRECT_URI: `${appUrl}/callback`,
        CONSOLE_STAFF_ORGANIZATION_ID:
          raw.CONSOLE_STAFF_ORGANIZATION_ID || LOCAL_STAFF_ORGANIZATION_ID,
        APP_URL: appUrl,
      },
    };
  }

  const emptyButSet = (name: string) => raw[name] !== undefined && raw[name]!.trim() === '';
  for (const name of [
    'WORKOS_CLIENT_ID',
    'WORKOS_COOKIE_PASSWORD',
    'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
    'CONSOLE_STAFF_ORGANIZATION_ID',
  ])
    if (emptyButSet(name))
      problems.push({
        variable: name,
        rule: 'is set but empty; an empty value counts as missing, and cloud mode needs it',
      });
  if (problems.length) throw new EnvError(problems);
  const apiKey = raw.WORKOS_API_KEY ?? '';
  if (!apiKey.startsWith('sk_'))
    problems.push({
      variable: 'WORKOS_API_KEY',
      rule: 'must start with "sk_" (a secret API key from the WorkOS dashboard, API Keys page)',
    });
  const clientId = raw.WORKOS_CLIENT_ID ?? '';
  if (!clientId)
    problems.push({
      variable: 'WORKOS_CLIENT_ID',
      rule: 'is required in cloud mode (WorkOS dashboard, API Keys page)',
    });
  else if (!clientId.startsWith('client_'))
    problems.push({
      variable: 'WORKOS_CLIENT_ID',
      rule: `must start with "client_" (got "${clientId.slice(0, 12)}…")`,
    });
  const cookiePassword = raw.WORKOS_COOKIE_PASSWORD ?? '';
  if (cookiePassword.length < 32) {
    problems.push({
      variable: 'WORKOS_COOKIE_PASSWORD',
      rule: `must be at least 32 characters (it has ${cookiePassword.length}); generate one with \`openssl rand -base64 32\``,
    });
  }
  const redirect = raw.NEXT_PUBLIC_WORKOS_REDIRECT_URI ?? '';
  let appUrl = raw.APP_URL ?? '';
  let redirectUrl: URL | null = null;
  try {
    redirectUrl = new URL(redirect);
  } catch {
    problems.push({
      variable: 'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
      rule: `must be an absolute URL such as https://console.example.com/callback (got "${redirect}")`,
    });
  }
  if (redirectUrl) {
    if (
      redirectUrl.protocol !== 'https:' &&
      !(redirectUrl.protocol === 'http:' && isLoopback(redirectUrl.hostname))
    ) {
      problems.push({
        variable: 'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
        rule: 'must use https (plain http is only allowed for localhost)',
      });
    }
    if (redirectUrl.pathname !== '/callback') {
      problems.push({
        variable: 'NEXT_PUBLIC_WORKOS_REDIRECT_URI',
        rule: `must end in /callback, the console's callback route (got path "${redirectUrl.pathname}")`,
      });
    }
    if (!appUrl) appUrl = redirectUrl.origin;
  }
  const staffOrg = raw.CONSOLE_STAFF_ORGANIZATION_ID ?? '';
  if (!staffOrg.startsWith('org_')) {
    problems.push({
      variable: 'CONSOLE_STAFF_ORGANIZATION_ID',
      rule: 'must be the id (org_…) of the WorkOS organization whose members may use the console',
    });
  }
  // Whatever NODE_ENV says (`npm start` leaves it unset): authkit sends codes, refresh tokens
  // and the API key to this host.
  const host = raw.WORKOS_API_HOSTNAME;
  if (
    host &&
    !['api.workos.com', 'api.workos-test.com'].includes(host) &&
    raw.ALLOW_CUSTOM_WORKOS_HOST !== '1'
  ) {
    problems.push({
      variable: 'WORKOS_API_HOSTNAME',
      rule: `points at "${host}", not WorkOS; set ALLOW_CUSTOM_WORKOS_HOST=1 if that is really intended`,
    });
  }
  if (problems.length) throw new EnvError(problems);
  return {
    mode,
    port,
    appUrl,
    emulatorPort,
    exports: {
      VAULT_CONSOLE_MODE: 'cloud',
      APP_URL: appUrl,
      CONSOLE_STAFF_ORGANIZATION_ID: staffOrg,
    },
  };
}
