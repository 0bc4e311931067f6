import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { storeByokEvent, type RawEvent } from '../byok/sync';
import type { IndexSync } from './sync';
import { ACTIVITY_EVENTS, storeActivityEvent } from '../activity/store';

/** The SDK's default: a signature older than this is a replay. We refuse as far in the future too. */
export const WEBHOOK_TOLERANCE_MS = 180_000;

const DATA_EVENTS = new Set(['vault.data.created', 'vault.data.updated', 'vault.data.deleted']);
const BYOK_EVENTS = new Set(['vault.byok_key.verification_completed', 'vault.byok_key.deleted']);
const ACTIVITY = new Set<string>(ACTIVITY_EVENTS);

export type WebhookReply = {
  status: number;
  body: Record<string, unknown>;
};

type Deps = {
  db: Db;
  workos: WorkOS;
  secret: string | null;
  sync: () => Promise<IndexSync>;
  /** Runs work after the reply has gone (next/server `after` in the route; awaited in tests). */
  defer: (work: () => Promise<void>) => void;
  now?: () => number;
};

const refuse = (status: number, code: string, message: string): WebhookReply => ({
  status,
  body: { error: { code, message } },
});

type Payload = {
  id: string;
  event: string;
  created_at: string;
  data: Record<string, unknown>;
};

/**
 * What the console database can store (R3-12): no NUL anywhere (JSON spells it \u0000) and a
 * created_at PostgreSQL can hold. A signed event that breaks either is a 400, never a 500.
 */
function storablePayload(raw: string, p: Payload): boolean {
  if (/\\u0000/i.test(raw)) return false;
  const y = new Date(p.created_at).getUTCFullYear();
  return y >= 1970 && y <= 9999;
}

function parsePayload(raw: string): Payload | null {
  try {
    const p = JSON.parse(raw) as Partial<Payload>;
    if (
      typeof p.id === 'string' &&
      typeof p.event === 'string' &&
      typeof p.created_at === 'string' &&
      !Number.isNaN(Date.parse(p.created_at)) &&
      p.data &&
      typeof p.data === 'object'
    )
      return p as Payload;
  } catch {
    // falls through: not JSON
  }
  return null;
}

/**
 * One WorkOS webhook delivery. Verified with the SDK (`WorkOS-Signature: t=<ms>, v1=<hmac>`),
 * recorded once by event id (a repeat is acknowledged and ignored), then applied:
 * - BYOK events go straight into the BYOK history (folded by event time, so order is harmless);
 * - vault.data.* events are hints checked against the Vault API after the reply (list what changed
 *   since the event, describe unknown ids; describe a deleted name's ids). Nothing is taken from
 *   the payload on trust, so a late, repeated or out-of-order delivery cannot regress the index.
 */
export async function receiveWorkOSWebhook(
  raw: string,
  signature: string | null,
  deps: Deps,
): Promise<WebhookReply> {
  const now = deps.now?.() ?? Date.now();
  if (!deps.secret)
    return refuse(503, 'webhooks_not_configured', 'This console does not accept webhooks.');
  if (!signature)
    return refuse(
      401,
      'signature_missing',
      'Send the WorkOS-Signature header ("t=<milliseconds>, v1=<HMAC-SHA256>").',
    );
  // The timestamp as the SDK reads it (whatever follows the first '=' of the first comma part),
  // so no spelling of the header ("x=…", "ts=…") can skip the future check (R3-12).
  let t: string | undefined;
  try {
    [t] = deps.workos.webhooks.getTimestampAndSignatureHash(signature);
  } catch {
    t = undefined;
  }
  if (t === undefined || !/^\d{1,16}$/.test(t))
    return refuse(
      401,
      'signature_invalid',
      'The WorkOS-Signature header must start with a timestamp in milliseconds ("t=<milliseconds>, v1=<HMAC-SHA256>").',
    );
  if (Number(t) > now + WEBHOOK_TOLERANCE_MS)
    return refuse(
      401,
      'signature_timestamp_in_future',
      'The WorkOS-Signature timestamp is more than 3 minutes in the future.',
    );
  try {
    await deps.workos.webhooks.constructEvent({
      payload: raw,
      sigHeader: signature,
      secret: deps.secret,
      tolerance: WEBHOOK_TOLERANCE_MS,
    });
  } catch (err) {
    // By name: a bundle may hold two copies of the SDK's class (its ESM and CJS builds).
    if (err instanceof Error && err.name === 'SignatureVerificationException') {
      const stale = /tolerance/i.test(err.message);
      return refuse(
        401,
        stale ? 'signature_expired' : 'signature_invalid',
        stale
          ? 'The WorkOS-Signature timestamp is more than 3 minutes old: a replay, or a clock far off.'
          : 'The WorkOS-Signature header does not match this payload and WORKOS_WEBHOOK_SECRET.',
      );
    }
    // Signed correctly but not JSON the SDK can read.
    return refuse(400, 'payload_invalid', 'The webhook body is not a WorkOS event.');
  }
  const event = parsePayload(raw);
  if (!event || !storablePayload(raw, event))
    return refuse(
      400,
      'payload_invalid',
      'The webhook body must be a WorkOS event: id, event, created_at (1970–9999) and data, with no NUL characters.',
    );

  const relevant =
    DATA_EVENTS.has(event.event) || BYOK_EVENTS.has(event.event) || ACTIVITY.has(event.event);
  if (!relevant) return { status: 200, body: { received: true, applied: false } };

  const kvName = typeof event.data.kv_name === 'string' ? event.data.kv_name : null;
  const fresh = await deps.db.query(
    `insert into webhook_events (id, event, kv_name, occurred_at) values ($1, $2, $3, $4)
     on conflict (id) do nothing returning id`,
    [event.id, event.event, kvName, new Date(event.created_at)],
  );
  if (fresh.rows.length === 0) return { status: 200, body: { received: true, duplicate: true } };

  if (BYOK_EVENTS.has(event.event)) {
    await storeByokEvent(deps.db, event as unknown as RawEvent);
    return { status: 200, body: { received: true, applied: true } };
  }
  // The console's activity copy: the same row the Events API poll stores (deduplicated by id).
  if (ACTIVITY.has(event.event)) await storeActivityEvent(deps.db, event);
  if (!DATA_EVENTS.has(event.event))
    return { status: 200, body: { received: true, applied: true } };
  if (!kvName) return { status: 200, body: { received: true, applied: false } };
  const occurred = new Date(event.created_at);
  const keyId = typeof event.data.key_id === 'string' ? event.data.key_id : null;
  if (keyId && event.event !== 'vault.data.deleted') {
    // Only if no later create/update of this name has been applied: order is by event time.
    await deps.db.query(
      `update vault_objects set key_id = $2 where name = $1 and not exists (
         select 1 from webhook_events w where w.kv_name = $1 and w.event <> 'vault.data.deleted' and w.occurred_at > $3)`,
      [kvName, keyId, occurred],
    );
  }
  deps.defer(async () => {
    const sync = await deps.sync();
    if (event.event === 'vault.data.deleted') await sync.removeIfGone(kvName);
    else await catchUp(sync, occurred);
  });
  return { status: 200, body: { received: true, applied: true } };
}

/**
 * Many creates in a burst each send a webhook; one list call covers them all. Requests that come
 * while a catch-up runs only move the start of the next round back; the loop runs until none wait.
 */
const pending = globalThis as unknown as {
  __vaultConsoleWebhookCatchUp?: { running: Promise<void> | null; since: Date | null };
};

function catchUp(sync: IndexSync, since: Date): Promise<void> {
  const state = (pending.__vaultConsoleWebhookCatchUp ??= { running: null, since: null });
  if (!state.since || since < state.since) state.since = since;
  state.running ??= (async () => {
    while (state.since) {
      const from = state.since;
      state.since = null;
      await sync.absorbRecent(from);
    }
  })().finally(() => {
    state.running = null;
  });
  return state.running;
}
