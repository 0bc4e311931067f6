import 'server-only';
import { headers } from 'next/headers';
import type { ObjectMetadata } from './objects';

/**
 * A save re-renders the object page in its reply. The page would describe the object again, yet
 * the write's own reply (`PUT /vault/v1/kv/:id`) is the same metadata, just returned. The save
 * leaves it here, and the same request's re-render takes it instead of calling describe (whose
 * other job, refreshing the index row, the save has already done).
 *
 * Keyed by the request's correlation id (the proxy sets it; the action and its re-render share
 * it), the person and the object; taken once; kept at most a few seconds. Metadata only (ids,
 * name, context, times): never a value. A request that does not find an entry describes as
 * before. Per process, on globalThis because Next bundles this module more than once.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

type Entry = { meta: ObjectMetadata; until: number };
const shared = globalThis as unknown as { __vaultConsoleJustWritten?: Map<string, Entry> };
const entries = (shared.__vaultConsoleJustWritten ??= new Map<string, Entry>());

async function keyFor(userId: string, objectId: string): Promise<string | null> {
  let id: string | null;
  try {
    id = (await headers()).get('x-correlation-id');
  } catch {
    return null; // outside a request: nothing to hand on
  }
  return id ? `${id}\n${userId}\n${objectId}` : null;
}

/** After a successful write: what WorkOS answered, for this request's re-render. */
export async function rememberWritten(userId: string, meta: ObjectMetadata): Promise<void> {
  if (!meta.versionId) return; // an incomplete reply: let the page describe
  const key = await keyFor(userId, meta.id);
  if (!key) return;
  const now = Date.now();
  for (const [k, e] of entries) if (e.until <= now) entries.delete(k);
  entries.set(key, { meta, until: now + TTL_MS });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/** The metadata this request's own write just got back, once; else null. */
export async function takeWritten(
  userId: string,
  objectId: string,
): Promise<ObjectMetadata | null> {
  const key = await keyFor(userId, objectId);
  if (!key) return null;
  const hit = entries.get(key);
  if (!hit) return null;
  entries.delete(key);
  return hit.until > Date.now() ? hit.meta : null;
}
