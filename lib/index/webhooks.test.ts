import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { signWebhook } from '../emulator/webhooks';
import { testDb } from '../testing/backends';
import { listObjects, totalObjects } from './store';
import { IndexSync } from './sync';
import { receiveWorkOSWebhook, WEBHOOK_TOLERANCE_MS, type WebhookReply } from './webhooks';
import { waitFor } from '../testing/wait';

const SECRET = 'whsec_test_0123456789abcdef';
const fast = { intervalMs: 60_000, reconcileIntervalMs: 3_600_000, maxRequestsPerMinute: 600_000 };

let t: TestEmulator;
let db: Db;
let closeDb: () => Promise<void>;
let sync: IndexSync;
let receiver: Server;
let deferred: Promise<void>[] = [];
let replies: WebhookReply[] = [];

/** The console side: what app/api/webhooks/workos/route.ts does, with the deferred work awaited. */
function receive(raw: string, signature: string | null, now?: number) {
  return receiveWorkOSWebhook(raw, signature, {
    db,
    workos: t.workos,
    secret: SECRET,
    sync: async () => sync,
    defer: (work) => deferred.push(work()),
    now: now === undefined ? undefined : () => now,
  });
}
async function settle() {
  while (deferred.length) await Promise.all(deferred.splice(0));
}
async function webhooks(body: Record<string, unknown>) {
  return (await t.control('/_emulator/webhooks', { body })).body as Record<string, unknown>;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      void receive(raw, (req.headers['workos-signature'] as string) ?? null).then((reply) => {
        replies.push(reply);
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const port = (receiver.address() as AddressInfo).port;
  t = await startTestEmulator({
    webhooks: {
      url: `http://127.0.0.1:${port}/api/webhooks/workos`,
      secret: SECRET,
      events: ['vault.data.created', 'vault.data.updated', 'vault.data.deleted'],
      retryBaseMs: 50,
      maxAttempts: 6,
    },
  });
  ({ db, close: closeDb } = await testDb('pglite'));
  sync = new IndexSync(db, t.workos, fast);
  await sync.runOnce(); // an empty, ready index
});
afterAll(async () => {
  await closeDb();
  await t.close();
  await new Promise((r) => receiver.close(r));
});
beforeEach(async () => {
  await webhooks({ paused: false, failing: false, clear_queue: true });
  deferred = [];
  replies = [];
});

const org = 'org_01WEBHOOKS000000000000000000';

describe('WorkOS webhooks', () => {
  it('the emulator signs deliveries the SDK accepts; each one indexes its object with no sync pass', async () => {
    const created = await t.workos.vault.createObject({
      name: `wh/created-${Date.now()}`,
      value: 'v',
      context: { organization_id: org },
    });
    await waitFor(() => replies.length > 0);
    await settle();
    expect(replies[0]).toMatchObject({ status: 200, body: { received: true, applied: true } });
    const rows = (await listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 50 })).rows;
    expect(rows.map((r) => r.id)).toContain(created.id);

    await t.workos.vault.deleteObject({ id: created.id });
    await waitFor(() => replies.length > 1);
    await settle();
    const after = (await listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 50 })).rows;
    expect(after.map((r) => r.id)).not.toContain(created.id);
  });

  it('refuses unsigned, forged, replayed and future-dated deliveries, and applies none of them', async () => {
    const body = JSON.stringify({
      id: 'event_01FORGED00000000000000000',
      event: 'vault.data.created',
      data: { kv_name: 'wh/forged', key_id: 'k' },
      created_at: new Date().toISOString(),
    });
    const unsigned = await receive(body, null);
    expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'signature_missing' } } });
    const forged = await receive(body, signWebhook(body, 'not-the-secret-at-all'));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
    const tampered = await receive(
      body.replace('wh/forged', 'wh/other!'),
      signWebhook(body, SECRET),
    );
    expect(tampered.body).toMatchObject({ error: { code: 'signature_invalid' } });
    const old = Date.now() - WEBHOOK_TOLERANCE_MS - 60_000;
    const replayed = await receive(body, signWebhook(body, SECRET, old));
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: 'signature_expired' } } });
    const future = Date.now() + WEBHOOK_TOLERANCE_MS + 60_000;
    const early = await receive(body, signWebhook(body, SECRET, future));
    expect(early.body).toMatchObject({ error: { code: 'signature_timestamp_in_future' } });
    expect(deferred).toHaveLength(0);
    const seen = await db.query('select id from webhook_events where id = $1', [
      'event_01FORGED00000000000000000',
    ]);
    expect(seen.rows).toEqual([]);
    // The same body correctly signed now is accepted: the refusals were for the signature alone.
    const good = await receive(body, signWebhook(body, SECRET));
    expect(good.status).toBe(200);
    await settle();
  });

  it('R3-12: reads the timestamp as the SDK does; NUL and far dates are 400s; no reply names a secret', async () => {
    const body = JSON.stringify({
      id: 'event_01HOSTILE0000000000000000',
      event: 'vault.data.created',
      data: { kv_name: 'wh/hostile', key_id: 'k' },
      created_at: new Date().toISOString(),
    });
    const future = Date.now() + 10 * 365 * 86_400_000;
    const mac = (at: number, raw = body) =>
      createHmac('sha256', SECRET).update(`${at}.${raw}`).digest('hex');
    for (const header of [`x=${future}, v1=${mac(future)}`, `ts=${future}, v1=${mac(future)}`]) {
      const r = await receive(body, header);
      expect(r, header).toMatchObject({
        status: 401,
        body: { error: { code: 'signature_timestamp_in_future' } },
      });
    }
    const garbage = await receive(body, `t=12x, v1=${mac(Date.now())}`);
    expect(garbage).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
    for (const raw of [
      body.replace('wh/hostile', 'wh/\\u0000nul'),
      body.replace(/"created_at":"[^"]+"/, '"created_at":"+275760-09-13T00:00:00.000Z"'),
    ]) {
      const r = await receive(raw, signWebhook(raw, SECRET));
      expect(r, raw).toMatchObject({ status: 400, body: { error: { code: 'payload_invalid' } } });
    }
    const unconfigured = await receiveWorkOSWebhook(body, signWebhook(body, SECRET), {
      db,
      workos: t.workos,
      secret: null,
      sync: async () => sync,
      defer: () => undefined,
    });
    expect(unconfigured.status).toBe(503);
    expect(JSON.stringify(unconfigured.body)).not.toMatch(/WORKOS_WEBHOOK_SECRET|secret/i);
    expect(deferred).toHaveLength(0);
  });

  it('a duplicate is acknowledged and ignored; a stale update never overwrites a newer key id', async () => {
    const name = `wh/order-${Date.now()}`;
    const obj = await t.workos.vault.createObject({
      name,
      value: 'v',
      context: { organization_id: org },
    });
    await waitFor(() => replies.length > 0);
    await settle();
    const event = (id: string, at: Date, keyId: string) =>
      JSON.stringify({
        id,
        event: 'vault.data.updated',
        data: { kv_name: name, key_id: keyId, key_context: { organization_id: org } },
        created_at: at.toISOString(),
      });
    const newer = event('event_01ORDERNEWER0000000000000', new Date(Date.now() + 1000), 'key-new');
    const older = event('event_01ORDEROLDER0000000000000', new Date(Date.now() - 1000), 'key-old');
    expect((await receive(newer, signWebhook(newer, SECRET))).status).toBe(200);
    const again = await receive(newer, signWebhook(newer, SECRET));
    expect(again.body).toMatchObject({ duplicate: true });
    expect((await receive(older, signWebhook(older, SECRET))).status).toBe(200);
    await settle();
    const row = await db.query<{ key_id: string }>(
      'select key_id from vault_objects where id = $1',
      [obj.id],
    );
    expect(row.rows[0]!.key_id).toBe('key-new');
    // A deletion hint for an object that still exists removes nothing: Vault is asked first.
    const hint = JSON.stringify({
      id: 'event_01ORDERDELETE000000000000',
      event: 'vault.data.deleted',
      data: { kv_name: name },
      created_at: new Date().toISOString(),
    });
    expect((await receive(hint, signWebhook(hint, SECRET))).status).toBe(200);
    await settle();
    expect(
      (await db.query('select id from vault_objects where id = $1', [obj.id])).rows,
    ).toHaveLength(1);
  });

  it('emulator: a paused queue delivers on resume; failing deliveries are retried with backoff', async () => {
    await webhooks({ paused: true });
    const before = await totalObjects(db);
    await t.workos.vault.createObject({
      name: `wh/paused-${Date.now()}`,
      value: 'v',
      context: { organization_id: org },
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(replies).toHaveLength(0);
    expect((await webhooks({})).queued).toBe(1);
    await webhooks({ paused: false });
    await waitFor(() => replies.length === 1);
    await settle();
    expect(await totalObjects(db)).toBe(before + 1);

    await webhooks({ failing: true });
    await t.workos.vault.createObject({
      name: `wh/failing-${Date.now()}`,
      value: 'v',
      context: { organization_id: org },
    });
    await waitFor(async () => {
      const s = (await t.control('/_emulator/webhooks')).body as {
        attempts: { outcome: string; at: string }[];
      };
      return s.attempts.filter((a) => a.outcome === 'injected_failure').length >= 3;
    });
    const s = (await t.control('/_emulator/webhooks')).body as {
      attempts: { outcome: string; at: string }[];
    };
    const times = s.attempts
      .filter((a) => a.outcome === 'injected_failure')
      .map((a) => Date.parse(a.at));
    // Backoff: each wait at least as long as the one before (50 ms, 100 ms, …).
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(times[1]! - times[0]! - 20);
    expect(replies).toHaveLength(1);
    await webhooks({ failing: false });
    await waitFor(() => replies.length === 2);
    await settle();
    expect(await totalObjects(db)).toBe(before + 2);
  });
});
