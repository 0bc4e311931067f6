import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleSession } from '../scripts/lib/console-session';
import { startConsole, waitUp, type ConsoleProcess } from './support/console-process';
import { expect, test } from './support/fixtures';
import { PORTS, urlFor } from './support/ports';
import { sessionAction } from './support/actions';
import { controlFetch, emulatorClient } from './support/emulator';

// Deploying outside `npm run dev`: a console with INDEX_SYNC_MODE=external (no loop; webhooks and
// a cron keep it fresh), then restarts with the loop on. An emulator of its own, so pausing or
// failing its webhook delivery touches nobody else's test.
const PORT = PORTS.deploy;
const BASE = urlFor(PORT);
const EMU = urlFor(PORTS.deployEmulator);
const CRON_SECRET = 'e2e-cron-secret-0123456789';
const WEBHOOK_SECRET = 'whsec_e2e_deploy_0123456789abcdef';
const ORG = 'org_01KF0E44M0KH2ZF4E7W9Z0N8V6'; // any id: objects only need it in their context

test.describe.configure({ mode: 'serial' });

let emulatorProcess: ChildProcess;
let consoleProcess: ConsoleProcess | null = null;
let dataDir: string;
let session: ConsoleSession;

function sign(body: string, at = Date.now(), secret = WEBHOOK_SECRET): string {
  return `t=${at}, v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

async function emu<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = p.startsWith('/_emulator/')
    ? await controlFetch(p, { method, body, base: EMU })
    : await fetch(`${EMU}${p}`, {
        method,
        headers: { authorization: 'Bearer sk_test_emulator', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
const webhooks = (body: Record<string, unknown>) => emu('POST', '/_emulator/webhooks', body);
/** The emulator's recent webhook delivery attempts (GET /_emulator/webhooks). */
const deliveryAttempts = async () =>
  (
    await emu<{ attempts: { event_id: string; attempt: number; outcome: string }[] }>(
      'GET',
      '/_emulator/webhooks',
    )
  ).attempts;
const create = (name: string) =>
  emu<{ id: string }>('POST', '/vault/v1/kv', {
    name,
    value: 'deploy-value',
    key_context: { organization_id: ORG },
  });

async function visible(name: string): Promise<boolean> {
  const res = await session.fetch(`/api/orgs/${ORG}/objects?q=${encodeURIComponent(name)}`);
  return (await res.text()).includes(`"${name}"`);
}
async function status(): Promise<{ lastSyncAt: string | null; build: { status: string } }> {
  return (await session.fetch('/api/index/status')).json();
}
const cron = (authorization?: string) =>
  fetch(`${BASE}/api/cron/index-sync`, {
    headers: authorization ? { authorization } : {},
  });

async function startDeployConsole(env: Record<string, string>) {
  consoleProcess = await startConsole(PORT, {
    EMULATOR_PORT: String(PORTS.deployEmulator),
    CONSOLE_DATA_DIR: dataDir,
    CRON_SECRET,
    WORKOS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    INDEX_SYNC_INTERVAL_SECONDS: '2',
    ...env,
  });
  await waitUp(`${BASE}/api/health`, consoleProcess);
  session = new ConsoleSession(BASE);
  await session.signIn('admin@example.com');
}

/** kill -TERM, as a deploy or Ctrl-C would; resolves when the console has exited. */
async function stopDeployConsole() {
  const running = consoleProcess;
  if (!running || running.exited()) return;
  await running.stop();
  consoleProcess = null;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(tmpdir(), 'vault-console-deploy-'));
  // Started on its own (not by the launcher) so it outlives console restarts.
  emulatorProcess = spawn(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], {
    env: {
      ...process.env,
      EMULATOR_PORT: String(PORTS.deployEmulator),
      EMULATOR_DATA_DIR: ':memory:',
      EMULATOR_SEED: 'demo',
      EMULATOR_ACCESS_TOKEN_TTL: '3600',
      EMULATOR_WEBHOOK_RETRY_BASE_MS: '200',
      // The spec lists no vault.* webhook event; this spec models a WorkOS that sends them.
      EMULATOR_WEBHOOK_VAULT_EVENTS: '1',
      PORT: String(PORT),
    },
    stdio: 'ignore',
  });
  await waitUp(`${EMU}/_emulator/health`, emulatorProcess);
  await startDeployConsole({ INDEX_SYNC_MODE: 'external' });
  try {
    // No loop: the cron builds the index, one bounded pass per call.
    for (let i = 0; i < 30 && (await status()).build.status !== 'ready'; i++) {
      const res = await cron(`Bearer ${CRON_SECRET}`);
      expect(res.status).toBe(200);
    }
    expect((await status()).build.status).toBe('ready');
  } catch (err) {
    // Say why the console stopped answering, if it did.
    throw new Error(`${String(err)}\nconsole output:\n${consoleProcess?.output() ?? ''}`, {
      cause: err,
    });
  }
});

test.afterAll(async () => {
  await stopDeployConsole();
  emulatorProcess?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

test('the cron endpoint refuses a missing or wrong secret, and runs one pass with the right one', async () => {
  for (const header of [
    undefined,
    'Bearer wrong-secret-0123456789',
    `Bearer ${CRON_SECRET}x`,
    `bearer${CRON_SECRET}`,
    CRON_SECRET,
    `Basic ${CRON_SECRET}`,
  ]) {
    const res = await cron(header);
    expect(res.status, String(header)).toBe(401);
    expect(await res.text()).not.toContain(CRON_SECRET);
  }
  const ok = await cron(`Bearer ${CRON_SECRET}`);
  expect(ok.status).toBe(200);
  const summary = (await ok.json()) as { ran: boolean; build: string; workosCalls: number };
  expect(summary).toMatchObject({ ran: true, build: 'ready' });
  expect(summary.workosCalls).toBeGreaterThan(0);
});

test('webhooks alone keep the index fresh when the sync loop is off', async () => {
  const before = (await status()).lastSyncAt;
  const name = `deploy/webhook-${Date.now()}`;
  const obj = await create(name);
  await expect.poll(() => visible(name), { timeout: 5_000, intervals: [100] }).toBe(true);
  await emu('DELETE', `/vault/v1/kv/${obj.id}`);
  await expect.poll(() => visible(name), { timeout: 5_000, intervals: [100] }).toBe(false);
  // No sync pass ran meanwhile: the webhooks did it.
  expect((await status()).lastSyncAt).toBe(before);
});

test('forged, unsigned and replayed webhooks are refused; the same event signed now is accepted', async () => {
  const body = JSON.stringify({
    id: `event_01DEPLOYFORGE${Date.now()}`,
    event: 'vault.data.created',
    data: { kv_name: 'deploy/forged', key_id: 'k', key_context: { organization_id: ORG } },
    created_at: new Date().toISOString(),
  });
  const post = (signature?: string) =>
    fetch(`${BASE}/api/webhooks/workos`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'WorkOS-Signature': signature } : {}),
      },
      body,
    });
  const unsigned = await post();
  expect(unsigned.status).toBe(401);
  expect(await unsigned.json()).toMatchObject({ error: { code: 'signature_missing' } });
  const forged = await post(sign(body, Date.now(), 'whsec_someone_else_0123456789'));
  expect(forged.status).toBe(401);
  expect(await forged.json()).toMatchObject({ error: { code: 'signature_invalid' } });
  const replayed = await post(sign(body, Date.now() - 10 * 60_000));
  expect(replayed.status).toBe(401);
  expect(await replayed.json()).toMatchObject({ error: { code: 'signature_expired' } });
  const good = await post(sign(body));
  expect(good.status).toBe(200);
  const again = await post(sign(body));
  expect(await again.json()).toMatchObject({ duplicate: true });
});

test('with webhook delivery failing, the cron catches up', async () => {
  await webhooks({ failing: true });
  try {
    const name = `deploy/failing-${Date.now()}`;
    const known = new Set((await deliveryAttempts()).map((a) => a.event_id));
    await create(name);
    // The emulator tries to deliver the new event and fails, again and again: the fifth try comes
    // 3 s after the first (retries back off from 200 ms), longer than the 2 s interval a loop
    // would use. Not one webhook got through, and no loop picked the object up meanwhile.
    await expect
      .poll(
        async () =>
          (await deliveryAttempts()).some(
            (a) => !known.has(a.event_id) && a.outcome === 'injected_failure' && a.attempt >= 5,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await visible(name)).toBe(false);
    const res = await cron(`Bearer ${CRON_SECRET}`);
    expect(res.status).toBe(200);
    expect(await visible(name)).toBe(true);
  } finally {
    await webhooks({ failing: false, clear_queue: true });
  }
});

test('after kill -TERM a restarted console syncs at once (the lease was handed back)', async () => {
  test.setTimeout(150_000);
  await webhooks({ paused: true, clear_queue: true }); // freshness from the loop alone
  try {
    await stopDeployConsole();
    // The loop on: this console takes the sync lease and holds it while it runs.
    await startDeployConsole({});
    await expect
      .poll(async () => (await status()).lastSyncAt !== null, { timeout: 20_000 })
      .toBe(true);
    await stopDeployConsole();
    const restarted = Date.now();
    await startDeployConsole({});
    const name = `deploy/restart-${Date.now()}`;
    await create(name);
    // One interval (2 s) plus 5 s; a lease left behind would block syncing for 60 s.
    await expect.poll(() => visible(name), { timeout: 7_000, intervals: [200] }).toBe(true);
    console.log(`restart → create visible in ${Date.now() - restarted} ms (incl. start-up)`);
  } finally {
    await webhooks({ paused: false, clear_queue: true });
  }
});

test('a reveal’s Audit Logs event survives kill -KILL before it was sent, and reaches WorkOS once', async () => {
  test.setTimeout(150_000);
  const emulator = emulatorClient(EMU);
  const org = await emulator.orgByName('Contoso');
  const obj = await emu<{ id: string }>('POST', '/vault/v1/kv', {
    name: `deploy/outbox-${Date.now()}`,
    value: 'outbox-value',
    key_context: { organization_id: org.id },
  });
  const events = async () =>
    (await emulator.auditLogs(org.id)).data.filter(
      (e) => e.action === 'vault.object.revealed' && e.targets.some((t) => t.id === obj.id),
    ).length;
  // WorkOS Audit Logs is down: the event stays in the outbox after the reveal answers.
  const outage = await emulator.addFault({
    path: '/audit_logs/events',
    method: 'POST',
    status: 503,
    count: 1000,
  });
  try {
    const seq = await emulator.lastRequestSeq();
    const reply = await sessionAction(session, `/objects/${obj.id}`, 'revealObjectValue', {
      objectId: obj.id,
      purpose: 'reveal',
    });
    expect(reply.text).toContain('"ok":true');
    // The console tried (from after()) and failed, so the event is queued, not sent.
    await expect
      .poll(async () =>
        (await emulator.requestsSince(seq)).some(
          (r) => r.method === 'POST' && r.path === '/audit_logs/events' && r.status === 503,
        ),
      )
      .toBe(true);
    expect(await events()).toBe(0);
    await consoleProcess!.crash();
    consoleProcess = null;
  } finally {
    await emulator.clearFaults({ ids: [outage.id] });
  }
  // A 1 s outbox interval (5 s by default), so the wait below spans two more passes quickly.
  await startDeployConsole({ INDEX_SYNC_MODE: 'external', AUDIT_OUTBOX_INTERVAL_MS: '1000' });
  // The restarted console sends what its predecessor queued: once, and only once. The kill can
  // land while the old console held the row for a send (a 30 s claim, so two consoles never send
  // one event at once); then the new one waits out that claim before it sends.
  await expect.poll(events, { timeout: 50_000, intervals: [200] }).toBe(1);
  // Later passes do not send it again. Made visible without a fixed wait: a second reveal whose
  // first send fails is queued, and a later pass sends it; by then that pass (and every one
  // before it) has had the first event to send again, and did not.
  await emulator.addFault({ path: '/audit_logs/events', method: 'POST', status: 503, count: 1 });
  const seq2 = await emulator.lastRequestSeq();
  const second = await sessionAction(session, `/objects/${obj.id}`, 'revealObjectValue', {
    objectId: obj.id,
    purpose: 'copy',
  });
  expect(second.text).toContain('"ok":true');
  await expect
    .poll(async () =>
      (await emulator.requestsSince(seq2)).some(
        (r) => r.method === 'POST' && r.path === '/audit_logs/events' && r.status === 503,
      ),
    )
    .toBe(true);
  const copied = async () =>
    (await emulator.auditLogs(org.id)).data.filter(
      (e) => e.action === 'vault.object.copied' && e.targets.some((t) => t.id === obj.id),
    ).length;
  await expect.poll(copied, { timeout: 30_000, intervals: [200] }).toBe(1);
  expect(await events()).toBe(1);
});
