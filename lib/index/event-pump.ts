import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import type { Db } from '../db/client';
import { getState, setState } from '../db/state';
import { readEventStream } from '../events/cursor';
import { syncActivityEvents } from '../activity/sync';
import { syncByokEvents } from '../byok/sync';
import type { IndexBuilder } from './build';
import { setKeyIdByName } from './store';

const DATA_EVENTS = ['vault.data.created', 'vault.data.updated', 'vault.data.deleted'] as const;

/**
 * The event pump: reads WorkOS events for the read model in one place, within the process's
 * WorkOS budget. BYOK state and Vault activity first, then the index's `vault.data.*` events
 * (deletions, confirmed with describe, and key id changes). Webhooks feed the same stores
 * (lib/index/webhooks.ts); every consumer stores events idempotently.
 */
export class EventPump {
  constructor(
    private readonly db: Db,
    private readonly workos: WorkOS,
    private readonly call: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly builder: IndexBuilder,
    private readonly activityRetentionDays: number,
  ) {}

  /** BYOK key state and Vault activity (every pass, before the index's own work). */
  async domains(): Promise<void> {
    await this.byok();
    await syncActivityEvents(this.db, this.workos, this.call, this.activityRetentionDays);
  }

  /** A BYOK event sync on its own (after a portal link is used, say). */
  async byok(): Promise<void> {
    await syncByokEvents(this.db, this.workos, this.call);
  }

  /** Starts the event stream at "now": history before the build is already in the index. */
  async primeCursor(): Promise<void> {
    if (await getState<string>(this.db, 'events_cursor')) return;
    try {
      const latest = await this.call(() =>
        this.workos.events.listEvents({ events: [...DATA_EVENTS], limit: 1, order: 'desc' }),
      );
      const newest = latest.data[0];
      await setState(this.db, 'events_cursor', newest?.id ?? '');
      if (newest)
        await setState(this.db, 'events_cursor_at', new Date(newest.createdAt).toISOString());
    } catch {
      await setState(this.db, 'events_cursor', '');
    }
  }

  /** vault.data.* events: deletions (by name, confirmed with describe) and key id changes. */
  async dataEvents(): Promise<void> {
    const cursor = await getState<string>(this.db, 'events_cursor');
    if (cursor === null) return this.primeCursor();
    try {
      await readEventStream(
        this.db,
        'events_cursor',
        async (q) => {
          const page = await this.call(() =>
            this.workos.events.listEvents({
              events: [...DATA_EVENTS],
              limit: q.limit,
              order: q.order,
              ...(q.after ? { after: q.after } : {}),
              ...(q.rangeStart ? { rangeStart: q.rangeStart.toISOString() } : {}),
            }),
          );
          return {
            data: page.data.map((e) => ({ ...e, createdAt: new Date(e.createdAt) })),
            hasMore: Boolean(page.listMetadata.after),
          };
        },
        (e) => this.applyEvent(e),
        { maxPages: 20 },
      );
    } catch {
      // Events are a shortcut; the periodic full walk catches whatever they miss.
    }
  }

  private async applyEvent(e: { event: string; data: unknown }): Promise<void> {
    const data = e.data as { kvName?: string; keyId?: string };
    if (!data.kvName) return;
    if (e.event === 'vault.data.deleted') {
      if (await this.builder.removeIfGone(data.kvName)) this.builder.changed = true;
    } else if (data.keyId) {
      await setKeyIdByName(this.db, data.kvName, data.keyId);
    }
  }
}
