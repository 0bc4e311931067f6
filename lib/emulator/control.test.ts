import { RateLimitExceededException } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, sdkClient, startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.close();
});

type LogEntry = {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  component: string | null;
  fault: string | null;
};

describe('control API', () => {
  it('reports health', async () => {
    const health = await t.control('/_emulator/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', storage: 'memory' });
  });

  it('logs method, path, status and duration, never bodies, values or query strings', async () => {
    const secret = `log-canary-${Date.now()}`;
    await t.workos.vault.createObject({
      name: 'log/one',
      value: secret,
      context: { organization_id: 'org_log' },
    });
    await rawFetch(t.url, `/vault/v1/kv?search=${secret}`, {
      headers: { 'x-client-component': 'index-sync' },
    });
    const log = await t.control('/_emulator/requests');
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(secret);
    const entries = (log.body as { data: LogEntry[] }).data;
    expect(
      entries.some(
        (e) =>
          e.method === 'POST' && e.path === '/vault/v1/kv' && e.status === 201 && e.durationMs >= 0,
      ),
    ).toBe(true);
    expect(entries.find((e) => e.component === 'index-sync')?.path).toBe('/vault/v1/kv');
  });

  it('lists and clears one test’s faults by correlation id or fault id, leaving the others', async () => {
    const add = async (body: Record<string, unknown>) =>
      (await t.control('/_emulator/faults', { body })).body as { id: number };
    const mine = await add({ path: '/vault/v1/kv', status: 500, correlation: 'mine', count: 3 });
    const theirs = await add({ path: '/vault/v1/kv', status: 503, correlation: 'theirs' });
    const global = await add({ path: '/organizations', status: 500 });
    const ids = async (q = '') =>
      ((await t.control(`/_emulator/faults${q}`)).body as { data: { id: number }[] }).data.map(
        (f) => f.id,
      );
    expect(await ids('?correlation=mine')).toEqual([mine.id]);
    expect(
      await t.control('/_emulator/faults?correlation=mine', { method: 'DELETE' }),
    ).toMatchObject({ body: { removed: 1 } });
    expect(await ids()).toEqual([theirs.id, global.id]);
    await t.control(`/_emulator/faults?id=${global.id}`, { method: 'DELETE' });
    expect(await ids()).toEqual([theirs.id]);
    await t.control('/_emulator/faults', { method: 'DELETE' });
    expect(await ids()).toEqual([]);
  });

  it('injects 429 with Retry-After, 500, and delays for the next N matching requests', async () => {
    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', method: 'GET', status: 429, retryAfterSeconds: 7, count: 1 },
    });
    const limited = await rawFetch(t.url, '/vault/v1/kv');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('content-type')).toMatch(/json/);
    expect((await rawFetch(t.url, '/vault/v1/kv')).status).toBe(200);

    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', status: 429, retryAfterSeconds: 3, count: 1 },
    });
    const err = await t.workos.vault.listObjects().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitExceededException);
    expect((err as RateLimitExceededException).retryAfter).toBe(3);

    await t.control('/_emulator/faults', { body: { path: '/vault/v1/kv', status: 500, count: 2 } });
    expect((await rawFetch(t.url, '/vault/v1/kv')).status).toBe(500);
    expect((await rawFetch(t.url, '/vault/v1/kv')).status).toBe(500);
    expect((await rawFetch(t.url, '/vault/v1/kv')).status).toBe(200);

    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', delayMs: 300, count: 1 },
    });
    const started = performance.now();
    expect((await rawFetch(t.url, '/vault/v1/kv')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    // A fault scoped to one correlation id leaves everybody else alone.
    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', status: 500, correlation: 'mine', count: 1 },
    });
    expect(
      (await rawFetch(t.url, '/vault/v1/kv', { headers: { 'x-correlation-id': 'theirs' } })).status,
    ).toBe(200);
    expect(
      (await rawFetch(t.url, '/vault/v1/kv', { headers: { 'x-correlation-id': 'mine' } })).status,
    ).toBe(500);

    const bad = await t.control('/_emulator/faults', { body: { path: '/vault' } });
    expect(bad.status).toBe(422);
  });

  it('lets the SDK ride out a 500 with its own retries', async () => {
    const retrying = sdkClient(t.port, 'sk_test_emulator', { maxRetries: 2 });
    await t.control('/_emulator/faults', {
      body: { path: '/vault/v1/kv', method: 'GET', status: 500, count: 1 },
    });
    await expect(retrying.vault.listObjects()).resolves.toBeTruthy();
  });

  it('resets to an empty store, or to the demo seed', async () => {
    await t.workos.vault.createObject({
      name: 'reset/me',
      value: 'x',
      context: { organization_id: 'org_reset' },
    });
    const reset = await t.control('/_emulator/reset', { body: { seed: 'none' } });
    expect(reset.status).toBe(200);
    expect((await t.workos.vault.listObjects()).data).toHaveLength(0);
    await t.control('/_emulator/reset', { body: { seed: 'demo' } });
    const all = await (await t.workos.vault.listObjects()).autoPagination();
    expect(all.length).toBe(84); // 80 + the two BYOK organizations whose events are past 30 days (F3-02)
  });
});
