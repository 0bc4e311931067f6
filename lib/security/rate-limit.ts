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
 * `units` hits (one per row of a batch) against a sliding window shared through the console
 * database, so every replica counts the same person's calls together. The window slides: the
 * count is this fixed window's hits plus the previous window's, weighted by how much of it still
 * lies inside the last `windowSeconds` (the sliding-window counter), so an edge between two
 * windows never allows twice the limit (R3-06). The add and the read are one statement; a refused
 * call takes its units back, so refusals never spend budget.
 */
export async function consumeRateLimit(
  db: Pick<Db, 'query'>,
  subject: string,
  bucket: RateLimitBucket,
  rule: RateLimit,
  now = Date.now(),
  units = 1,
): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const previousStart = new Date(start - windowMs).toISOString();
  const r = await db.query<{ hits: number; previous: number }>(
    `with cur as (
       insert into rate_limit_windows (subject, bucket, window_start, hits) values ($1, $2, $3, $5)
       on conflict (subject, bucket, window_start) do update set hits = rate_limit_windows.hits + $5
       returning hits)
     select (select hits from cur) as hits,
            coalesce((select hits from rate_limit_windows
                       where subject = $1 and bucket = $2 and window_start = $4), 0) as previous`,
    [subject, bucket, new Date(start).toISOString(), previousStart, units],
  );
  const hits = Number(r.rows[0]?.hits ?? units);
  const previous = Number(r.rows[0]?.previous ?? 0);
  // Old windows are never read again; drop them now and then.
  if (hits === units)
    await db.query(
      "delete from rate_limit_windows where window_start < now() - interval '1 day'",
      [],
    );
  const elapsed = (now - start) / windowMs;
  const used = previous * (1 - elapsed) + hits;
  if (used > rule.limit) {
    await db.query(
      `update rate_limit_windows set hits = greatest(0, hits - $4)
       where subject = $1 and bucket = $2 and window_start = $3`,
      [subject, bucket, new Date(start).toISOString(), units],
    );
    // When the previous window's weight has fallen far enough for these units, or the next window.
    const room = rule.limit - hits;
    const at =
      previous > 0 && room >= 0 ? start + (1 - room / previous) * windowMs : start + windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((at - now) / 1000)) };
  }
  return { ok: true, remaining: Math.max(0, Math.floor(rule.limit - used)) };
}
