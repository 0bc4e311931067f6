import 'server-only';
import { WorkOS } from '@workos-inc/node';
import { headers } from 'next/headers';
import { getEnv } from '../env';
import { traceTarget, traced } from '../perf/trace';

/**
 * Passes the request's correlation id (set by the proxy) on to WorkOS, so one page view can be
 * traced through the upstream calls it caused. Background work has no request and sends none.
 */
const correlatedFetch: typeof fetch = async (input, init) => {
  let id: string | null = null;
  try {
    id = (await headers()).get('x-correlation-id');
  } catch {
    id = null; // outside a request (index sync)
  }
  if (!id) return fetch(input, init);
  const h = new Headers(init?.headers);
  h.set('X-Correlation-ID', id);
  if (!traceTarget()) return fetch(input, { ...init, headers: h });
  // PERF_TRACE: timed until the body is in (the SDK reads it at once, so that is the call's cost).
  return traced('workos', async () => {
    const res = await fetch(input, { ...init, headers: h });
    const body = [101, 204, 205, 304].includes(res.status) ? null : await res.arrayBuffer();
    return new Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  });
};

type Component = 'console' | 'index-sync' | 'doctor';

const globalClients = globalThis as unknown as { __vaultConsoleWorkOS?: Map<Component, WorkOS> };

/**
 * The console's WorkOS clients, built from the same environment authkit-nextjs reads. Interactive
 * calls do not retry inside the SDK (a 429 could stall a page for Retry-After seconds, and a PUT
 * retried after a lost reply would look like a conflict); the UI offers the retry instead. The
 * background index sync may wait, so it keeps the SDK's retries.
 */
export function getWorkOS(component: Component = 'console'): WorkOS {
  globalClients.__vaultConsoleWorkOS ??= new Map();
  const existing = globalClients.__vaultConsoleWorkOS.get(component);
  if (existing) return existing;
  const env = getEnv();
  const client = new WorkOS(env.workos.apiKey, {
    apiHostname: env.workos.hostname,
    https: env.workos.https,
    port: env.workos.port,
    clientId: env.workos.clientId,
    timeout: env.requestTimeoutMs,
    maxRetries: component === 'index-sync' ? 3 : 0,
    // Lets the emulator's request log attribute calls (tests assert per-page call budgets).
    config: { headers: { 'X-Client-Component': component } },
    fetchFn: correlatedFetch,
  } as ConstructorParameters<typeof WorkOS>[1]);
  globalClients.__vaultConsoleWorkOS.set(component, client);
  return client;
}
