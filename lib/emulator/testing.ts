import { WorkOS } from '@workos-inc/node';
import type { EmulatorConfig } from './config';
import { compiledPglite } from './pglite-open';
import { startEmulator, type RunningEmulator } from './server';

export type TestEmulator = RunningEmulator & {
  workos: WorkOS;
  /** A client for the second environment, to show isolation. */
  otherEnv: WorkOS;
  control: (
    path: string,
    init?: { method?: string; body?: unknown },
  ) => Promise<{ status: number; body: unknown }>;
};

export function sdkClient(
  port: number,
  apiKey = 'sk_test_emulator',
  extra: { maxRetries?: number } = {},
): WorkOS {
  return new WorkOS(apiKey, {
    apiHostname: '127.0.0.1',
    port,
    https: false,
    clientId: 'client_emulator',
    ...extra,
  } as ConstructorParameters<typeof WorkOS>[1]);
}

/** In-memory emulator on a free port, driven through the real @workos-inc/node client. */
export async function startTestEmulator(
  overrides: Partial<EmulatorConfig> = {},
): Promise<TestEmulator> {
  const running = await startEmulator(
    { port: 0, host: '127.0.0.1', dataDir: null, seed: 'none', ...overrides },
    {},
    await compiledPglite(),
  );
  const control = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: controlHeaders(running.emu.config.controlToken),
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    ...running,
    workos: sdkClient(running.port, 'sk_test_emulator', { maxRetries: 0 }),
    otherEnv: sdkClient(running.port, 'sk_test_emulator_other_env', { maxRetries: 0 }),
    control,
  };
}

/**
 * Creates `n` objects through the SDK, 25 requests at a time: the emulator commits concurrent
 * writes together (batch.ts), so a test's seed takes a fraction of one-by-one creates. Returns
 * the ids in index order.
 */
export async function createObjects(
  workos: WorkOS,
  n: number,
  make: (i: number) => { name: string; value: string; context: Record<string, string> },
): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < n; from += 25) {
    const chunk = Array.from({ length: Math.min(25, n - from) }, (_, k) => make(from + k));
    for (const o of await Promise.all(chunk.map((c) => workos.vault.createObject(c))))
      ids.push(o.id);
  }
  return ids;
}

/** Headers every control-API call needs: the per-start token, and JSON. */
function controlHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-emulator-token': token };
}

export async function rawFetch(
  base: string,
  path: string,
  init: RequestInit & { key?: string | null } = {},
) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? 'sk_test_emulator'}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(`${base}${path}`, { ...init, headers });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // left undefined: the assertion on content-type will say what went wrong
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> };
}
