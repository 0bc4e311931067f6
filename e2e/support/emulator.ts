/** Talks to the e2e emulator directly: its Vault API (as a WorkOS customer would) and its control API. */
import { EMULATOR_URL } from './ports';

export { EMULATOR_URL };
const KEY = 'sk_test_emulator';

/**
 * The emulator's per-start control token. playwright.config.ts makes one per run and hands it to
 * the launcher (EMULATOR_CONTROL_TOKEN), which passes it to the emulator; workers inherit it.
 */
function controlToken(): string {
  const token = process.env.EMULATOR_CONTROL_TOKEN;
  if (!token) throw new Error('EMULATOR_CONTROL_TOKEN is not set (playwright.config.ts sets it)');
  return token;
}

/**
 * THE way a test calls the emulator's control API (/_emulator/*), on the e2e emulator or another
 * one (`base`): with the control token and as JSON, which the emulator requires.
 */
export function controlFetch(
  path: string,
  init: { method?: string; body?: unknown; base?: string } = {},
): Promise<Response> {
  return fetch(`${init.base ?? EMULATOR_URL}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', 'x-emulator-token': controlToken() },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export type Meta = { id: string; version_id: string; key_id: string };

/** A client for the emulator at `base`; `emulator` below is the e2e suite's own. */
export function emulatorClient(base: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = path.startsWith('/_emulator')
      ? await controlFetch(path, { method, body, base })
      : await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  return {
    /** Any GET on the emulator's API, for what has no helper here. */
    get: <T>(path: string) => call<T>('GET', path),
    createObject: (name: string, value: string, context: Record<string, string>) =>
      call<Meta>('POST', '/vault/v1/kv', { name, value, key_context: context }),
    updateObject: (id: string, value: string, versionCheck?: string) =>
      call<{ metadata: Meta }>('PUT', `/vault/v1/kv/${encodeURIComponent(id)}`, {
        value,
        version_check: versionCheck ?? null,
      }),
    deleteObject: (id: string) => call('DELETE', `/vault/v1/kv/${encodeURIComponent(id)}`),
    describe: (id: string) =>
      call<{
        name: string;
        metadata: Meta & { context: Record<string, string>; updated_at: string };
      }>('GET', `/vault/v1/kv/${encodeURIComponent(id)}/metadata`),
    read: (id: string) =>
      call<{ value: string; metadata: Meta }>('GET', `/vault/v1/kv/${encodeURIComponent(id)}`),
    findByName: async (name: string) =>
      (
        await call<{ data: { id: string; name: string }[] }>(
          'GET',
          `/vault/v1/kv?search=${encodeURIComponent(name)}&limit=100`,
        )
      ).data.find((o) => o.name === name) ?? null,
    createOrg: (name: string) =>
      call<{ id: string; name: string }>('POST', '/organizations', { name }),
    orgByName: async (name: string) =>
      (
        await call<{ data: { id: string; name: string }[] }>(
          'GET',
          `/organizations?limit=100&search=${encodeURIComponent(name)}`,
        )
      ).data[0]!,
    setByok: (orgId: string, state: 'verified' | 'failed' | 'deleted', provider?: string) =>
      call('PUT', `/_emulator/byok/${orgId}`, { state, ...(provider ? { provider } : {}) }),
    addFault: (fault: {
      path: string;
      method?: string;
      count?: number;
      status?: number;
      retryAfterSeconds?: number;
      delayMs?: number;
      drop?: 'request' | 'response';
      correlation?: string;
    }) => call<{ id: number }>('POST', '/_emulator/faults', fault),
    /**
     * Removes faults: pass this test's own (fault ids, or the correlation id its faults carry) so
     * a test running beside it in the other worker keeps its faults. No argument removes all.
     */
    clearFaults: (only?: { ids?: number[]; correlation?: string }) => {
      const q = new URLSearchParams();
      for (const id of only?.ids ?? []) q.append('id', String(id));
      if (only?.correlation) q.set('correlation', only.correlation);
      return call('DELETE', `/_emulator/faults${q.size ? `?${q}` : ''}`);
    },
    /** Faults not yet taken: all, or those carrying one correlation id. */
    pendingFaults: async (correlation?: string) =>
      (
        await call<{ data: { id: number; correlation?: string }[] }>(
          'GET',
          `/_emulator/faults${correlation ? `?correlation=${encodeURIComponent(correlation)}` : ''}`,
        )
      ).data,
    backdateNextLogin: (email: string, seconds: number) =>
      call('POST', '/_emulator/logins/backdate', { email, seconds }),
    lastRequestSeq: async () =>
      (await call<{ last_seq: number }>('GET', '/_emulator/requests?path_prefix=/__none__'))
        .last_seq,
    requestsSince: async (seq: number, component = 'console') =>
      (
        await call<{
          data: { method: string; path: string; status: number; component: string | null }[];
        }>('GET', `/_emulator/requests?since=${seq}&component=${component}`)
      ).data,
    /** WorkOS calls the console made while serving requests that carried this X-Correlation-ID. */
    requestsFor: async (correlation: string) =>
      (
        await call<{
          data: { method: string; path: string; status: number; component: string | null }[];
        }>('GET', `/_emulator/requests?correlation=${encodeURIComponent(correlation)}`)
      ).data,
    auditLogs: (orgId: string) =>
      call<{
        data: {
          action: string;
          metadata: Record<string, unknown> | null;
          targets: { id: string }[];
        }[];
      }>('GET', `/_emulator/audit-logs?organization_id=${orgId}`),
  };
}

export const emulator = emulatorClient(EMULATOR_URL);

export function uniqueName(prefix: string): string {
  return `e2e/${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
