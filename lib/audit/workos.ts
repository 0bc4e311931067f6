import 'server-only';
import { headers } from 'next/headers';
import { after } from 'next/server';
import type { ConsoleSession } from '../auth/session';
import { getEnv } from '../env';
import { clientIp } from '../security/client-ip';
import { drainAuditOutbox, enqueueAuditEvent, type OutboxEvent } from './outbox';

/** Console trail actions that are also sent to WorkOS Audit Logs, as `vault.<action>`. */
export type WorkosAuditedAction =
  | 'object.revealed'
  | 'object.copied'
  | 'object.edit_loaded'
  | 'object.created'
  | 'object.updated'
  | 'object.deleted'
  | 'object.restored'
  | 'copy.erased'
  | 'key.decrypted';
export type WorkosAuditAction = `vault.${WorkosAuditedAction}`;

/**
 * Queues an Audit Logs event for the object's organization in the durable outbox and sends it
 * once the response has gone (`after()`), so the WorkOS call is off the user's critical path and
 * survives the process dying first (see outbox.ts). Best effort towards the user: the
 * console's own trail is written first and is the record of truth; a failure to queue is logged.
 */
export async function emitWorkosAudit(input: {
  session: ConsoleSession;
  orgId: string | null;
  action: WorkosAuditAction;
  object: { id: string; name: string; type?: string };
  idempotencyKey: string;
  metadata?: Record<string, string>;
}): Promise<'queued' | 'skipped' | 'failed'> {
  if (!input.orgId) return 'skipped';
  const h = await headers();
  const env = getEnv();
  // Only what trusted proxies wrote (TRUSTED_PROXY_HOPS); a client-made header is not evidence.
  const location = clientIp(h.get('x-forwarded-for'), env.trustedProxyHops);
  const metadata: Record<string, string> = { ...input.metadata };
  // The reason goes to the customer's own Audit Logs unless the operator keeps it console-only.
  if (env.reveal.reasonDestination === 'console-only') delete metadata.reason;
  if (input.session.impersonator) metadata.impersonator = input.session.impersonator.email;
  const event: OutboxEvent = {
    action: input.action,
    occurredAt: new Date().toISOString(),
    actor: { id: input.session.user.id, type: 'user', name: input.session.user.email },
    targets: [
      {
        id: input.object.id,
        type: input.object.type ?? 'vault_object',
        name: input.object.name,
      },
    ],
    context: { location, userAgent: h.get('user-agent') ?? undefined },
    metadata: Object.keys(metadata).length ? metadata : undefined,
  };
  try {
    await enqueueAuditEvent(input.idempotencyKey, input.orgId, event);
  } catch (err) {
    console.error(
      `[audit] WorkOS Audit Logs event ${input.action} could not be queued (${err instanceof Error ? err.name : 'error'})`,
    );
    return 'failed';
  }
  const send = () => drainAuditOutbox({ ids: [input.idempotencyKey] });
  try {
    after(send);
  } catch {
    await send(); // outside a request (scripts, tests): send now
  }
  return 'queued';
}
