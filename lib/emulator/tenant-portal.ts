import type { Hono } from 'hono';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { sha256Hex } from './ids';
import { errorPage, escapeHtml, page } from './pages';

/**
 * Admin Portal pages for the `audit_logs` and `log_streams` intents (both in the spec's intent
 * list): the customer's IT sees its organization's Audit Logs events, or sets up a stream to its
 * SIEM. The emulator shows the events it stores; a stream is accepted but nothing is delivered.
 */
export const TENANT_PORTAL_INTENTS = ['audit_logs', 'log_streams'] as const;
type TenantIntent = (typeof TENANT_PORTAL_INTENTS)[number];

export const tenantPortalPath = (intent: TenantIntent) =>
  intent === 'audit_logs' ? '/portal/audit-logs/' : '/portal/log-streams/';

export function isTenantPortalPath(path: string): boolean {
  return TENANT_PORTAL_INTENTS.some((i) => path.startsWith(tenantPortalPath(i)));
}

const TITLES: Record<TenantIntent, string> = {
  audit_logs: 'Audit Logs',
  log_streams: 'Log Streams',
};

export function registerTenantPortal(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
  /** A link's row, only for the intent it was made for (a BYOK token opens no audit log). */
  const link = async (token: string, intent: TenantIntent) => {
    const r = await db.query<{
      environment_id: string;
      organization_id: string;
      expires_at: Date;
    }>(
      'select environment_id, organization_id, expires_at from portal_links where token_hash = $1 and intent = $2',
      [sha256Hex(token), intent],
    );
    const row = r.rows[0];
    if (!row) return { error: 'This link is not valid. Ask for a new one.' } as const;
    if (row.expires_at.getTime() < Date.now())
      return { error: 'This link has expired (links last 5 minutes). Ask for a new one.' } as const;
    return { row } as const;
  };

  app.get(`${tenantPortalPath('audit_logs')}:token`, async (c) => {
    const found = await link(c.req.param('token'), 'audit_logs');
    if ('error' in found) return c.html(errorPage(TITLES.audit_logs, found.error!), 410);
    const org = await getOrganization(db, found.row.environment_id, found.row.organization_id);
    const events = await db.query<{
      action: string;
      occurred_at: Date;
      actor: { name?: string; id?: string };
      targets: { name?: string; id?: string }[];
      metadata: Record<string, unknown> | null;
    }>(
      `select action, occurred_at, actor, targets, metadata from audit_log_events
       where environment_id = $1 and organization_id = $2 order by occurred_at desc limit 200`,
      [found.row.environment_id, found.row.organization_id],
    );
    const rows = events.rows
      .map(
        (e) =>
          `<tr><td>${escapeHtml(new Date(e.occurred_at).toISOString())}</td><td>${escapeHtml(e.action)}</td><td>${escapeHtml(e.actor?.name ?? e.actor?.id ?? '')}</td><td>${escapeHtml(e.targets.map((t) => t.name ?? t.id ?? '').join(', '))}</td><td>${escapeHtml(typeof e.metadata?.reason === 'string' ? e.metadata.reason : '')}</td></tr>`,
      )
      .join('');
    return c.html(
      page(
        TITLES.audit_logs,
        `<h1>Audit Logs</h1>
        <p class="lead">Events recorded for <strong>${escapeHtml(org?.name ?? found.row.organization_id)}</strong>.</p>
        <table aria-label="Audit log events"><thead><tr><th>Time (UTC)</th><th>Action</th><th>Actor</th><th>Targets</th><th>Reason</th></tr></thead><tbody>${rows || '<tr><td colspan="5">No events yet.</td></tr>'}</tbody></table>`,
      ),
    );
  });

  app.get(`${tenantPortalPath('log_streams')}:token`, async (c) => {
    const found = await link(c.req.param('token'), 'log_streams');
    if ('error' in found) return c.html(errorPage(TITLES.log_streams, found.error!), 410);
    const org = await getOrganization(db, found.row.environment_id, found.row.organization_id);
    return c.html(
      page(
        TITLES.log_streams,
        `<h1>Log Streams</h1>
        <p class="lead">Stream <strong>${escapeHtml(org?.name ?? found.row.organization_id)}</strong>'s Audit Logs events to your SIEM.</p>
        <form method="post">
          <label for="destination">Destination</label>
          <select id="destination" name="destination"><option>Datadog</option><option>Splunk</option><option>Amazon S3</option><option>Google Cloud Storage</option><option>HTTP POST</option></select>
          <p><button class="primary" type="submit">Save stream</button></p>
        </form>`,
      ),
    );
  });

  app.post(`${tenantPortalPath('log_streams')}:token`, async (c) => {
    const found = await link(c.req.param('token'), 'log_streams');
    if ('error' in found) return c.html(errorPage(TITLES.log_streams, found.error!), 410);
    return c.html(
      page(
        TITLES.log_streams,
        '<h1>Stream saved</h1><p class="lead" role="status">The emulator accepts the stream but delivers nothing.</p>',
      ),
    );
  });
}
