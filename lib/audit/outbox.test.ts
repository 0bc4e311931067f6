import { beforeEach, describe, expect, it, vi } from 'vitest';

const workos = vi.hoisted(() => ({
  fail: null as number | null,
  sent: [] as { org: string; action: string; key: string; occurredAt: string }[],
  gate: null as Promise<void> | null,
}));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    auditLogs: {
      createEvent: async (
        org: string,
        event: { action: string; occurredAt: Date },
        { idempotencyKey }: { idempotencyKey: string },
      ) => {
        if (workos.gate) await workos.gate;
        if (workos.fail) throw Object.assign(new Error('down'), { status: workos.fail });
        workos.sent.push({
          org,
          action: event.action,
          key: idempotencyKey,
          occurredAt: event.occurredAt.toISOString(),
        });
      },
    },
  }),
}));

const { testPglite } = await import('../testing/backends');
type Db = Awaited<ReturnType<typeof testPglite>>;
const db: Db = await testPglite();
database.db = db;
const { drainAuditOutbox, enqueueAuditEvent, retryDelaySeconds } = await import('./outbox');

const event = (action: string) => ({
  action,
  occurredAt: '2026-11-27T10:00:00.000Z',
  actor: { id: 'user_1', type: 'user', name: 'a@example.com' },
  targets: [{ id: 'secret_1', type: 'vault_object', name: 'n' }],
  context: { location: '0.0.0.0' },
});
const pending = async () =>
  (
    await db.query<{ id: string; attempts: number; last_status: string | null }>(
      'select id, attempts, last_status from workos_audit_outbox order by id',
    )
  ).rows;

describe('WorkOS Audit Logs outbox', () => {
  beforeEach(async () => {
    workos.fail = null;
    workos.sent = [];
    workos.gate = null;
    await db.query('delete from workos_audit_outbox');
  });

  it('sends a queued event once with its id as Idempotency-Key and its original time, then forgets it', async () => {
    await enqueueAuditEvent('audit_1', 'org_1', event('vault.object.revealed'));
    // Queuing the same trail entry twice (a retried request) still makes one event.
    await enqueueAuditEvent('audit_1', 'org_1', event('vault.object.revealed'));
    expect(await drainAuditOutbox()).toEqual({ sent: 1, failed: 0 });
    expect(workos.sent).toEqual([
      {
        org: 'org_1',
        action: 'vault.object.revealed',
        key: 'audit_1',
        occurredAt: '2026-11-27T10:00:00.000Z',
      },
    ]);
    expect(await pending()).toEqual([]);
    expect(await drainAuditOutbox()).toEqual({ sent: 0, failed: 0 });
    expect(workos.sent).toHaveLength(1);
  });

  it('keeps a row WorkOS refused and retries it only once its back-off is over', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await enqueueAuditEvent('audit_2', 'org_1', event('vault.object.updated'));
    workos.fail = 503;
    expect(await drainAuditOutbox()).toEqual({ sent: 0, failed: 1 });
    expect(await pending()).toEqual([{ id: 'audit_2', attempts: 1, last_status: '503' }]);
    workos.fail = null;
    // Not due yet (5 s back-off): nothing is sent.
    expect(await drainAuditOutbox()).toEqual({ sent: 0, failed: 0 });
    await db.query("update workos_audit_outbox set claimed_until = now() - interval '1 second'");
    expect(await drainAuditOutbox()).toEqual({ sent: 1, failed: 0 });
    expect(workos.sent.map((s) => s.key)).toEqual(['audit_2']);
    expect(await pending()).toEqual([]);
  });

  it('two drains at once (two replicas, or after() and the timer) send a row once', async () => {
    await enqueueAuditEvent('audit_3', 'org_1', event('vault.object.revealed'));
    let open!: () => void;
    workos.gate = new Promise((r) => (open = r));
    const first = drainAuditOutbox();
    const second = drainAuditOutbox();
    await new Promise((r) => setTimeout(r, 50));
    open();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(workos.sent).toHaveLength(1);
  });

  it('backs off 5 s, 10 s, 20 s … up to 5 minutes', () => {
    expect([1, 2, 3, 7, 8, 20].map(retryDelaySeconds)).toEqual([5, 10, 20, 300, 300, 300]);
  });
});
