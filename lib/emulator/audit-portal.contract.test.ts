import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

// F3-05, F3-06, F3-09: Audit Logs metadata and date limits, Idempotency-Key replay, portal intents,
// each as the spec (@workos/openapi-spec 0.1.0) documents them.
let t: TestEmulator;
let org: string;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
  org = (await t.workos.organizations.listOrganizations({ limit: 1 })).data[0]!.id;
});
afterAll(async () => {
  await t.close();
});

const event = (over: Record<string, unknown> = {}) => ({
  action: 'vault.object.revealed',
  occurredAt: new Date(),
  actor: { id: 'user_1', type: 'user', name: 'Alex' },
  targets: [{ id: 'secret_1', type: 'vault_object' }],
  context: { location: '127.0.0.1' },
  ...over,
});

describe('Audit Logs createEvent limits (F3-05)', () => {
  it('accepts the limits themselves: 50 keys, 40-character keys, 500-character values, numbers and booleans', async () => {
    const metadata: Record<string, string | number | boolean> = {};
    for (let i = 0; i < 48; i++) metadata[`k${i}`] = 'v';
    metadata['k'.repeat(40)] = 'x'.repeat(500);
    metadata.n = 1;
    await expect(
      t.workos.auditLogs.createEvent(org, event({ metadata: { ...metadata } }) as never),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['51 keys', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))],
    ['a 501-character value', { reason: 'x'.repeat(501) }],
    ['a 41-character key', { ['k'.repeat(41)]: 'v' }],
    ['a dotted key', { 'a.b': 'v' }],
    ['a nested object', { detail: { a: 1 } }],
  ])('refuses event metadata with %s: 400 invalid_audit_log_event', async (_label, metadata) => {
    await expect(
      t.workos.auditLogs.createEvent(org, event({ metadata }) as never),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_audit_log_event' });
  });

  it('applies the same limits to actor and target metadata', async () => {
    await expect(
      t.workos.auditLogs.createEvent(
        org,
        event({ actor: { id: 'u', type: 'user', metadata: { a: 'x'.repeat(501) } } }) as never,
      ),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      t.workos.auditLogs.createEvent(
        org,
        event({ targets: [{ id: 's', type: 'vault_object', metadata: { 'a.b': 'v' } }] }) as never,
      ),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('refuses an occurred_at that is not an ISO 8601 date-time', async () => {
    const body = (occurred_at: string) =>
      JSON.stringify({
        organization_id: org,
        event: {
          action: 'vault.object.revealed',
          occurred_at,
          actor: { id: 'u', type: 'user' },
          targets: [],
          context: { location: '127.0.0.1' },
        },
      });
    const bad = await rawFetch(t.url, '/audit_logs/events', {
      method: 'POST',
      body: body('Fri Nov 27 2026 07:08:49 GMT+0000'),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'invalid_audit_log_event',
      errors: [{ instancePath: '/event/occurred_at' }],
    });
    const good = await rawFetch(t.url, '/audit_logs/events', {
      method: 'POST',
      body: body('2026-11-27T07:08:49.000Z'),
    });
    expect(good.status).toBe(200);
  });
});

describe('Audit Logs Idempotency-Key (F3-06)', () => {
  it('a repeated key returns the same response, whatever the body, and stores one event', async () => {
    const before = (
      (await t.control(`/_emulator/audit-logs?organization_id=${org}`)).body as { data: unknown[] }
    ).data.length;
    const send = (action: string) =>
      rawFetch(t.url, '/audit_logs/events', {
        method: 'POST',
        headers: { 'idempotency-key': 'f3-06-key' },
        body: JSON.stringify({
          organization_id: org,
          event: {
            action,
            occurred_at: new Date().toISOString(),
            actor: { id: 'u', type: 'user' },
            targets: [],
            context: { location: '127.0.0.1' },
          },
        }),
      });
    const first = await send('vault.object.revealed');
    const repeat = await send('vault.object.copied');
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(repeat.text).toBe(first.text);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    const after = (
      (await t.control(`/_emulator/audit-logs?organization_id=${org}`)).body as { data: unknown[] }
    ).data.length;
    expect(after).toBe(before + 1);
  });
});

describe('Admin Portal generate_link intents (F3-09)', () => {
  it.each([
    'sso',
    'dsync',
    'audit_logs',
    'log_streams',
    'domain_verification',
    'certificate_renewal',
    'bring_your_own_key',
  ])('accepts intent %s with 201 and a link', async (intent) => {
    const res = await rawFetch(t.url, '/portal/generate_link', {
      method: 'POST',
      body: JSON.stringify({ organization: org, intent }),
    });
    expect(res.status).toBe(201);
    expect(String(res.json.link)).toMatch(/^http:\/\/.+\/portal\//);
    expect((await fetch(String(res.json.link))).status).toBe(200);
  });

  it('intent is optional; an unknown one is refused with 422 naming the seven', async () => {
    const none = await rawFetch(t.url, '/portal/generate_link', {
      method: 'POST',
      body: JSON.stringify({ organization: org }),
    });
    expect(none.status).toBe(201);
    const bad = await rawFetch(t.url, '/portal/generate_link', {
      method: 'POST',
      body: JSON.stringify({ organization: org, intent: 'billing' }),
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('certificate_renewal');
  });
});
