import 'server-only';
import { headers } from 'next/headers';
import type { ConsoleSession } from '../auth/session';
import { getEnv } from '../env';
import { clientIp } from '../security/client-ip';
import { getWorkOS } from '../workos/client';

/** Console trail actions that are also sent to WorkOS Audit Logs, as `vault.<action>`. */
export type WorkosAuditedAction =
  | 'object.revealed'
  | 'object.copied'
  | 'object.edit_loaded'
  | 'object.created'
  | 'object.updated'
  | 'object.deleted'
  | 'key.decrypted';
export type WorkosAuditAction = `vault.${WorkosAuditedAction}`;

/**
 * Sends an Audit Logs event to the object's organization. Best effort: the console's own trail
 * is written first and is the record of truth; a WorkOS failure is logged and reported back.
 */
export async function emitWorkosAudit(input: {
  session: ConsoleSession;
  orgId: string | null;
  action: WorkosAuditAction;
  object: { id: string; name: string; type?: string };
  idempotencyKey: string;
  metadata?: Record<string, string>;
}): Promise<'sent' | 'skipped' | 'failed'> {
  if (!input.orgId) return 'skipped';
  const h = await headers();
  const env = getEnv();
  // Only what trusted proxies wrote (TRUSTED_PROXY_HOPS); a client-made header is not evidence.
  const location = clientIp(h.get('x-forwarded-for'), env.trustedProxyHops);
  const metadata: Record<string, string> = { ...input.metadata };
  // The reason goes to the customer's own Audit Logs unless the operator keeps it console-only.
  if (env.reveal.reasonDestination === 'console-only') delete metadata.reason;
  if (input.session.impersonator) metadata.impersonator = input.session.impersonator.email;
  try {
    await getWorkOS().auditLogs.createEvent(
      input.orgId,
      {
        action: input.action,
        occurredAt: new Date(),
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
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return 'sent';
  } catch (err) {
    console.error(
      `[audit] WorkOS Audit Logs event ${input.action} failed (status ${(err as { status?: number }).status ?? 'n/a'})`,
    );
    return 'failed';
  }
}
