/**
 * The doubling back-off both outboxes use (WorkOS Audit Logs in lib/audit/outbox.ts, webhooks in
 * ./outbox.ts): `base` seconds after the first failure, then twice as long each time, at most 5
 * minutes. Here rather than in lib/audit because lib/audit's trail already queues notifications.
 */
export function backoffSeconds(attempts: number, base: number): number {
  return Math.min(300, base * 2 ** Math.max(0, attempts - 1));
}
