import { beforeEach, describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({ events: [] as { context: unknown; metadata: unknown }[] }));
const env = vi.hoisted(() => ({
  trustedProxyHops: 0,
  reveal: { reasonDestination: 'console-and-workos' as 'console-and-workos' | 'console-only' },
}));
vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({ 'x-forwarded-for': '203.0.113.66, 198.51.100.7', 'user-agent': 'ua' }),
}));
vi.mock('../env', () => ({ getEnv: () => env }));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({
    auditLogs: {
      createEvent: async (_org: string, event: { context: unknown; metadata: unknown }) => {
        sent.events.push(event);
      },
    },
  }),
}));

const { testPglite } = await import('../testing/backends');
database.db = await testPglite();
const { emitWorkosAudit } = await import('./workos');
const session = (impersonator: { email: string } | null = null) =>
  ({
    user: { id: 'user_1', email: 'a@example.com', name: 'A' },
    impersonator,
  }) as never;
const emit = (s = session()) =>
  emitWorkosAudit({
    session: s,
    orgId: 'org_1',
    action: 'vault.object.revealed',
    object: { id: 'secret_1', name: 'n' },
    idempotencyKey: crypto.randomUUID(),
    metadata: { reason: 'INTERNAL: churning', version_id: 'v1' },
  });

describe('WorkOS Audit Logs event (F7)', () => {
  beforeEach(() => {
    sent.events = [];
    env.trustedProxyHops = 0;
    env.reveal.reasonDestination = 'console-and-workos';
  });

  it('takes the location only from trusted proxy hops, never the client-written entry', async () => {
    await emit();
    expect(sent.events[0]!.context).toMatchObject({ location: '0.0.0.0' });
    env.trustedProxyHops = 1;
    await emit();
    expect(sent.events[1]!.context).toMatchObject({ location: '198.51.100.7' });
  });

  it('keeps the reason out of the customer’s log when REVEAL_REASON_DESTINATION=console-only', async () => {
    await emit();
    expect(sent.events[0]!.metadata).toMatchObject({ reason: 'INTERNAL: churning' });
    env.reveal.reasonDestination = 'console-only';
    await emit();
    expect(sent.events[1]!.metadata).toEqual({ version_id: 'v1' });
  });

  it('names the impersonator of an impersonated session', async () => {
    await emit(session({ email: 'staff@workos.example' }));
    expect(sent.events[0]!.metadata).toMatchObject({ impersonator: 'staff@workos.example' });
  });
});
