import 'server-only';
import { bucketsOf, stepUpMaxAge, type ActionPolicy } from '../auth/step-up';
import type { ConsoleSession } from '../auth/session';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { consumeRateLimit } from '../security/rate-limit';
import { recordAudit } from '../audit/trail';
import { consoleError } from '../workos/errors';
import type { ActionError } from './result';

/**
 * What `defineAction` asks after the session, permission and input checks: impersonation,
 * step-up, then the per-person rate limits, all from the action's declared policy
 * (lib/auth/step-up.ts).
 * Returns the refusal, or null to run the handler. Refusals of value-bearing actions are audited.
 */
export async function gateAction(
  name: string,
  policy: ActionPolicy,
  session: ConsoleSession,
  returnTo: () => string,
  target: { objectId?: string | null; orgId?: string | null } = {},
  units = 1,
): Promise<ActionError | null> {
  if (session.impersonator && policy.impersonation === 'refuse') {
    await auditDenied(name, session, 'impersonated', policy, target);
    return consoleError('forbidden', {
      message: `This session is impersonated by ${session.impersonator.email}; the console does not show or decrypt values in impersonated sessions. Sign in as yourself.`,
    });
  }
  const env = getEnv();
  const maxAge = stepUpMaxAge(policy, {
    valueReadSeconds: env.reveal.recentAuthMaxAgeSeconds,
    writeSeconds: env.stepUpWriteMaxAgeSeconds ?? env.reveal.recentAuthMaxAgeSeconds,
  });
  if (maxAge !== null) {
    const age =
      session.authTime === null ? Infinity : Math.floor(Date.now() / 1000) - session.authTime;
    if (age > maxAge) {
      await auditDenied(name, session, 'reauth_required', policy, target);
      return {
        ...consoleError('reauth_required', {
          message: `This needs a sign-in from the last ${Math.round(maxAge / 60)} minutes; yours was ${age === Infinity ? 'at an unknown time' : `${Math.round(age / 60)} minutes ago`}. Sign in again and you will come back here.`,
        }),
        signInUrl: `/sign-in?reauth=1&returnTo=${encodeURIComponent(returnTo())}`,
      };
    }
  }
  const buckets = bucketsOf(policy);
  if (buckets.length) {
    const db = await getDb();
    for (const bucket of buckets) {
      const rule = env.rateLimits?.[bucket];
      if (!rule) continue;
      const decision = await consumeRateLimit(db, session.user.id, bucket, rule, Date.now(), units);
      if (!decision.ok) {
        await recordRefusal(session, 'action.rate_limited', target, {
          action: name,
          bucket,
          units,
          retry_after_seconds: decision.retryAfterSeconds,
        });
        return consoleError('rate_limited', {
          message: `${units > 1 ? `These ${units} rows would go over` : 'You have reached'} the limit of ${rule.limit} ${bucket.replace('_', ' ')} per ${formatWindow(rule.windowSeconds)}. Try again in ${formatWindow(decision.retryAfterSeconds)}${units > 1 ? ', or with fewer rows' : ''}.`,
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      }
    }
  }
  return null;
}

/**
 * For pages that spend a budget (search): null when allowed, else the message to show. Audited
 * like an action's refusal.
 */
export async function rateLimitPage(
  session: ConsoleSession,
  bucket: 'search',
): Promise<string | null> {
  const rule = getEnv().rateLimits[bucket];
  const decision = await consumeRateLimit(await getDb(), session.user.id, bucket, rule);
  if (decision.ok) return null;
  await recordRefusal(
    session,
    'action.rate_limited',
    {},
    { action: `page:${bucket}`, bucket, retry_after_seconds: decision.retryAfterSeconds },
  );
  return `You have reached the limit of ${rule.limit} searches per ${formatWindow(rule.windowSeconds)}. Try again in ${formatWindow(decision.retryAfterSeconds)}.`;
}

/** A refused attempt at a value-bearing action: who, which action, why. Never the input. */
export async function auditDenied(
  name: string,
  session: ConsoleSession,
  code: 'forbidden' | 'reauth_required' | 'impersonated',
  policy: ActionPolicy,
  target: { objectId?: string | null; orgId?: string | null } = {},
): Promise<void> {
  if (!policy.valueBearing) return;
  await recordRefusal(session, 'action.denied', target, {
    action: name,
    code,
    ...(session.impersonator ? { impersonator: session.impersonator.email } : {}),
  });
}

/** How long one refusal row sums up repeats of the same refusal. */
export const REFUSAL_SUMMARY_SECONDS = 60;

/**
 * Refusals are recorded, but a flood is summarised (R3-09): the same person refused the same way
 * (action, code or bucket, object, org) within a minute adds to one row's `count` and `last_at`
 * instead of writing another, so a refused user cannot grow the trail at will.
 */
async function recordRefusal(
  session: ConsoleSession,
  action: 'action.denied' | 'action.rate_limited',
  target: { objectId?: string | null; orgId?: string | null },
  detail: Record<string, string | number>,
): Promise<void> {
  const db = await getDb();
  const kind = String(detail.code ?? detail.bucket ?? '');
  const summed = await db.query(
    `update audit_events
        set detail = detail || jsonb_build_object(
              'count', coalesce((detail->>'count')::int, 1) + 1, 'last_at', now())
      where id = (select id from audit_events
                   where user_id = $1 and action = $2 and outcome = 'failure'
                     and detail->>'action' = $3
                     and coalesce(detail->>'code', detail->>'bucket', '') = $4
                     and object_id is not distinct from $5 and org_id is not distinct from $6
                     and occurred_at > now() - make_interval(secs => $7)
                   order by occurred_at desc limit 1)
      returning id`,
    [
      session.user.id,
      action,
      String(detail.action),
      kind,
      target.objectId ?? null,
      target.orgId ?? null,
      REFUSAL_SUMMARY_SECONDS,
    ],
  );
  if (summed.rows.length) return;
  await recordAudit({
    user: session.user,
    action,
    outcome: 'failure',
    objectId: target.objectId ?? null,
    orgId: target.orgId ?? null,
    detail: { ...detail, count: 1 },
  });
}

function formatWindow(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
