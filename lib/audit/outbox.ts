import 'server-only';
import { getDb } from '../db/client';
import { backoffSeconds } from '../notify/backoff';
import { getWorkOS } from '../workos/client';

/**
 * The durable outbox between the console and WorkOS Audit Logs. A reveal or a save writes its
 * event here in the same request (a local insert), answers the user, and sends the event from
 * `after()`. A row is deleted only once WorkOS accepted the event, so an event whose process died
 * first is sent at the next boot or by the periodic drain of any replica. Every send carries the
 * row id as Idempotency-Key (WorkOS replays, not repeats, an event sent twice within 24 h), which
 * covers the last gap: WorkOS accepted it, the process died before deleting the row.
 */
export type OutboxEvent = {
  action: string;
  occurredAt: string;
  actor: { id: string; type: string; name?: string };
  targets: { id: string; type: string; name?: string }[];
  context: { location: string; userAgent?: string };
  metadata?: Record<string, string>;
};

/** How long a replica holds a row while sending it (longer than any request timeout). */
const CLAIM_SECONDS = 30;
/** After this many failed sends a row is left for an operator (logged once, never resent). */
const MAX_ATTEMPTS = 20;

export async function enqueueAuditEvent(
  id: string,
  organizationId: string,
  event: OutboxEvent,
): Promise<void> {
  const db = await getDb();
  await db.query(
    'insert into workos_audit_outbox (id, organization_id, event) values ($1, $2, $3) on conflict (id) do nothing',
    [id, organizationId, JSON.stringify(event)],
  );
}

/** Retry delay after the n-th failure: 5 s, 10 s, 20 s … at most 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return backoffSeconds(attempts, 5);
}

/**
 * Sends due rows (all of them, or only `ids`) one at a time, oldest first. Never throws: a
 * failure is logged by status only and the row waits for its retry.
 */
export async function drainAuditOutbox(
  options: { ids?: string[]; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  let rows: { id: string; organization_id: string; event: OutboxEvent; attempts: number }[];
  try {
    const db = await getDb();
    const params: unknown[] = [MAX_ATTEMPTS, options.limit ?? 100];
    if (options.ids) params.push(options.ids);
    rows = (
      await db.query<{
        id: string;
        organization_id: string;
        event: OutboxEvent;
        attempts: number;
      }>(
        `update workos_audit_outbox set claimed_until = now() + interval '${CLAIM_SECONDS} seconds', attempts = attempts + 1
         where id in (
           select id from workos_audit_outbox
           where (claimed_until is null or claimed_until < now()) and attempts < $1${options.ids ? ' and id = any($3)' : ''}
           order by created_at limit $2
           for update skip locked)
         returning id, organization_id, event, attempts`,
        params,
      )
    ).rows;
  } catch (err) {
    console.error(
      `[audit-outbox] could not read the outbox: ${err instanceof Error ? err.name : 'error'}`,
    );
    return result;
  }
  rows.sort((a, b) => a.event.occurredAt.localeCompare(b.event.occurredAt));
  for (const row of rows) {
    const e = typeof row.event === 'string' ? (JSON.parse(row.event) as OutboxEvent) : row.event;
    let status: string;
    try {
      await getWorkOS().auditLogs.createEvent(
        row.organization_id,
        { ...e, occurredAt: new Date(e.occurredAt) },
        { idempotencyKey: row.id },
      );
      status = 'sent';
    } catch (err) {
      status = String((err as { status?: number }).status ?? 'network');
    }
    try {
      const db = await getDb();
      if (status === 'sent') {
        await db.query('delete from workos_audit_outbox where id = $1', [row.id]);
        result.sent++;
      } else {
        result.failed++;
        await db.query(
          `update workos_audit_outbox set last_status = $2, claimed_until = now() + make_interval(secs => $3) where id = $1`,
          [row.id, status, retryDelaySeconds(row.attempts)],
        );
        console.error(
          `[audit-outbox] WorkOS Audit Logs event ${e.action} failed (status ${status}, attempt ${row.attempts}${row.attempts >= MAX_ATTEMPTS ? ', giving up' : ''})`,
        );
      }
    } catch {
      // the claim expires and the row is tried again; its Idempotency-Key makes that safe
    }
  }
  return result;
}

const globalOutbox = globalThis as unknown as { __vaultConsoleOutboxTimer?: NodeJS.Timeout };

/** At boot: sends what a previous process left, then keeps retrying due rows in the background. */
export function startAuditOutbox(
  intervalMs = Number(process.env.AUDIT_OUTBOX_INTERVAL_MS ?? 5000),
) {
  if (globalOutbox.__vaultConsoleOutboxTimer) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void drainAuditOutbox().finally(() => {
      running = false;
    });
  };
  globalOutbox.__vaultConsoleOutboxTimer = setInterval(tick, intervalMs);
  globalOutbox.__vaultConsoleOutboxTimer.unref();
  tick();
}
