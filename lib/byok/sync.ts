import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { setState } from '../db/state';
import { readEventStream } from '../events/cursor';
import { enqueueNotification } from '../notify/outbox';
import { eventContentKey } from '../workos/event-identity';
import { providerLabel } from './state';

const BYOK_EVENTS = ['vault.byok_key.verification_completed', 'vault.byok_key.deleted'];

export type RawEvent = {
  id: string;
  event: string;
  created_at: string;
  data: { organization_id?: string; key_provider?: string; verified?: boolean; key_id?: string };
};

/**
 * Copies BYOK events into the console database, incrementally (cursor in index_state). The Events
 * API keeps 30 days; the console keeps them for good. Read raw (not through events.listEvents):
 * the Node SDK does not type vault.byok_key.deleted. The spec's payloads carry no key id; one is
 * kept only if WorkOS ever sends it.
 */
export async function syncByokEvents(
  db: Db,
  workos: WorkOS,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<number> {
  let stored = 0;
  await readEventStream(
    db,
    'byok_events_cursor',
    async (q) => {
      const res = await call(() =>
        workos.get('/events', {
          query: {
            events: BYOK_EVENTS.join(','),
            order: q.order,
            limit: q.limit,
            ...(q.after ? { after: q.after } : {}),
            ...(q.rangeStart ? { range_start: q.rangeStart.toISOString() } : {}),
          },
        }),
      );
      const page = res.data as { data: RawEvent[]; list_metadata?: { after?: string | null } };
      return {
        data: page.data.map((e) => ({ ...e, createdAt: new Date(e.created_at) })),
        hasMore: Boolean(page.list_metadata?.after),
      };
    },
    async (e) => {
      if (await storeByokEvent(db, e)) stored++;
    },
    { maxPages: 50 },
  );
  // Until the first complete pass, "no events" means "not read yet", not "no customer key".
  await setState(db, 'byok_synced_at', new Date().toISOString());
  return stored;
}

/**
 * Stores one BYOK event (from the Events API or a webhook), once: by id, and by its content, since
 * a webhook envelope may carry its own id (F3-08).
 * Order does not matter: the status is folded by occurred_at, not by arrival.
 */
export async function storeByokEvent(db: Pick<Db, 'query'>, e: RawEvent): Promise<boolean> {
  if (!e.data.organization_id) return false;
  const inserted = await db.query<{ id: string }>(
    `insert into byok_events (id, org_id, event, provider, verified, key_id, occurred_at, dedupe_key) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning id`,
    [
      e.id,
      e.data.organization_id,
      e.event,
      e.data.key_provider ?? null,
      typeof e.data.verified === 'boolean' ? e.data.verified : null,
      e.data.key_id ?? null,
      new Date(e.created_at),
      eventContentKey(e, e.data.organization_id, e.data.key_provider, e.data.verified),
    ],
  );
  if (inserted.rows[0]) await notifyByokFailure(db, e);
  return true;
}

/** A customer key newly reported deleted or failing verification (within a day) notifies once. */
async function notifyByokFailure(db: Pick<Db, 'query'>, e: RawEvent) {
  const failed =
    e.event === 'vault.byok_key.deleted' ||
    (e.event === 'vault.byok_key.verification_completed' && e.data.verified === false);
  const at = new Date(e.created_at);
  // The first sync reads 30 days of history: old failures are on the BYOK page, not news.
  if (!failed || !(Date.now() - at.getTime() < 24 * 3600 * 1000)) return;
  const orgId = e.data.organization_id!;
  const provider = e.data.key_provider ? `${providerLabel(e.data.key_provider)} ` : '';
  await enqueueNotification(
    {
      kind: 'byok.failure',
      occurredAt: at.toISOString(),
      orgId,
      actor: null,
      requester: null,
      requestId: null,
      object: null,
      status:
        e.event === 'vault.byok_key.deleted'
          ? `customer ${provider}key deleted`
          : `customer ${provider}key failed verification`,
      reason: null,
      link: `/orgs/${encodeURIComponent(orgId)}/byok`,
    },
    db,
    `byok:${e.id}`,
  );
}
