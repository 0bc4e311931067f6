import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncByokEvents } from '../byok/sync';
import type { Db } from '../db/client';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { webhookSettingsFromEnv } from '../emulator/webhooks';
import { receiveWorkOSWebhook } from '../index/webhooks';
import { testDb } from '../testing/backends';
import { syncActivityEvents } from './sync';
import { waitFor } from '../testing/wait';

// F3-04 / F3-08: vault.* webhooks only when asked; a webhook envelope carries its own wh_ id, and
// one change delivered by a webhook and again by the Events API gives one row.
const SECRET = 'whsec_dedupe_0123456789abcdef';
const ORG = 'org_01DEDUPE0000000000000000000';
let t: TestEmulator;
let db: Db;
let close: () => Promise<void>;
let receiver: Server;
const bodies: { raw: string; signature: string }[] = [];
const call = <T>(fn: () => Promise<T>) => fn();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ raw, signature: String(req.headers['workos-signature']) });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const port = (receiver.address() as AddressInfo).port;
  t = await startTestEmulator({
    webhooks: {
      ...webhookSettingsFromEnv({ EMULATOR_WEBHOOK_VAULT_EVENTS: '1' }),
      url: `http://127.0.0.1:${port}/hook`,
      secret: SECRET,
      retryBaseMs: 50,
    },
  });
  ({ db, close } = await testDb('pglite'));
});
afterAll(async () => {
  await close();
  await t.close();
  await new Promise((r) => receiver.close(r));
});

const receive = (b: { raw: string; signature: string }) =>
  receiveWorkOSWebhook(b.raw, b.signature, {
    db,
    workos: t.workos,
    secret: SECRET,
    sync: () => Promise.reject(new Error('no index in this test')),
    defer: () => undefined,
  });

describe('webhooks and the Events API deliver the same change once', () => {
  it('the emulator sends vault.* webhooks only with EMULATOR_WEBHOOK_VAULT_EVENTS=1', () => {
    expect(webhookSettingsFromEnv({}).events).toEqual([]);
    expect(webhookSettingsFromEnv({ EMULATOR_WEBHOOK_VAULT_EVENTS: '1' }).events).toContain(
      'vault.data.created',
    );
  });

  it('a created object: the wh_ envelope and the event_ id give one activity row', async () => {
    const name = `dedupe/${Date.now()}`;
    await t.workos.vault.createObject({ name, value: 'v', context: { organization_id: ORG } });
    await waitFor(() => bodies.some((b) => b.raw.includes(name)));
    const hook = bodies.find((b) => b.raw.includes(name))!;
    const envelope = JSON.parse(hook.raw) as { id: string; event: string };
    expect(envelope.id).toMatch(/^wh_/);
    expect(envelope.event).toBe('vault.data.created');

    expect((await receive(hook)).status).toBe(200);
    await syncActivityEvents(db, t.workos, call, 400);
    await syncActivityEvents(db, t.workos, call, 400);
    const rows = (
      await db.query<{ id: string; org_id: string | null }>(
        "select id, org_id from vault_activity where kv_name = $1 and event = 'vault.data.created'",
        [name],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    // F3-12: the organization comes from the data's key_context, where the spec puts it.
    expect(rows[0]!.org_id).toBe(ORG);
    // The Events API's id is another one than the envelope's.
    const listed = (
      await t.workos.get('/events', {
        query: { events: 'vault.data.created', limit: 100, order: 'desc' },
      })
    ).data as { data: { id: string; data: { kv_name: string } }[] };
    expect(listed.data.find((e) => e.data.kv_name === name)!.id).not.toBe(envelope.id);
  });

  it('a BYOK event: one history row from both paths', async () => {
    const org = (await t.workos.organizations.createOrganization({ name: `Dedupe ${Date.now()}` }))
      .id;
    await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'verified' } });
    await waitFor(() => bodies.some((b) => b.raw.includes(org) && b.raw.includes('byok_key')));
    await syncByokEvents(db, t.workos, call);
    await receive(bodies.find((b) => b.raw.includes(org) && b.raw.includes('byok_key'))!);
    const rows = (await db.query('select id from byok_events where org_id = $1', [org])).rows;
    expect(rows).toHaveLength(1);
  });
});
