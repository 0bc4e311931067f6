import 'server-only';
import { randomUUID } from 'node:crypto';
import { after } from 'next/server';
import { z } from 'zod';
import { backoffSeconds } from './backoff';
import type { NotifyNameMode } from '../approvals/schemas';
import { getDb, type Db } from '../db/client';
import { listOverdue } from '../stewardship/store';
import { messageFromAudit, notificationKindOf, type AuditLike } from './from-audit';
import {
  jsonBody,
  SIGNATURE_HEADER,
  signBody,
  slackBody,
  trimName,
  type NotificationMessage,
} from './message';

/**
 * Outbound notifications, through a sibling of the WorkOS Audit Logs outbox (lib/audit/outbox.ts)
 * with the same claim / back-off machinery: a notification is a row written in the same
 * transaction as the event it reports, sent right after the response (`after()`), and retried with
 * back-off by the periodic drain until the receiver answers 2xx. A receiver that is down for a
 * minute delays messages; it loses none. Delivered rows are kept 14 days (their dedupe keys stop an
 * expiry sweep from sending twice), then pruned.
 */

const CLAIM_SECONDS = 30;
const MAX_ATTEMPTS = 20;
const SEND_TIMEOUT_MS = 5000;

const configSchema = z.object({
  NOTIFY_WEBHOOK_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s]+$/.test(v), 'must be an http:// or https:// URL'),
  NOTIFY_WEBHOOK_FORMAT: z
    .enum(['slack', 'json'], {
      message:
        'must be "slack" (Slack incoming-webhook JSON) or "json" (a generic JSON body signed with NOTIFY_WEBHOOK_SECRET)',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  NOTIFY_RETRY_BASE_SECONDS: z
    .string()
    .optional()
    .refine(
      (v) => !v || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 60),
      'must be a whole number of seconds from 1 to 60',
    ),
});

export type NotifyConfig =
  | {
      enabled: true;
      url: string;
      format: 'slack' | 'json';
      secret: string | null;
      retryBaseSeconds: number;
      appUrl: string | null;
    }
  | { enabled: false; problem: string | null };

let cachedConfig: NotifyConfig | null = null;

/** Reads NOTIFY_* once. A bad setting turns delivery off and is named (logged once at start). */
export function notifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  if (cachedConfig && env === process.env) return cachedConfig;
  const parsed = configSchema.safeParse(env);
  let config: NotifyConfig;
  if (!parsed.success) {
    config = {
      enabled: false,
      problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  } else if (!parsed.data.NOTIFY_WEBHOOK_URL) {
    config = { enabled: false, problem: null };
  } else {
    const format = parsed.data.NOTIFY_WEBHOOK_FORMAT ?? 'json';
    const secret = parsed.data.NOTIFY_WEBHOOK_SECRET || null;
    if (format === 'json' && (!secret || secret.length < 16))
      config = {
        enabled: false,
        problem:
          'NOTIFY_WEBHOOK_SECRET: must be at least 16 characters when NOTIFY_WEBHOOK_FORMAT is "json" (the body is signed with it)',
      };
    else
      config = {
        enabled: true,
        url: parsed.data.NOTIFY_WEBHOOK_URL,
        format,
        secret,
        retryBaseSeconds: Number(parsed.data.NOTIFY_RETRY_BASE_SECONDS || 5),
        appUrl: env.APP_URL || null,
      };
  }
  if (env === process.env) {
    cachedConfig = config;
    if (!config.enabled && config.problem)
      console.error(`[notify] webhook delivery is off: ${config.problem}`);
  }
  return config;
}

/** Test hook: forget the cached configuration. */
export function resetNotifyConfig() {
  cachedConfig = null;
}

/** How much of a name this organization's policy lets a notification carry (default: all). */
export async function nameModeFor(
  orgId: string | null,
  q: Pick<Db, 'query'>,
): Promise<NotifyNameMode> {
  const r = await q.query<{ notify_names: string }>(
    `select notify_names from approval_policies where scope = any($1)
     order by (scope = 'environment') asc limit 1`,
    [orgId ? [orgId, 'environment'] : ['environment']],
  );
  const mode = r.rows[0]?.notify_names;
  return mode === 'none' || mode === 'last_segment' ? mode : 'full';
}

let lastIdMs = 0;
let idSeq = 0;

/**
 * Ids sort in the order this process queued them, even within one millisecond (the time, then a
 * counter, both fixed-width), so a drain that sorts by (created_at, id) sends in queue order even
 * for rows written in one transaction, where created_at is the same.
 */
function nextNotificationId(): string {
  const ms = Date.now();
  if (ms === lastIdMs) idSeq++;
  else {
    lastIdMs = ms;
    idSeq = 0;
  }
  const time = ms.toString(36).padStart(9, '0');
  const seq = idSeq.toString(36).padStart(4, '0');
  return `ntf_${time}${seq}_${randomUUID().slice(0, 8)}`;
}

/**
 * Queues one message, in the caller's transaction when given one. With delivery off the row is
 * written as settled ('not_configured'), so sweeps still see it was handled. Returns the row id, or
 * null when `dedupeKey` was queued before.
 */
export async function enqueueNotification(
  message: NotificationMessage,
  q: Pick<Db, 'query'>,
  dedupeKey: string | null = null,
): Promise<string | null> {
  const id = nextNotificationId();
  const on = notifyConfig().enabled;
  const r = await q.query<{ id: string }>(
    `insert into notifications (id, dedupe_key, kind, org_id, message, delivered_at, last_status)
     values ($1, $2, $3, $4, $5, ${on ? 'null, null' : "now(), 'not_configured'"})
     on conflict (dedupe_key) do nothing returning id`,
    [id, dedupeKey, message.kind, message.orgId, JSON.stringify(message)],
  );
  if (!r.rows[0]) return null;
  if (on) scheduleDrain();
  return id;
}

/**
 * The trail's hook (lib/audit/trail.ts): an entry that notifies queues its message in the same
 * transaction, so the event and its notification commit together or not at all.
 */
export async function notifyFromAudit(entry: AuditLike, q: Pick<Db, 'query'>): Promise<void> {
  const kind = notificationKindOf(entry);
  if (!kind) return;
  const message = messageFromAudit(entry, kind, {
    names: await nameModeFor(entry.orgId ?? null, q),
    // Reasons leave the console only where the operator lets them (as for WorkOS Audit Logs).
    reasons: process.env.REVEAL_REASON_DESTINATION !== 'console-only',
    occurredAt: new Date().toISOString(),
  });
  await enqueueNotification(message, q);
}

/** Sends after the current response (the row is committed by then); outside a request the timer sends it. */
function scheduleDrain() {
  try {
    after(() => drainNotifications());
  } catch {
    // no request scope (a script, a test, the sync loop): the periodic drain picks it up
  }
}

type Row = {
  id: string;
  message: NotificationMessage | string;
  attempts: number;
  created_at: Date | string;
};

/** One POST. Returns 'sent' or what went wrong (a status, 'timeout', 'network'); never the body. */
export async function deliver(
  config: Extract<NotifyConfig, { enabled: true }>,
  id: string,
  message: NotificationMessage,
  fetcher: typeof fetch = fetch,
  now = () => Date.now(),
): Promise<string> {
  const body = JSON.stringify(
    config.format === 'slack'
      ? slackBody(message, config.appUrl)
      : jsonBody(id, message, config.appUrl),
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'vault-console-notify/1',
  };
  if (config.format === 'json') {
    headers['x-vault-console-delivery'] = id;
    headers['x-vault-console-event'] = message.kind;
    headers[SIGNATURE_HEADER.toLowerCase()] = signBody(
      config.secret!,
      body,
      Math.floor(now() / 1000),
    );
  }
  try {
    const res = await fetcher(config.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? 'sent' : String(res.status);
  } catch (err) {
    return (err as { name?: string })?.name === 'TimeoutError' ? 'timeout' : 'network';
  }
}

/**
 * Sends due rows oldest first, one at a time (a receiver sees them in order). Never throws: a
 * failure is logged by kind and status only, and the row waits out its back-off.
 */
export async function drainNotifications(
  options: { limit?: number; fetcher?: typeof fetch } = {},
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const config = notifyConfig();
  if (!config.enabled) return result;
  let rows: Row[];
  try {
    const db = await getDb();
    rows = (
      await db.query<Row>(
        `update notifications set claimed_until = now() + interval '${CLAIM_SECONDS} seconds', attempts = attempts + 1
         where id in (
           select id from notifications
           where delivered_at is null and (claimed_until is null or claimed_until < now()) and attempts < $1
           order by created_at limit $2
           for update skip locked)
         returning id, message, attempts, created_at`,
        [MAX_ATTEMPTS, options.limit ?? 100],
      )
    ).rows;
  } catch (err) {
    console.error(
      `[notify] could not read the queue: ${err instanceof Error ? err.name : 'error'}`,
    );
    return result;
  }
  // Queue order: the time each row was written, then the id (monotonic within one process).
  rows.sort(
    (a, b) =>
      new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const row of rows) {
    const message =
      typeof row.message === 'string'
        ? (JSON.parse(row.message) as NotificationMessage)
        : row.message;
    const status = await deliver(config, row.id, message, options.fetcher);
    try {
      const db = await getDb();
      if (status === 'sent') {
        await db.query(
          `update notifications set delivered_at = now(), last_status = 'sent', claimed_until = null where id = $1`,
          [row.id],
        );
        result.sent++;
      } else {
        result.failed++;
        await db.query(
          `update notifications set last_status = $2, claimed_until = now() + make_interval(secs => $3) where id = $1`,
          [row.id, status, backoffSeconds(row.attempts, config.retryBaseSeconds)],
        );
        console.error(
          `[notify] ${message.kind} not delivered (status ${status}, attempt ${row.attempts}${row.attempts >= MAX_ATTEMPTS ? ', giving up' : ''})`,
        );
      }
    } catch {
      // the claim expires and the row is sent again; receivers dedupe on the delivery id
    }
  }
  return result;
}

/**
 * Pending access requests that ran out unanswered get one "expired" message each (the dedupe key
 * makes a second sweep, or a second replica, a no-op); delivered rows older than 14 days go.
 */
export async function sweepNotifications(db?: Pick<Db, 'query'>): Promise<number> {
  const q = db ?? (await getDb());
  const expired = await q.query<{
    id: string;
    org_id: string;
    object_id: string | null;
    object_name: string | null;
    requester_email: string;
    expires_at: Date;
  }>(
    `select id, org_id, object_id, object_name, requester_email, expires_at from access_requests r
     where status = 'pending' and expires_at <= now() and expires_at > now() - interval '1 day'
       and not exists (select 1 from notifications n where n.dedupe_key = 'request.expired:' || r.id)
     order by expires_at limit 200`,
  );
  let queued = 0;
  for (const r of expired.rows) {
    const names = await nameModeFor(r.org_id, q);
    const id = await enqueueNotification(
      {
        kind: 'request.expired',
        occurredAt: new Date(r.expires_at).toISOString(),
        orgId: r.org_id,
        actor: null,
        requester: r.requester_email,
        requestId: r.id,
        object: r.object_id ? { id: r.object_id, name: trimName(r.object_name, names) } : null,
        status: 'expired unanswered',
        reason: null,
        link: `/requests/${encodeURIComponent(r.id)}`,
      },
      q,
      `request.expired:${r.id}`,
    );
    if (id) queued++;
  }
  if (await queueDailyDigest(q)) queued++;
  await q.query(
    `delete from notifications where delivered_at is not null and delivered_at < now() - interval '14 days'`,
  );
  return queued;
}

const DIGEST_SCAN = 10_000;

/**
 * Once a UTC day, from NOTIFY_DIGEST_HOUR_UTC (default 8), one message counting objects past their
 * rotation period or expiry date (the /overdue page's rule). Counts only, no names; nothing when
 * nothing is overdue. The day's dedupe key makes it once per day across replicas.
 */
export async function queueDailyDigest(q: Pick<Db, 'query'>, now = new Date()): Promise<boolean> {
  const hour = Number(process.env.NOTIFY_DIGEST_HOUR_UTC || 8);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || now.getUTCHours() < hour) return false;
  const day = now.toISOString().slice(0, 10);
  const seen = await q.query('select 1 from notifications where dedupe_key = $1', [
    `digest:${day}`,
  ]);
  if (seen.rows[0]) return false;
  const { rows, hasMore } = await listOverdue(q, { limit: DIGEST_SCAN, offset: 0 });
  if (!rows.length) return false;
  const expired = rows.filter((r) => r.reason === 'expired').length;
  const rotation = rows.length - expired;
  const orgs = new Set(rows.map((r) => r.orgId ?? '')).size;
  const more = hasMore ? '+' : '';
  const status = [
    rotation ? `${rotation}${more} past their rotation period` : null,
    expired ? `${expired}${more} past their expiry date` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return Boolean(
    await enqueueNotification(
      {
        kind: 'digest.daily',
        occurredAt: now.toISOString(),
        orgId: null,
        actor: null,
        requester: null,
        requestId: null,
        object: null,
        status: `${status} (${orgs} organization${orgs === 1 ? '' : 's'})`,
        reason: null,
        link: '/overdue',
      },
      q,
      `digest:${day}`,
    ),
  );
}

const globalNotifier = globalThis as unknown as { __vaultConsoleNotifyTimer?: NodeJS.Timeout };

/** At boot: sends what a previous process left, then drains and sweeps in the background. */
export function startNotifier(intervalMs = Number(process.env.NOTIFY_INTERVAL_MS ?? 5000)) {
  if (globalNotifier.__vaultConsoleNotifyTimer) return;
  notifyConfig();
  let running = false;
  let lastSweep = 0;
  const tick = () => {
    if (running) return;
    running = true;
    const sweep =
      Date.now() - lastSweep >= 30_000
        ? ((lastSweep = Date.now()),
          sweepNotifications().catch((err) =>
            console.error(`[notify] sweep failed: ${err instanceof Error ? err.name : 'error'}`),
          ))
        : Promise.resolve();
    void sweep
      .then(() => drainNotifications())
      .finally(() => {
        running = false;
      });
  };
  globalNotifier.__vaultConsoleNotifyTimer = setInterval(tick, intervalMs);
  globalNotifier.__vaultConsoleNotifyTimer.unref();
  tick();
}
