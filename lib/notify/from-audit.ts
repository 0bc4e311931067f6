import type { NotifyNameMode } from '../approvals/schemas';
import { shortReason, trimName, type NotificationKind, type NotificationMessage } from './message';

/** The parts of a console trail entry a notification may use (a structural copy of AuditInput). */
export type AuditLike = {
  user: { id: string; email: string };
  action: string;
  outcome?: 'success' | 'failure' | 'pending';
  orgId?: string | null;
  objectId?: string | null;
  objectName?: string | null;
  reason?: string | null;
  detail?: Record<string, string | number | boolean | null>;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Which trail actions notify, and as what (null: this entry does not notify). */
export function notificationKindOf(
  entry: Pick<AuditLike, 'action' | 'outcome'>,
): NotificationKind | null {
  switch (entry.action) {
    case 'request.created':
    case 'request.approved':
    case 'request.denied':
    case 'request.revoked':
    case 'request.withdrawn':
      return entry.action;
    case 'breakglass.used':
      return 'break_glass.used';
    case 'breakglass.acknowledged':
      return 'break_glass.acknowledged';
    case 'byok.key_tested':
      return entry.outcome === 'failure' ? 'byok.failure' : null;
    default:
      return null;
  }
}

/**
 * The message for a trail entry. Only whitelisted fields are read; `detail` is consulted for a
 * few named ids and states, never copied. `reasons`: false where the operator keeps reasons inside
 * the console (REVEAL_REASON_DESTINATION=console-only).
 */
export function messageFromAudit(
  entry: AuditLike,
  kind: NotificationKind,
  options: { names: NotifyNameMode; reasons: boolean; occurredAt: string },
): NotificationMessage {
  const d = entry.detail ?? {};
  const requestId = str(d.request_id);
  const requester = str(d.requester) ?? (kind === 'request.created' ? entry.user.email : null);
  let status: string | null = null;
  // A change request (lib/vault/change-requests.ts) is applied on approval, not a grant.
  const change = d.kind === 'change' ? (str(d.op) ?? 'update') : null;
  if (kind === 'request.approved')
    status =
      d.status !== 'approved'
        ? 'one approval, another needed'
        : change
          ? 'approved, change being applied'
          : 'approved, grant running';
  if (kind === 'byok.failure')
    status = `customer key unusable${typeof d.status === 'number' ? ` (HTTP ${d.status})` : ''}`;
  if (kind === 'request.created' && change) {
    status = `change request: ${change === 'create' ? 'new object' : change === 'delete' ? 'delete' : 'new value'}`;
  } else if (kind === 'request.created') {
    const minutes = typeof d.minutes === 'number' ? `${d.minutes} min` : null;
    const scope =
      d.kind === 'decrypt'
        ? 'key-tools decrypt'
        : d.scope === 'organization'
          ? 'whole organization'
          : null;
    status = [scope, minutes].filter(Boolean).join(', ') || null;
  }
  let link: string | null = null;
  if (requestId) link = `/requests/${encodeURIComponent(requestId)}`;
  else if (kind === 'byok.failure' && entry.orgId)
    link = `/orgs/${encodeURIComponent(entry.orgId)}/byok`;
  else if (entry.orgId) link = `/orgs/${encodeURIComponent(entry.orgId)}`;
  return {
    kind,
    occurredAt: options.occurredAt,
    orgId: entry.orgId ?? null,
    actor: entry.user.email,
    requester,
    requestId,
    object: entry.objectId
      ? { id: entry.objectId, name: trimName(entry.objectName, options.names) }
      : null,
    status,
    reason: options.reasons ? shortReason(entry.reason) : null,
    link,
  };
}
