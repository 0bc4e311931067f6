import type { Db } from '../db/client';
import type { RateLimitBucket } from '../auth/step-up';

export type RateLimit = { limit: number; windowSeconds: number };
export type RateLimits = Record<RateLimitBucket, RateLimit>;

/** Defaults; each is overridable as RATE_LIMIT_<BUCKET>="<count>/<seconds>", e.g. "60/600". */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  value_reads: { limit: 60, windowSeconds: 600 },
  key_tools: { limit: 120, windowSeconds: 600 },
  writes: { limit: 120, windowSeconds: 600 },
  search: { limit: 600, windowSeconds: 600 },
};

export const RATE_LIMIT_VARIABLES: Record<RateLimitBucket, string> = {
  value_reads: 'RATE_LIMIT_VALUE_READS',
  key_tools: 'RATE_LIMIT_KEY_TOOLS',
  writes: 'RATE_LIMIT_WRITES',
  search: 'RATE_LIMIT_SEARCH',
};

/** Parses "<count>/<seconds>"; an empty or missing value keeps the default. Throws naming the rule. */
export function parseRateLimit(raw: string | undefined, fallback: RateLimit): RateLimit {
  if (raw === undefined || raw.trim() === '') return fallback;
  const m = /^\s*(\d{1,7})\s*\/\s*(\d{1,6})\s*$/.exec(raw);
  const limit = m ? Number(m[1]) : NaN;
  const windowSeconds = m ? Number(m[2]) : NaN;
  if (!m || limit < 1 || windowSeconds < 1 || windowSeconds > 86_400)
    throw new Error(
      `must be "<count>/<seconds>" with count ≥ 1 and 1–86400 seconds, e.g. "60/600" (got "${raw}")`,
    );
  return { limit, windowSeconds };
}

export type RateDecision =
  { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * One hit against a fixed window shared through the console database, so every replica counts
 * the same person's calls together. The count and the check are one statement (no race).
 */
export async function consumeRateLimit(
  db: Pick<Db, 'query'>,
  subject: string,
  bucket: RateLimitBucket,
  rule: RateLimit,
  now = Date.now(),
): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const r = await db.query<{ hits: number }>(
    `insert into rate_limit_windows (subject, bucket, window_start, hits) values ($1, $2, $3, 1)
     on conflict (subject, bucket, window_start) do update set hits = rate_limit_windows.hits + 1
     returning hits`,
    [subject, bucket, new Date(start).toISOString()],
  );
  const hits = Number(r.rows[0]?.hits ?? 1);
  // Old windows are never read again; drop them now and then.
  if (hits === 1)
    await db.query(
      "delete from rate_limit_windows where window_start < now() - interval '1 day'",
      [],
    );
  if (hits > rule.limit)
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    };
  return { ok: true, remaining: rule.limit - hits };
}
