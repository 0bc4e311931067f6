import 'server-only';
import { z } from 'zod';
import { resolveRuntimeEnv, type ConsoleMode } from './config/runtime-env';
import {
  DEFAULT_RATE_LIMITS,
  parseRateLimit,
  RATE_LIMIT_VARIABLES,
  type RateLimits,
} from './security/rate-limit';

const numberFrom = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a number from ${min} to ${max} (got "${v}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const settingsSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  CONSOLE_DATA_DIR: z.string().optional(),
  CONSOLE_DB_THREAD: z.enum(['worker', 'main']).optional(),
  INDEX_SYNC_INTERVAL_SECONDS: numberFrom(10, 1, 3600),
  INDEX_RECONCILE_INTERVAL_SECONDS: numberFrom(300, 10, 86400),
  INDEX_SYNC_MAX_RPM: numberFrom(3000, 1, 100_000),
  REVEAL_MASK_AFTER_SECONDS: numberFrom(30, 5, 600),
  RECENT_AUTH_MAX_AGE_SECONDS: numberFrom(900, 30, 86400),
  STEP_UP_WRITE_MAX_AGE_SECONDS: numberFrom(0, 30, 86400),
  TRUSTED_PROXY_HOPS: numberFrom(0, 0, 10),
  REVEAL_REASON_DESTINATION: z
    .enum(['console-and-workos', 'console-only'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MEMBERSHIP_CACHE_SECONDS: numberFrom(300, 0, 86400),
  WORKOS_REQUEST_TIMEOUT_MS: numberFrom(10_000, 1000, 120_000),
  INDEX_SYNC_MODE: z
    .enum(['background', 'external'], {
      message:
        'must be "background" (an in-process loop) or "external" (a cron calls /api/cron/index-sync)',
    })
    .optional(),
  INDEX_SYNC_BUDGET_SECONDS: numberFrom(20, 1, 800),
  WORKOS_WEBHOOK_SECRET: z.string().optional(),
  ACTIVITY_RETENTION_DAYS: numberFrom(400, 31, 3650),
  DELETE_RECOVERY_DAYS: numberFrom(7, 0, 365).refine(
    (n) => Number.isInteger(n),
    'must be a whole number of days (0 keeps deletes and saves final)',
  ),
  CRON_SECRET: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 16, 'must be at least 16 characters when set'),
});

export type IndexSyncMode = 'background' | 'external';

export type ConsoleEnv = {
  mode: ConsoleMode;
  appUrl: string;
  workos: {
    apiKey: string;
    clientId: string;
    hostname: string;
    port: number | undefined;
    https: boolean;
  };
  staffOrganizationId: string;
  database: { url: string | null; dataDir: string; thread: 'worker' | 'main' };
  indexSync: {
    mode: IndexSyncMode;
    intervalMs: number;
    reconcileIntervalMs: number;
    maxRequestsPerMinute: number;
    /** Longest one bounded pass (a cron call, a build slice, a reconcile slice) may run. */
    passBudgetMs: number;
  };
  /** Shared secret of the WorkOS webhook endpoint; null turns the endpoint off. */
  webhookSecret: string | null;
  /** Bearer token /api/cron/index-sync requires; null turns the endpoint off. */
  cronSecret: string | null;
  reveal: {
    maskAfterSeconds: number;
    recentAuthMaxAgeSeconds: number;
    /** Whether the free-text reason also goes to the customer organization's WorkOS Audit Logs. */
    reasonDestination: 'console-and-workos' | 'console-only';
  };
  /** Step-up age for writes, BYOK links (value reads use reveal.recentAuthMaxAgeSeconds). */
  stepUpWriteMaxAgeSeconds: number;
  rateLimits: RateLimits;
  /** How many reverse proxies in front of the console append to X-Forwarded-For (0: ignore it). */
  trustedProxyHops: number;
  membershipCacheSeconds: number;
  requestTimeoutMs: number;
  /** Days the console keeps its copy of Vault activity events (WorkOS keeps 30). */
  activityRetentionDays: number;
  /** Days a recovery copy of a deleted object or a replaced version is kept; 0: none is made. */
  deleteRecoveryDays: number;
};

let cached: ConsoleEnv | null = null;

/** Parses the environment once; throws an EnvError that names the variable and the rule it broke. */
export function getEnv(): ConsoleEnv {
  if (cached) return cached;
  const runtime = resolveRuntimeEnv(process.env);
  const merged = { ...process.env, ...runtime.exports };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .map((i) => `  - ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`Configuration error:\n${lines}`);
  }
  const s = parsed.data;
  if (merged.VERCEL && !s.DATABASE_URL) {
    throw new Error(
      'Configuration error:\n  - DATABASE_URL: is required on Vercel (VERCEL is set). Without it the console would keep its index, audit trail and BYOK history in PGlite on the local disk, which on a serverless platform is ephemeral and not shared between function instances, so all of it would be lost. Point DATABASE_URL at a Postgres database (see README, "Deploy to Vercel").',
    );
  }
  const rateLimits = { ...DEFAULT_RATE_LIMITS };
  const rateProblems: string[] = [];
  for (const [bucket, variable] of Object.entries(RATE_LIMIT_VARIABLES) as [
    keyof RateLimits,
    string,
  ][]) {
    try {
      rateLimits[bucket] = parseRateLimit(merged[variable], DEFAULT_RATE_LIMITS[bucket]);
    } catch (err) {
      rateProblems.push(`  - ${variable}: ${(err as Error).message}`);
    }
  }
  if (rateProblems.length) throw new Error(`Configuration error:\n${rateProblems.join('\n')}`);
  cached = {
    mode: runtime.mode,
    appUrl: runtime.appUrl,
    workos: {
      apiKey: merged.WORKOS_API_KEY ?? '',
      clientId: merged.WORKOS_CLIENT_ID ?? '',
      hostname: merged.WORKOS_API_HOSTNAME || 'api.workos.com',
      port: merged.WORKOS_API_PORT ? Number(merged.WORKOS_API_PORT) : undefined,
      https: merged.WORKOS_API_HTTPS ? merged.WORKOS_API_HTTPS === 'true' : true,
    },
    staffOrganizationId: merged.CONSOLE_STAFF_ORGANIZATION_ID ?? '',
    database: {
      url: s.DATABASE_URL || null,
      dataDir: s.CONSOLE_DATA_DIR || '.data/console',
      thread: s.CONSOLE_DB_THREAD ?? 'worker',
    },
    indexSync: {
      mode: s.INDEX_SYNC_MODE ?? 'background',
      passBudgetMs: s.INDEX_SYNC_BUDGET_SECONDS * 1000,
      intervalMs: s.INDEX_SYNC_INTERVAL_SECONDS * 1000,
      reconcileIntervalMs: s.INDEX_RECONCILE_INTERVAL_SECONDS * 1000,
      maxRequestsPerMinute: s.INDEX_SYNC_MAX_RPM,
    },
    reveal: {
      maskAfterSeconds: s.REVEAL_MASK_AFTER_SECONDS,
      recentAuthMaxAgeSeconds: s.RECENT_AUTH_MAX_AGE_SECONDS,
      reasonDestination: s.REVEAL_REASON_DESTINATION ?? 'console-and-workos',
    },
    stepUpWriteMaxAgeSeconds: s.STEP_UP_WRITE_MAX_AGE_SECONDS || s.RECENT_AUTH_MAX_AGE_SECONDS,
    rateLimits,
    trustedProxyHops: s.TRUSTED_PROXY_HOPS,
    membershipCacheSeconds: s.MEMBERSHIP_CACHE_SECONDS,
    requestTimeoutMs: s.WORKOS_REQUEST_TIMEOUT_MS,
    activityRetentionDays: s.ACTIVITY_RETENTION_DAYS,
    deleteRecoveryDays: s.DELETE_RECOVERY_DAYS,
    webhookSecret: s.WORKOS_WEBHOOK_SECRET || null,
    cronSecret: s.CRON_SECRET || null,
  };
  return cached;
}
