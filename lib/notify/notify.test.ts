import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { staffPerson } from '../testing/people';

const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));

const { messageFromAudit, notificationKindOf } = await import('./from-audit');
const { jsonBody, signBody, slackBody, summaryOf, trimName, verifySignature } =
  await import('./message');
const {
  deliver,
  drainNotifications,
  enqueueNotification,
  notifyConfig,
  queueDailyDigest,
  resetNotifyConfig,
  sweepNotifications,
} = await import('./outbox');
const { storeByokEvent } = await import('../byok/sync');
const { inboxCounts, inboxItems, markInboxSeen } = await import('./inbox');
const { DEFAULT_POLICY_FIELDS, savePolicy } = await import('../approvals/policy');
const { createAccessRequest, decideAccessRequest, endAccessRequest } =
  await import('../approvals/requests');
const { acknowledgeBreakGlass, breakGlassRefusal, openBreakGlass, recordBreakGlass } =
  await import('../approvals/break-glass');
const { recordAudit } = await import('../audit/trail');

type Message = import('./message').NotificationMessage;

afterAll(stopTestPostgres);

/** A value the tests write into every place a careless builder could copy it from. */
const VALUE = 'sk_live_VALUE_MUST_NOT_LEAVE_42';

const message = (over: Partial<Message> = {}): Message => ({
  kind: 'request.created',
  occurredAt: '2026-12-07T10:00:00.000Z',
  orgId: 'org_1',
  actor: 'support@example.com',
  requester: 'support@example.com',
  requestId: 'areq_1',
  object: { id: 'secret_1', name: 'prod/stripe/webhook-secret' },
  status: '30 min',
  reason: 'SUP-1 customer cannot log in',
  link: '/requests/areq_1',
  ...over,
});

describe('names in notifications', () => {
  it('keeps all of a name, only its last segment, or none, as policy says', () => {
    expect(trimName('prod/stripe/webhook-secret', 'full')).toBe('prod/stripe/webhook-secret');
    expect(trimName('prod/stripe/webhook-secret', 'last_segment')).toBe('webhook-secret');
    expect(trimName('acme:db:password', 'last_segment')).toBe('password');
    expect(trimName('plain', 'last_segment')).toBe('plain');
    expect(trimName('prod/stripe/webhook-secret', 'none')).toBeNull();
    expect(trimName(null, 'full')).toBeNull();
  });
});

describe('Slack body', () => {
  it('has a text fallback and mrkdwn blocks, escapes Slack control characters and links to the console', () => {
    const body = slackBody(
      message({ object: { id: 'secret_1', name: 'a<b>&c' } }),
      'https://console.example.com',
    );
    expect(body.text).toContain('Access request waiting for approval');
    expect(body.text).toContain('a&lt;b&gt;&amp;c');
    expect(body.text).not.toContain('a<b>');
    const section = body.blocks[0] as { type: string; text: { type: string; text: string } };
    expect(section).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(section.text.text).toContain('*By:* support@example.com');
    expect(JSON.stringify(body.blocks[1])).toContain(
      '<https://console.example.com/requests/areq_1|Open in the console>',
    );
  });
});

describe('generic JSON body and its signature', () => {
  const secret = 'whsec_test_0123456789abcdef';
  it('signs t.body with HMAC-SHA256 so an independent receiver can verify it', () => {
    const body = JSON.stringify(jsonBody('ntf_1', message(), null));
    const header = signBody(secret, body, 1_765_000_000);
    // Recomputed here with node:crypto directly, not with the code under test.
    const mac = createHmac('sha256', secret).update(`1765000000.${body}`).digest('hex');
    expect(header).toBe(`t=1765000000, v1=${mac}`);
    expect(verifySignature(secret, header, body, 1_765_000_010)).toBe(true);
  });
  it('refuses a changed body, another secret, an old timestamp and a malformed header', () => {
    const body = JSON.stringify(jsonBody('ntf_1', message(), null));
    const header = signBody(secret, body, 1_765_000_000);
    expect(verifySignature(secret, header, body.replace('areq_1', 'areq_2'), 1_765_000_000)).toBe(
      false,
    );
    expect(verifySignature('another-secret-0123456789', header, body, 1_765_000_000)).toBe(false);
    expect(verifySignature(secret, header, body, 1_765_000_000 + 301)).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, 1_765_000_000)).toBe(false);
    expect(verifySignature(secret, null, body, 1_765_000_000)).toBe(false);
  });
  it('carries ids, people, the trimmed name and the state in snake_case', () => {
    expect(jsonBody('ntf_9', message(), 'https://c.example').data).toEqual({
      organization_id: 'org_1',
      actor: 'support@example.com',
      requester: 'support@example.com',
      request_id: 'areq_1',
      object: { id: 'secret_1', name: 'prod/stripe/webhook-secret' },
      status: '30 min',
      reason: 'SUP-1 customer cannot log in',
      url: 'https://c.example/requests/areq_1',
    });
  });
});

describe('messages from trail entries', () => {
  const entry = {
    user: { id: 'u1', email: 'alex@example.com' },
    action: 'request.approved',
    orgId: 'org_1',
    objectId: 'secret_1',
    objectName: 'prod/stripe/webhook-secret',
    reason: 'ok for SUP-1',
    // Whatever else a caller put in detail is never copied, a value least of all.
    detail: {
      request_id: 'areq_1',
      requester: 'support@example.com',
      status: 'approved',
      value: VALUE,
    },
  };
  it('reads only whitelisted fields: no value, the name trimmed, reasons only where allowed', () => {
    const kind = notificationKindOf(entry)!;
    expect(kind).toBe('request.approved');
    const m = messageFromAudit(entry, kind, {
      names: 'last_segment',
      reasons: false,
      occurredAt: '2026-12-07T10:00:00.000Z',
    });
    expect(m.object).toEqual({ id: 'secret_1', name: 'webhook-secret' });
    expect(m.reason).toBeNull();
    expect(m.status).toBe('approved, grant running');
    for (const body of [
      JSON.stringify(m),
      JSON.stringify(slackBody(m, 'https://c.example')),
      JSON.stringify(jsonBody('ntf_1', m, null)),
      summaryOf(m),
    ]) {
      expect(body).not.toContain(VALUE);
      expect(body).not.toContain('prod/stripe');
    }
  });
  it('notifies requests, break-glass and failed key tests only', () => {
    expect(notificationKindOf({ action: 'object.revealed' })).toBeNull();
    expect(notificationKindOf({ action: 'byok.key_tested', outcome: 'success' })).toBeNull();
    expect(notificationKindOf({ action: 'byok.key_tested', outcome: 'failure' })).toBe(
      'byok.failure',
    );
    expect(notificationKindOf({ action: 'breakglass.used' })).toBe('break_glass.used');
    expect(notificationKindOf({ action: 'request.denied' })).toBe('request.denied');
  });
});

describe('webhook configuration', () => {
  it('names the variable and the rule it broke', () => {
    expect(notifyConfig({ NOTIFY_WEBHOOK_URL: 'ftp://x' } as unknown as NodeJS.ProcessEnv)).toEqual(
      {
        enabled: false,
        problem: 'NOTIFY_WEBHOOK_URL: must be an http:// or https:// URL',
      },
    );
    expect(
      notifyConfig({ NOTIFY_WEBHOOK_URL: 'https://x.example/h' } as unknown as NodeJS.ProcessEnv),
    ).toMatchObject({ enabled: false, problem: expect.stringMatching(/^NOTIFY_WEBHOOK_SECRET:/) });
    expect(
      notifyConfig({
        NOTIFY_WEBHOOK_URL: 'https://hooks.slack.example/x',
        NOTIFY_WEBHOOK_FORMAT: 'slack',
      } as unknown as NodeJS.ProcessEnv),
    ).toMatchObject({ enabled: true, format: 'slack', secret: null, retryBaseSeconds: 5 });
    expect(notifyConfig({} as unknown as NodeJS.ProcessEnv)).toEqual({
      enabled: false,
      problem: null,
    });
  });
});

/** A local receiver that can be taken down (503, or closed) and records what it got. */
async function receiver() {
  const got: { body: string; signature: string | null }[] = [];
  let mode: 'up' | '503' = 'up';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (mode === '503') {
        res.statusCode = 503;
        res.end('down');
        return;
      }
      got.push({ body, signature: (req.headers['x-vault-console-signature'] as string) ?? null });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    got,
    url: `http://127.0.0.1:${port}/hook`,
    setMode: (m: 'up' | '503') => (mode = m),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const person = (id: string) => staffPerson(id);
const support = person('support');
const alex = person('alex');
const blair = person('blair');

describe.each(BACKENDS)('notifications on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const SECRET = 'whsec_test_0123456789abcdef';
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    database.db = db;
    rx = await receiver();
  });
  afterAll(async () => {
    await rx.close();
    await close();
  });
  beforeEach(async () => {
    database.db = db;
    // Each test sees only what it queues itself.
    await db.query(`update notifications set delivered_at = now() where delivered_at is null`);
    process.env.NOTIFY_WEBHOOK_URL = rx.url;
    process.env.NOTIFY_WEBHOOK_FORMAT = 'json';
    process.env.NOTIFY_WEBHOOK_SECRET = SECRET;
    process.env.NOTIFY_RETRY_BASE_SECONDS = '1';
    resetNotifyConfig();
    rx.got.length = 0;
    rx.setMode('up');
  });
  afterEach(() => {
    for (const k of [
      'NOTIFY_WEBHOOK_URL',
      'NOTIFY_WEBHOOK_FORMAT',
      'NOTIFY_WEBHOOK_SECRET',
      'NOTIFY_RETRY_BASE_SECONDS',
    ])
      delete process.env[k];
    resetNotifyConfig();
    vi.restoreAllMocks();
  });
  const undelivered = async () =>
    (
      await db.query<{ kind: string; attempts: number; last_status: string | null }>(
        'select kind, attempts, last_status from notifications where delivered_at is null order by created_at',
      )
    ).rows;

  it('a request created, approved and revoked each send one signed message, name trimmed per policy, no value', async () => {
    await savePolicy(
      alex,
      {
        scope: 'environment',
        fields: { ...DEFAULT_POLICY_FIELDS, notifyNames: 'last_segment' },
        versionCheck: 0,
      },
      db,
    );
    const policy = (await import('../approvals/policy')).effectivePolicy;
    const created = await createAccessRequest(
      support,
      {
        orgId: 'org_1',
        objectId: 'secret_1',
        objectName: 'prod/stripe/webhook-secret',
        minutes: 30,
        reason: 'SUP-1 customer cannot log in',
        ticket: 'SUP-1',
      },
      (await policy('org_1', db))!,
      db,
    );
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.id;
    expect(
      await decideAccessRequest(alex, { requestId: id, decision: 'approve', comment: 'ok' }, db),
    ).toMatchObject({ ok: true });
    expect(await endAccessRequest(blair, id, true, db)).toMatchObject({ ok: true });
    expect(await drainNotifications()).toEqual({ sent: 3, failed: 0 });
    const now = Math.floor(Date.now() / 1000);
    const bodies = rx.got.map((g) => {
      expect(verifySignature(SECRET, g.signature, g.body, now)).toBe(true);
      return JSON.parse(g.body) as { type: string; data: { object: { name: string } } };
    });
    expect(bodies.map((b) => b.type)).toEqual([
      'request.created',
      'request.approved',
      'request.revoked',
    ]);
    expect(bodies.every((b) => b.data.object.name === 'webhook-secret')).toBe(true);
    expect(rx.got.map((g) => g.body).join('\n')).not.toContain('prod/stripe');
    expect(await undelivered()).toEqual([]);
    // Sent once: a second drain finds nothing.
    expect(await drainNotifications()).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a message the receiver refused or could not take, and delivers it after the outage, in order', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // A back-off long enough that a slow machine never finds the retry due before the test asks.
    process.env.NOTIFY_RETRY_BASE_SECONDS = '60';
    resetNotifyConfig();
    const at = new Date().toISOString();
    rx.setMode('503');
    await enqueueNotification(message({ requestId: 'areq_a', occurredAt: at }), db);
    await enqueueNotification(message({ requestId: 'areq_b', occurredAt: at }), db);
    expect(await drainNotifications()).toEqual({ sent: 0, failed: 2 });
    expect(await undelivered()).toEqual([
      { kind: 'request.created', attempts: 1, last_status: '503' },
      { kind: 'request.created', attempts: 1, last_status: '503' },
    ]);
    // Back-off: not due yet, nothing is tried.
    expect(await drainNotifications()).toEqual({ sent: 0, failed: 0 });
    // A receiver nobody listens on: a network failure, also kept.
    process.env.NOTIFY_WEBHOOK_URL = 'http://127.0.0.1:9/hook';
    resetNotifyConfig();
    await db.query(`update notifications set claimed_until = now() - interval '1 second'`);
    expect(await drainNotifications()).toEqual({ sent: 0, failed: 2 });
    expect((await undelivered()).map((r) => [r.attempts, r.last_status])).toEqual([
      [2, 'network'],
      [2, 'network'],
    ]);
    // The receiver is back.
    process.env.NOTIFY_WEBHOOK_URL = rx.url;
    resetNotifyConfig();
    rx.setMode('up');
    await db.query(`update notifications set claimed_until = now() - interval '1 second'`);
    expect(await drainNotifications()).toEqual({ sent: 2, failed: 0 });
    expect(
      rx.got.map((g) => (JSON.parse(g.body) as { data: { request_id: string } }).data.request_id),
    ).toEqual(['areq_a', 'areq_b']);
    expect(await undelivered()).toEqual([]);
  });

  it('sends in the order messages were queued, even many in one transaction and one millisecond', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `areq_${String(i).padStart(2, '0')}`);
    await db.transaction(async (tx) => {
      for (const requestId of ids) await enqueueNotification(message({ requestId }), tx);
    });
    expect(await drainNotifications()).toEqual({ sent: 12, failed: 0 });
    expect(
      rx.got.map((g) => (JSON.parse(g.body) as { data: { request_id: string } }).data.request_id),
    ).toEqual(ids);
  });

  it('a timed-out send is retried, not lost', async () => {
    const config = notifyConfig();
    if (!config.enabled) throw new Error('config');
    const slow = (async () => {
      throw Object.assign(new Error('timeout'), { name: 'TimeoutError' });
    }) as unknown as typeof fetch;
    expect(await deliver(config, 'ntf_x', message(), slow)).toBe('timeout');
  });

  it('with no webhook configured, queues nothing to send', async () => {
    delete process.env.NOTIFY_WEBHOOK_URL;
    resetNotifyConfig();
    await enqueueNotification(message(), db);
    expect(await undelivered()).toEqual([]);
    expect(await drainNotifications()).toEqual({ sent: 0, failed: 0 });
    expect(rx.got).toEqual([]);
  });

  it('an unanswered request that expired is announced once, even by two sweeps', async () => {
    await db.query(
      `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
         reason, duration_minutes, approvals_required, expires_at)
       values ('areq_expired_1', 'reveal', 'pending', 'support', 'support@example.com', 'org_1', 'secret_9', 'acme/db',
         'r', 30, 1, now() - interval '1 minute')`,
    );
    expect(await sweepNotifications(db)).toBe(1);
    expect(await sweepNotifications(db)).toBe(0);
    expect(await drainNotifications()).toEqual({ sent: 1, failed: 0 });
    expect(JSON.parse(rx.got[0]!.body)).toMatchObject({
      type: 'request.expired',
      data: { request_id: 'areq_expired_1', requester: 'support@example.com' },
    });
  });

  it('break-glass: refused naming the rule, else recorded loudly, notified, open until another approver acknowledges', async () => {
    // The environment default (saved above) puts reveals behind approval, break-glass off.
    expect((await breakGlassRefusal('org_2', db))?.message).toBe(
      'Break-glass is refused: the environment default approval policy does not allow break-glass (“Break-glass allowed” is off). Ask for access instead.',
    );
    expect((await breakGlassRefusal(null, db))?.code).toBe('forbidden');
    await savePolicy(
      alex,
      {
        scope: 'org_2',
        fields: { ...DEFAULT_POLICY_FIELDS, breakGlassAllowed: true },
        versionCheck: 0,
      },
      db,
    );
    expect(await breakGlassRefusal('org_2', db)).toBeNull();
    const id = await recordBreakGlass(
      support,
      {
        orgId: 'org_2',
        objectId: 'secret_2',
        objectName: 'acme/db',
        action: 'reveal',
        reason: 'Outage P1, on-call cannot reach approvers',
      },
      db,
    );
    const audit = await db.query<{ action: string; reason: string }>(
      `select action, reason from audit_events where detail->>'break_glass_id' = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      { action: 'breakglass.used', reason: 'Outage P1, on-call cannot reach approvers' },
    ]);
    expect(await drainNotifications()).toMatchObject({ sent: 1 });
    expect(JSON.parse(rx.got[0]!.body)).toMatchObject({
      type: 'break_glass.used',
      data: { actor: 'support@example.com', organization_id: 'org_2' },
    });
    expect((await openBreakGlass('org_2', db)).map((u) => u.id)).toEqual([id]);
    expect(await acknowledgeBreakGlass(support, id, db)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await acknowledgeBreakGlass(alex, id, db)).toMatchObject({ ok: true });
    const again = await acknowledgeBreakGlass(blair, id, db);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error.message).toMatch(
      /^alex@example\.com acknowledged this break-glass use at \d{4}-/,
    );
    expect(await openBreakGlass('org_2', db)).toEqual([]);
    const acked = await db.query(
      `select user_email from audit_events where action = 'breakglass.acknowledged' and detail->>'break_glass_id' = $1`,
      [id],
    );
    expect(acked.rows).toEqual([{ user_email: 'alex@example.com' }]);
  });

  it('inbox: approvers count what waits for them; requesters count decisions not seen; marking seen clears them', async () => {
    const policy = (await import('../approvals/policy')).effectivePolicy;
    const r = await createAccessRequest(
      support,
      {
        orgId: 'org_3',
        objectId: null,
        objectName: null,
        minutes: 30,
        reason: 'SUP-3 work',
        ticket: '',
      },
      (await policy('org_3', db))!,
      db,
    );
    if (!r.ok) throw new Error(r.error.message);
    const before = await inboxCounts(alex.user.id, true, db);
    expect(before.awaitingMe).toBeGreaterThanOrEqual(1);
    // Not an approver: nothing waits for them.
    expect((await inboxCounts(alex.user.id, false, db)).awaitingMe).toBe(0);
    const seenBefore = (await inboxCounts(support.user.id, false, db)).unseen;
    await decideAccessRequest(alex, { requestId: r.data.id, decision: 'deny', comment: 'no' }, db);
    expect((await inboxCounts(alex.user.id, true, db)).awaitingMe).toBe(before.awaitingMe - 1);
    expect((await inboxCounts(support.user.id, false, db)).unseen).toBe(seenBefore + 1);
    const items = await inboxItems(support.user.id, false, 50, db);
    expect(items.decisions[0]).toMatchObject({
      requestId: r.data.id,
      kind: 'denied',
      by: 'alex@example.com',
      comment: 'no',
      unseen: true,
    });
    await markInboxSeen(support.user.id, new Date(), db);
    expect((await inboxCounts(support.user.id, false, db)).unseen).toBe(0);
    // The mark never moves back.
    await markInboxSeen(support.user.id, new Date(0), db);
    expect((await inboxCounts(support.user.id, false, db)).unseen).toBe(0);
  });

  it('a daily digest counts overdue rotations and expiries once a day, from the configured hour, without names', async () => {
    await db.query(
      `insert into vault_objects (id, name, org_id, context, updated_at) values
         ('secret_old', 'acme/very-secret-name', 'org_1', '{}', now() - interval '100 days'),
         ('secret_exp', 'acme/expiring-name', 'org_2', '{}', now())`,
    );
    await db.query(
      `insert into object_stewardship (object_id, object_name, org_id, rotation_days, expires_on, updated_by) values
         ('secret_old', 'acme/very-secret-name', 'org_1', 30, null, 'alex@example.com'),
         ('secret_exp', 'acme/expiring-name', 'org_2', null, current_date - 1, 'alex@example.com')`,
    );
    const today = new Date();
    const at = (h: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h));
    process.env.NOTIFY_DIGEST_HOUR_UTC = '9';
    try {
      expect(await queueDailyDigest(db, at(8))).toBe(false);
      expect(await queueDailyDigest(db, at(9))).toBe(true);
      expect(await queueDailyDigest(db, at(15))).toBe(false);
    } finally {
      delete process.env.NOTIFY_DIGEST_HOUR_UTC;
    }
    expect(await drainNotifications()).toEqual({ sent: 1, failed: 0 });
    const body = rx.got[0]!.body;
    expect(JSON.parse(body)).toMatchObject({
      type: 'digest.daily',
      data: {
        status: '1 past their rotation period, 1 past their expiry date (2 organizations)',
        object: null,
      },
    });
    expect(body).not.toContain('acme/');
  });

  it('a customer key newly reported deleted notifies once; an old or a passing event does not', async () => {
    const event = (id: string, over: Record<string, unknown>) => ({
      id,
      event: 'vault.byok_key.deleted',
      created_at: new Date().toISOString(),
      data: { organization_id: 'org_7', key_provider: 'AWS_KMS' },
      ...over,
    });
    await storeByokEvent(db, event('event_byok_1', {}));
    await storeByokEvent(db, event('event_byok_1', {}));
    await storeByokEvent(
      db,
      event('event_byok_2', {
        created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      }),
    );
    await storeByokEvent(
      db,
      event('event_byok_3', {
        event: 'vault.byok_key.verification_completed',
        data: { organization_id: 'org_7', key_provider: 'AWS_KMS', verified: true },
      }),
    );
    expect(await drainNotifications()).toEqual({ sent: 1, failed: 0 });
    expect(JSON.parse(rx.got[0]!.body)).toMatchObject({
      type: 'byok.failure',
      data: { organization_id: 'org_7', status: expect.stringMatching(/key deleted$/) },
    });
  });

  it('a trail entry and its notification commit together: a rolled-back entry sends nothing', async () => {
    await db
      .transaction(async (tx) => {
        await recordAudit(
          {
            user: support.user,
            action: 'request.created',
            orgId: 'org_1',
            detail: { request_id: 'areq_rolled_back' },
          },
          tx,
        );
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const rows = await db.query(
      `select 1 from notifications where message->>'requestId' = 'areq_rolled_back'`,
    );
    expect(rows.rows).toEqual([]);
  });
});
