import 'server-only';
import { WorkOS } from '@workos-inc/node';
import { getEnv } from '../env';

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
  } as ConstructorParameters<typeof WorkOS>[1]);
  globalClients.__vaultConsoleWorkOS.set(component, client);
  return client;
}
