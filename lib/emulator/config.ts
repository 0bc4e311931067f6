import path from 'node:path';
import { webhookSettingsFromEnv, type WebhookSettings } from './webhooks';
import { resolveControlToken } from './guard';

/**
 * Emulator policy for what no WorkOS source settles (docs/decisions.md lists each one).
 * Every choice is a field here so a test or a user can flip it without touching route code.
 */
export type EmulatorPolicy = {
  /** 'spec': next page cursor in list_metadata.after. 'observed': in `before`, with after null. */
  listCursorMode: 'spec' | 'observed';
  /** Sort key of GET /vault/v1/kv: creation order (stable while objects change) or name. */
  listSortKey: 'created' | 'name';
  /** `search` on list: case-insensitive substring or prefix match on the name. */
  listSearchMode: 'substring' | 'prefix';
  /** Accept a key context with no pairs. WorkOS says nothing; without a pair there is no KEK. */
  allowEmptyContext: boolean;
  /** Largest value accepted on create/update, in UTF-8 bytes. WorkOS documents no maximum. */
  maxValueBytes: number;
  /** Status for reads/writes refused because the organization's customer key is unusable. */
  customerKeyErrorStatus: number;
  /** Whether POST replies are replayed for a repeated Idempotency-Key (24 h). */
  idempotency: boolean;
  /**
   * GET /events with an `after`/`before` cursor that names no event still kept (aged out of the
   * 30-day window, or unknown). Undocumented: 422 validation error, 400, or an empty 200 list.
   */
  eventCursorReply: '422' | '400' | '404' | '410' | 'empty';
  /**
   * Whether a customer key that was verified and later fails (revoked, policy changed) emits
   * vault.byok_key.verification_completed {verified:false}. Undocumented either way.
   */
  byokFailureEvents: boolean;
  /**
   * Whether GET /vault/v1/kv honours updated_after: 'ignore' models a filter WorkOS drops,
   * 'reject' one it answers with 400 (F3-03: the SDK sends String(Date), not ISO 8601).
   */
  updatedAfterFilter: 'honour' | 'ignore' | 'reject';
};

export type TokenIssuerSetting =
  { kind: 'client' } | { kind: 'legacy' } | { kind: 'custom'; url: string };

export function tokenIssuerFromEnv(value: string | undefined): TokenIssuerSetting {
  if (value === undefined || value === '' || value === 'client') return { kind: 'client' };
  if (value === 'legacy') return { kind: 'legacy' };
  if (value.startsWith('custom:')) {
    const url = value.slice('custom:'.length);
    try {
      new URL(url);
    } catch {
      throw new Error(`EMULATOR_TOKEN_ISSUER custom:<url> needs an absolute URL, got "${url}"`);
    }
    return { kind: 'custom', url };
  }
  throw new Error(`EMULATOR_TOKEN_ISSUER must be legacy, client or custom:<url>, got "${value}"`);
}

export type EmulatorApiKey = { secret: string; id: string; name: string; environmentId: string };

export type EmulatorConfig = {
  port: number;
  host: string;
  /** null keeps everything in memory (EMULATOR_DATA_DIR=:memory:). */
  dataDir: string | null;
  seed: 'demo' | 'none';
  rootKey?: string;
  apiKeys: EmulatorApiKey[];
  clientId: string;
  /** Exact-match allow-list for redirect_uri; also where logout may return to. */
  redirectUris: string[];
  logoutReturnOrigins: string[];
  accessTokenTtlSeconds: number;
  /** Base URL the emulator advertises in links (portal links, token issuer). */
  publicUrl: string;
  /**
   * The `iss` access tokens carry (EMULATOR_TOKEN_ISSUER). WorkOS mints several shapes by
   * environment: `client` = `<publicUrl>/user_management/<client id>` (environments since mid-2025),
   * `legacy` = `https://api.workos.com` (older environments, the session-tokens reference's example),
   * `custom:<url>` = a custom authentication domain or a flag-gated path, verbatim.
   */
  tokenIssuer: TokenIssuerSetting;
  policy: EmulatorPolicy;
  /** Print one line per request to stdout. */
  logRequests: boolean;
  /** Where and how events are delivered by webhook (EMULATOR_WEBHOOK_*). */
  webhooks: WebhookSettings;
  /** Per-start secret the control API (/_emulator/*) requires; see guard.ts. */
  controlToken: string;
  /** Host names besides loopback the emulator answers to (EMULATOR_ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** EMULATOR_ALLOW_REMOTE=1: permit a non-loopback EMULATOR_HOST (with a warning). */
  allowRemote: boolean;
};

export const DEFAULT_POLICY: EmulatorPolicy = {
  listCursorMode: 'spec',
  listSortKey: 'created',
  listSearchMode: 'substring',
  allowEmptyContext: false,
  maxValueBytes: 256 * 1024,
  customerKeyErrorStatus: 403,
  idempotency: true,
  eventCursorReply: '422',
  byokFailureEvents: true,
  updatedAfterFilter: 'honour',
};

function choiceFromEnv<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
  name: string,
): T {
  if (value === undefined || value === '') return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new Error(`${name} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

export const EMULATOR_API_KEY = 'sk_test_emulator';
export const EMULATOR_CLIENT_ID = 'client_emulator';
const PRIMARY_ENVIRONMENT_ID = 'environment_01JEMU1AT0R0000000000000000';
const SECONDARY_ENVIRONMENT_ID = 'environment_01JEMU1AT0R0000000000000001';

const DEFAULT_API_KEYS: EmulatorApiKey[] = [
  {
    secret: EMULATOR_API_KEY,
    id: 'key_01JEMU1AT0RKEY00000000000',
    name: 'Emulator API key',
    environmentId: PRIMARY_ENVIRONMENT_ID,
  },
  // A second key of the same environment, named like a service's key: activity names its author.
  {
    secret: 'sk_test_emulator_prod_backend',
    id: 'key_01JEMU1AT0RKEY00000000002',
    name: 'Prod backend',
    environmentId: PRIMARY_ENVIRONMENT_ID,
  },
  // A second environment, so tests can show that data keys do not cross environments.
  {
    secret: 'sk_test_emulator_other_env',
    id: 'key_01JEMU1AT0RKEY00000000001',
    name: 'Other environment key',
    environmentId: SECONDARY_ENVIRONMENT_ID,
  },
];

function intFromEnv(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function configFromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<EmulatorConfig> = {},
): EmulatorConfig {
  const port = intFromEnv(env.EMULATOR_PORT, 4100, 'EMULATOR_PORT');
  const rawDir = env.EMULATOR_DATA_DIR ?? '.data/emulator';
  const seed = (env.EMULATOR_SEED ?? 'demo') as string;
  if (seed !== 'demo' && seed !== 'none')
    throw new Error(`EMULATOR_SEED must be "demo" or "none", got "${seed}"`);
  const consolePort = intFromEnv(env.PORT, 3000, 'PORT');
  const consoleOrigins = [`http://localhost:${consolePort}`, `http://127.0.0.1:${consolePort}`];
  const extraRedirects = (env.EMULATOR_REDIRECT_URIS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const cursorMode = env.EMULATOR_LIST_CURSOR_MODE ?? DEFAULT_POLICY.listCursorMode;
  if (cursorMode !== 'spec' && cursorMode !== 'observed')
    throw new Error('EMULATOR_LIST_CURSOR_MODE must be "spec" or "observed"');
  return {
    port,
    host: env.EMULATOR_HOST ?? 'localhost',
    dataDir: rawDir === ':memory:' ? null : path.resolve(rawDir),
    seed,
    rootKey: env.EMULATOR_ROOT_KEY || undefined,
    apiKeys: DEFAULT_API_KEYS,
    clientId: EMULATOR_CLIENT_ID,
    redirectUris: [...consoleOrigins.map((o) => `${o}/callback`), ...extraRedirects],
    logoutReturnOrigins: [...consoleOrigins, ...extraRedirects.map((u) => new URL(u).origin)],
    accessTokenTtlSeconds: intFromEnv(
      env.EMULATOR_ACCESS_TOKEN_TTL,
      300,
      'EMULATOR_ACCESS_TOKEN_TTL',
    ),
    publicUrl: env.EMULATOR_PUBLIC_URL ?? `http://localhost:${port}`,
    tokenIssuer: tokenIssuerFromEnv(env.EMULATOR_TOKEN_ISSUER),
    policy: {
      ...DEFAULT_POLICY,
      listCursorMode: cursorMode,
      maxValueBytes: intFromEnv(
        env.EMULATOR_MAX_VALUE_BYTES,
        DEFAULT_POLICY.maxValueBytes,
        'EMULATOR_MAX_VALUE_BYTES',
      ),
      customerKeyErrorStatus: intFromEnv(
        env.EMULATOR_CUSTOMER_KEY_ERROR_STATUS,
        DEFAULT_POLICY.customerKeyErrorStatus,
        'EMULATOR_CUSTOMER_KEY_ERROR_STATUS',
      ),
      eventCursorReply: choiceFromEnv(
        env.EMULATOR_EVENT_CURSOR_REPLY,
        ['422', '400', '404', '410', 'empty'] as const,
        DEFAULT_POLICY.eventCursorReply,
        'EMULATOR_EVENT_CURSOR_REPLY',
      ),
      byokFailureEvents:
        choiceFromEnv(
          env.EMULATOR_BYOK_FAILURE_EVENTS,
          ['1', '0'] as const,
          '1',
          'EMULATOR_BYOK_FAILURE_EVENTS',
        ) === '1',
      updatedAfterFilter: choiceFromEnv(
        env.EMULATOR_UPDATED_AFTER,
        ['honour', 'ignore', 'reject'] as const,
        DEFAULT_POLICY.updatedAfterFilter,
        'EMULATOR_UPDATED_AFTER',
      ),
    },
    logRequests: env.EMULATOR_LOG_REQUESTS === '1',
    webhooks: webhookSettingsFromEnv(env),
    controlToken:
      overrides.controlToken ??
      resolveControlToken(
        env,
        overrides.dataDir !== undefined
          ? overrides.dataDir
          : rawDir === ':memory:'
            ? null
            : path.resolve(rawDir),
      ),
    allowedHosts: [
      ...(env.EMULATOR_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      ...(env.EMULATOR_PUBLIC_URL ? [new URL(env.EMULATOR_PUBLIC_URL).hostname.toLowerCase()] : []),
    ],
    allowRemote: env.EMULATOR_ALLOW_REMOTE === '1',
    ...overrides,
  };
}
