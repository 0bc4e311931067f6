import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotifyNameMode } from '../approvals/schemas';

/**
 * Notification messages and the two webhook bodies built from them (Slack incoming-webhook JSON,
 * or a generic JSON body signed with HMAC-SHA256). Pure: no database, no session, no clock but the
 * one passed in. A message is built from a whitelist of fields (ids, emails, a trimmed name, a
 * status, a reason); nothing here ever sees a secret value, and unknown input is dropped.
 */
export type NotificationKind =
  | 'request.created'
  | 'request.approved'
  | 'request.denied'
  | 'request.expired'
  | 'request.revoked'
  | 'request.withdrawn'
  | 'break_glass.used'
  | 'break_glass.acknowledged'
  | 'byok.failure'
  | 'digest.daily';

export type NotificationMessage = {
  kind: NotificationKind;
  occurredAt: string;
  orgId: string | null;
  /** Who did it (an email), or null for the console itself (an expiry). */
  actor: string | null;
  requester: string | null;
  requestId: string | null;
  /** The object, its name already trimmed to what policy allows (null: none allowed). */
  object: { id: string; name: string | null } | null;
  /** A short state: 'approved', 'pending (1 of 2 approvals)', 'usable: no (HTTP 403)'. */
  status: string | null;
  /** The person's reason or comment, shortened; null where the operator keeps reasons in the console. */
  reason: string | null;
  /** Path inside the console (made absolute with the console's URL when sent). */
  link: string | null;
};

/** How much of a name a notification carries: all, its last path segment, or none. */
export function trimName(name: string | null | undefined, mode: NotifyNameMode): string | null {
  if (!name) return null;
  if (mode === 'none') return null;
  if (mode === 'full') return name;
  const parts = name.split(/[/:]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? null;
}

const REASON_MAX = 200;
export function shortReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const flat = reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!flat) return null;
  return flat.length > REASON_MAX ? `${flat.slice(0, REASON_MAX - 1)}…` : flat;
}

const TITLES: Record<NotificationKind, string> = {
  'request.created': 'Access request waiting for approval',
  'request.approved': 'Access request approved',
  'request.denied': 'Access request denied',
  'request.expired': 'Access request expired unanswered',
  'request.revoked': 'Access revoked',
  'request.withdrawn': 'Access request withdrawn',
  'break_glass.used': 'BREAK-GLASS: value revealed without approval',
  'break_glass.acknowledged': 'Break-glass use acknowledged',
  'byok.failure': 'Customer key (BYOK) failure',
  'digest.daily': 'Daily digest: overdue rotations and expiries',
};

function titleOf(kind: NotificationKind): string {
  return TITLES[kind];
}

/** One line of plain text, the same for every format. */
export function summaryOf(m: NotificationMessage): string {
  const what = m.object
    ? `${m.object.name ? `"${m.object.name}" (${m.object.id})` : m.object.id}`
    : m.orgId
      ? `all objects of ${m.orgId}`
      : null;
  const parts = [
    titleOf(m.kind),
    m.actor ? `by ${m.actor}` : null,
    m.requester && m.requester !== m.actor ? `for ${m.requester}` : null,
    what ? `on ${what}` : null,
    m.object && m.orgId ? `in ${m.orgId}` : null,
    m.status ? `(${m.status})` : null,
  ].filter(Boolean);
  return parts.join(' ');
}

/** Slack mrkdwn: &, < and > are control characters and must be escaped in text. */
const slackEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function absolute(appUrl: string | null, path: string | null): string | null {
  if (!path || !appUrl) return null;
  try {
    return new URL(path, appUrl).toString();
  } catch {
    return null;
  }
}

/** Slack incoming-webhook JSON: a `text` fallback plus blocks. */
export function slackBody(m: NotificationMessage, appUrl: string | null) {
  const url = absolute(appUrl, m.link);
  const lines = [`*${slackEscape(titleOf(m.kind))}*`];
  const field = (label: string, v: string | null) => {
    if (v) lines.push(`*${label}:* ${slackEscape(v)}`);
  };
  field('By', m.actor);
  if (m.requester && m.requester !== m.actor) field('Requester', m.requester);
  if (m.object) field('Object', m.object.name ? `${m.object.name} (${m.object.id})` : m.object.id);
  field('Organization', m.orgId);
  field('Request', m.requestId);
  field('Status', m.status);
  field('Reason', m.reason);
  return {
    text: slackEscape(summaryOf(m)),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${slackEscape(m.occurredAt)}${url ? ` · <${url}|Open in the console>` : ''}`,
          },
        ],
      },
    ],
  };
}

/** The generic JSON body (snake_case, like WorkOS events). `id` is the delivery id (dedupe on it). */
export function jsonBody(id: string, m: NotificationMessage, appUrl: string | null) {
  return {
    id,
    type: m.kind,
    occurred_at: m.occurredAt,
    summary: summaryOf(m),
    data: {
      organization_id: m.orgId,
      actor: m.actor,
      requester: m.requester,
      request_id: m.requestId,
      object: m.object ? { id: m.object.id, name: m.object.name } : null,
      status: m.status,
      reason: m.reason,
      url: absolute(appUrl, m.link),
    },
  };
}

export const SIGNATURE_HEADER = 'X-Vault-Console-Signature';

/**
 * `t=<unix seconds>, v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: the scheme of WorkOS's own
 * webhook signature, so a receiver checks the timestamp (replay) and the MAC over the exact bytes.
 */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds}, v1=${mac}`;
}

/** What a receiver does: parse, check the age, compare in constant time. */
export function verifySignature(
  secret: string,
  header: string | null,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const [k, ...v] = p.trim().split('=');
      return [k, v.join('=')];
    }),
  ) as { t?: string; v1?: string };
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, body, t).split('v1=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
