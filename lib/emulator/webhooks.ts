import type { Hono } from 'hono';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AppEnv, Emulator } from './context';
import { isoMillis, readJsonObject } from './http';
import { prefixedUlid } from './ids';

/**
 * Webhook delivery, the way WorkOS does it: each event is POSTed as JSON (`{id, event, data,
 * created_at}`, where `id` is the delivery's own `wh_…` id, as in the SDK's webhook fixture
 * `src/webhooks/fixtures/webhook.json`, not the Events API's `event_…` id) with `WorkOS-Signature: t=<ms>, v1=<hex HMAC-SHA256 of "t.body">`, signed again
 * at every attempt; a non-2xx reply or no reply is retried with exponential backoff. WorkOS
 * retries over days; the emulator compresses that (EMULATOR_WEBHOOK_RETRY_BASE_MS).
 * The spec's webhook-endpoint event list (`CreateWebhookEndpointDto.events`) has no `vault.*`
 * event, so by default the emulator delivers none of them: freshness must come from polling. With
 * EMULATOR_WEBHOOK_VAULT_EVENTS=1 it delivers the Vault events the console can use, to test
 * the console where WorkOS does send them (F3-04).
 */
const VAULT_WEBHOOK_EVENTS = [
  'vault.data.created',
  'vault.data.updated',
  'vault.data.deleted',
  'vault.byok_key.verification_completed',
  'vault.byok_key.deleted',
];

export type WebhookSettings = {
  url: string | null;
  secret: string | null;
  events: string[];
  /** First retry after this long; each further one waits twice as long. */
  retryBaseMs: number;
  /** Attempts per event before it is given up. */
  maxAttempts: number;
};

type Delivery = {
  seq: number;
  /** The envelope's own `wh_…` id (the same on every retry). */
  id: string;
  /** The Events API id of the same event. */
  eventId: string;
  event: string;
  body: string;
  attempts: number;
  dueAt: number;
};
type Attempt = {
  webhook_id: string;
  event_id: string;
  event: string;
  attempt: number;
  at: string;
  status: number | null;
  outcome: 'delivered' | 'failed' | 'injected_failure' | 'gave_up';
};

const POLL_MS = 100;

export function webhookSettingsFromEnv(env: Record<string, string | undefined>): WebhookSettings {
  const base = Number(env.EMULATOR_WEBHOOK_RETRY_BASE_MS ?? 1000);
  return {
    url: env.EMULATOR_WEBHOOK_URL || null,
    secret: env.EMULATOR_WEBHOOK_SECRET || null,
    events: env.EMULATOR_WEBHOOK_EVENTS
      ? env.EMULATOR_WEBHOOK_EVENTS.split(',').map((s) => s.trim())
      : env.EMULATOR_WEBHOOK_VAULT_EVENTS === '1'
        ? VAULT_WEBHOOK_EVENTS
        : [],
    retryBaseMs: Number.isFinite(base) && base >= 10 ? base : 1000,
    maxAttempts: 6,
  };
}

export function signWebhook(body: string, secret: string, at = Date.now()): string {
  const mac = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return `t=${at}, v1=${mac}`;
}

export class WebhookDispatcher {
  settings: WebhookSettings;
  paused = false;
  /** Injected failure: attempts are not sent and count as failed (then retried with backoff). */
  failing = false;
  private cursor: number | null = null;
  private queue: Delivery[] = [];
  private attempts: Attempt[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  delivered = 0;

  constructor(
    private readonly emu: Emulator,
    settings: WebhookSettings,
  ) {
    this.settings = settings;
  }

  /** Starts with the newest event: history is not replayed to a new endpoint. */
  async start(): Promise<void> {
    const r = await this.emu.db.query<{ seq: number }>(
      'select coalesce(max(seq), 0)::int as seq from events',
    );
    this.cursor = Number(r.rows[0]?.seq ?? 0);
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
  }

  clearQueue(): void {
    this.queue.length = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  status() {
    return {
      url: this.settings.url,
      configured: Boolean(this.settings.url && this.settings.secret),
      events: this.settings.events,
      paused: this.paused,
      failing: this.failing,
      queued: this.queue.length,
      delivered: this.delivered,
      retry_base_ms: this.settings.retryBaseMs,
      max_attempts: this.settings.maxAttempts,
      attempts: this.attempts.slice(-100),
    };
  }

  private record(d: Delivery, status: number | null, outcome: Attempt['outcome']) {
    this.attempts.push({
      webhook_id: d.id,
      event_id: d.eventId,
      event: d.event,
      attempt: d.attempts,
      at: new Date().toISOString(),
      status,
      outcome,
    });
    if (this.attempts.length > 500) this.attempts.splice(0, this.attempts.length - 500);
  }

  private async collect(): Promise<void> {
    if (this.cursor === null) return;
    const primary = this.emu.config.apiKeys[0]!.environmentId;
    const r = await this.emu.db.query<{
      seq: number;
      id: string;
      event: string;
      data: Record<string, unknown>;
      created_at: Date;
    }>(
      'select seq::int as seq, id, event, data, created_at from events where seq > $1 and environment_id = $2 order by seq limit 500',
      [this.cursor, primary],
    );
    const configured = Boolean(this.settings.url && this.settings.secret);
    for (const e of r.rows) {
      this.cursor = Math.max(this.cursor, Number(e.seq));
      if (!configured || !this.settings.events.includes(e.event)) continue;
      const id = prefixedUlid('wh');
      const body = JSON.stringify({
        id,
        event: e.event,
        data: e.data,
        created_at: isoMillis(e.created_at),
      });
      this.queue.push({
        seq: e.seq,
        id,
        eventId: e.id,
        event: e.event,
        body,
        attempts: 0,
        dueAt: 0,
      });
    }
    // Events of other environments still move the cursor.
    if (r.rows.length === 0) {
      const max = await this.emu.db.query<{ seq: number }>(
        'select coalesce(max(seq), 0)::int as seq from events',
      );
      this.cursor = Math.max(this.cursor, Number(max.rows[0]?.seq ?? 0));
    }
  }

  /** One round: pick up new events, then try every delivery that is due. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.collect();
      const { url, secret } = this.settings;
      if (this.paused || !url || !secret) return;
      const now = Date.now();
      const due = this.queue.filter((d) => d.dueAt <= now);
      for (const d of due) await this.attempt(d, url, secret);
    } catch (err) {
      console.error(`[emulator] webhook round failed: ${err instanceof Error ? err.message : err}`);
    } finally {
      this.busy = false;
    }
  }

  private async attempt(d: Delivery, url: string, secret: string): Promise<void> {
    d.attempts++;
    let status: number | null = null;
    let ok = false;
    if (this.failing) {
      this.record(d, null, 'injected_failure');
    } else {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'WorkOS Webhooks (emulator)',
            'WorkOS-Signature': signWebhook(d.body, secret),
          },
          body: d.body,
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        ok = res.ok;
      } catch {
        status = null;
      }
      this.record(d, status, ok ? 'delivered' : 'failed');
    }
    if (ok) {
      this.delivered++;
      this.queue.splice(this.queue.indexOf(d), 1);
      return;
    }
    if (d.attempts >= this.settings.maxAttempts) {
      this.record(d, status, 'gave_up');
      this.queue.splice(this.queue.indexOf(d), 1);
      return;
    }
    d.dueAt = Date.now() + this.settings.retryBaseMs * 2 ** (d.attempts - 1);
  }
}

const controlSchema = z
  .object({
    url: z.string().url().nullable().optional(),
    secret: z.string().min(16).nullable().optional(),
    events: z.array(z.string().min(1)).optional(),
    paused: z.boolean().optional(),
    failing: z.boolean().optional(),
    retry_base_ms: z.number().int().min(10).max(3_600_000).optional(),
    max_attempts: z.number().int().min(1).max(50).optional(),
    /** Drop every queued delivery (a test starting clean). */
    clear_queue: z.boolean().optional(),
  })
  .strict();

/**
 * Control API: GET /_emulator/webhooks (settings, queue, recent attempts); POST to point delivery
 * somewhere, pause or resume it, or make every attempt fail.
 */
export function registerWebhookControlRoutes(app: Hono<AppEnv>, dispatcher: WebhookDispatcher) {
  app.get('/_emulator/webhooks', (c) => c.json(dispatcher.status()));
  app.post('/_emulator/webhooks', async (c) => {
    const input = controlSchema.parse(await readJsonObject(c, 'api'));
    const s = dispatcher.settings;
    if (input.url !== undefined) s.url = input.url;
    if (input.secret !== undefined) s.secret = input.secret;
    if (input.events) s.events = input.events;
    if (input.retry_base_ms !== undefined) s.retryBaseMs = input.retry_base_ms;
    if (input.max_attempts !== undefined) s.maxAttempts = input.max_attempts;
    if (input.paused !== undefined) dispatcher.paused = input.paused;
    if (input.failing !== undefined) dispatcher.failing = input.failing;
    if (input.clear_queue) dispatcher.clearQueue();
    const { attempts: _attempts, ...rest } = dispatcher.status();
    void _attempts;
    return c.json(rest);
  });
}
