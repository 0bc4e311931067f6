import type { Hono } from 'hono';
import { z } from 'zod';
import { registerAuthRoutes } from './auth-routes';
import { BYOK_PROVIDERS, configureByok, PROVIDER_LABELS } from './byok';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { apiError, isoMillis, queryValues, readJsonObject } from './http';
import { prefixedUlid, randomToken, sha256Hex } from './ids';
import { registerOrganizationRoutes } from './org-routes';
import { errorPage, escapeHtml, page } from './pages';
import {
  isTenantPortalPath,
  registerTenantPortal,
  TENANT_PORTAL_INTENTS,
  tenantPortalPath,
} from './tenant-portal';

/** Events older than this are not served, as on WorkOS (30 days). */
const EVENT_RETENTION_DAYS = 30;
const PORTAL_LINK_TTL_MS = 5 * 60 * 1000;
const PORTAL_INTENTS = [
  'sso',
  'dsync',
  'audit_logs',
  'log_streams',
  'domain_verification',
  'certificate_renewal',
  'bring_your_own_key',
];

/** Routes a browser navigates to, or that carry no API key by design. */
export function isPublicPath(method: string, path: string): boolean {
  return (
    path === '/' ||
    path === '/favicon.ico' ||
    path.startsWith('/user_management/authorize') ||
    path === '/user_management/sessions/logout' ||
    path.startsWith('/sso/jwks/') ||
    path.startsWith('/portal/byok/') ||
    isTenantPortalPath(path)
  );
}

const validation = (field: string, code: string, message: string) =>
  apiError(422, 'Validation failed', {
    code: 'validation_failed',
    errors: [{ code, field, message }],
  });

function parseIsoParam(raw: string | undefined, field: string): Date | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw validation(field, 'invalid_date', `${field} must be an ISO 8601 timestamp`);
  return new Date(ms);
}

const auditEventSchema = z.object({
  organization_id: z.string().startsWith('org_'),
  event: z.object({
    action: z.string().min(1).max(200),
    occurred_at: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'occurred_at must be an ISO 8601 timestamp'),
    version: z.number().int().optional(),
    actor: z.object({
      id: z.string().min(1),
      type: z.string().min(1),
      name: z.string().optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
    }),
    targets: z.array(
      z.object({
        id: z.string().min(1),
        type: z.string().min(1),
        name: z.string().optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    context: z.object({ location: z.string().min(1), user_agent: z.string().optional() }),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The cursor's position, or null when it names no event inside the retention window. */
async function eventCursorSeq(emu: Emulator, env: string, id: string): Promise<number | null> {
  const r = await emu.db.query<{ seq: number }>(
    `select seq from events where environment_id = $1 and id = $2 and created_at > now() - interval '${EVENT_RETENTION_DAYS} days'`,
    [env, id],
  );
  return r.rows[0]?.seq ?? null;
}

/** Spec EventContextDto: the actor when the event names one (vault.data.* carry actor_* fields). */
function eventContext(data: Record<string, unknown>): Record<string, unknown> {
  if (typeof data.actor_id !== 'string') return {};
  return {
    actor: {
      id: data.actor_id,
      source: typeof data.actor_source === 'string' ? data.actor_source : 'api',
      name: typeof data.actor_name === 'string' ? data.actor_name : null,
    },
  };
}

export function registerPlatformRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
  registerAuthRoutes(app, emu);
  registerOrganizationRoutes(app, emu);
  registerTenantPortal(app, emu);

  app.get('/', (c) => c.json({ name: 'Local WorkOS emulator', health: '/_emulator/health' }));
  // Browsers ask every origin for one; answer without a body rather than with a 404.
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));

  app.get('/events', async (c) => {
    const env = c.var.environmentId;
    // Optional in the spec: without it, every event type.
    const names = queryValues(c, 'events');
    const rawLimit = c.req.query('limit');
    const limit = rawLimit ? Number(rawLimit) : 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw validation('limit', 'limit_out_of_range', 'limit must be an integer from 1 to 100');
    const order = c.req.query('order') ?? 'desc';
    if (!['asc', 'desc', 'normal'].includes(order))
      throw validation('order', 'invalid_order', 'order must be asc, desc or normal');
    const orgId = c.req.query('organization_id');
    if (orgId && !(await getOrganization(db, env, orgId)))
      throw apiError(400, `Organization "${orgId}" was not found`);
    const rangeStart = parseIsoParam(c.req.query('range_start'), 'range_start');
    const rangeEnd = parseIsoParam(c.req.query('range_end'), 'range_end');
    const where = [
      'environment_id = $1',
      '(cardinality($2::text[]) = 0 or event = any($2))',
      `created_at > now() - interval '${EVENT_RETENTION_DAYS} days'`,
    ];
    const args: unknown[] = [env, names];
    const arg = (v: unknown) => (args.push(v), `$${args.length}`);
    if (orgId) where.push(`organization_id = ${arg(orgId)}`);
    if (rangeStart) where.push(`created_at >= ${arg(rangeStart)}`);
    if (rangeEnd) where.push(`created_at < ${arg(rangeEnd)}`);
    const asc = order === 'asc';
    // 'normal' lists newest first like desc, but `after` fetches newer records and `before` older.
    const afterIsNewer = order !== 'desc';
    const after = c.req.query('after');
    const before = c.req.query('before');
    const afterSeq = after ? await eventCursorSeq(emu, env, after) : undefined;
    const beforeSeq = before ? await eventCursorSeq(emu, env, before) : undefined;
    if (afterSeq === null || beforeSeq === null) {
      // The cursor names no event still kept. What WorkOS answers is undocumented: a switch.
      const reply = emu.config.policy.eventCursorReply;
      const field = afterSeq === null ? 'after' : 'before';
      if (reply === 'empty')
        return c.json({ object: 'list', data: [], list_metadata: { after: null } }, 200);
      if (reply === '400')
        throw apiError(400, `Invalid ${field} cursor: no such event in the last 30 days`);
      throw validation(
        field,
        'invalid_cursor',
        `cursor "${after ?? before}" does not name an event`,
      );
    }
    if (afterSeq !== undefined) where.push(`seq ${afterIsNewer ? '>' : '<'} ${arg(afterSeq)}`);
    if (beforeSeq !== undefined) where.push(`seq ${afterIsNewer ? '<' : '>'} ${arg(beforeSeq)}`);
    const r = await db.query<{
      id: string;
      event: string;
      data: Record<string, unknown>;
      created_at: Date;
    }>(
      `select id, event, data, created_at from events where ${where.join(' and ')} order by seq ${asc ? 'asc' : 'desc'} limit ${arg(limit + 1)}`,
      args,
    );
    const rows = r.rows.slice(0, limit);
    const last = rows[rows.length - 1];
    return c.json(
      {
        object: 'list',
        data: rows.map((e) => ({
          object: 'event',
          id: e.id,
          event: e.event,
          data: e.data,
          created_at: isoMillis(e.created_at),
          context: eventContext(e.data),
        })),
        list_metadata: { after: r.rows.length > limit && last ? last.id : null },
      },
      200,
    );
  });

  app.post('/audit_logs/events', async (c) => {
    const parsed = auditEventSchema.safeParse(await readJsonObject(c, 'api'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw validation(issue.path.join('.'), 'invalid', issue.message);
    }
    const { organization_id, event } = parsed.data;
    if (!(await getOrganization(db, c.var.environmentId, organization_id)))
      throw apiError(404, `Organization not found: '${organization_id}'.`, {
        code: 'entity_not_found',
      });
    await db.query(
      `insert into audit_log_events (id, environment_id, organization_id, action, occurred_at, actor, targets, context, metadata, idempotency_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        prefixedUlid('audit_log_event'),
        c.var.environmentId,
        organization_id,
        event.action,
        new Date(event.occurred_at),
        JSON.stringify(event.actor),
        JSON.stringify(event.targets),
        JSON.stringify(event.context),
        event.metadata ? JSON.stringify(event.metadata) : null,
        c.req.header('idempotency-key') ?? null,
      ],
    );
    return c.json({ success: true }, 200); // spec: 200 AuditLogEventCreateResponse
  });

  app.post('/portal/generate_link', async (c) => {
    const body = await readJsonObject(c, 'api');
    const orgId = body.organization;
    if (typeof orgId !== 'string' || !orgId)
      throw validation('organization', 'required', 'organization is required');
    if (typeof body.intent !== 'string' || !PORTAL_INTENTS.includes(body.intent))
      throw validation(
        'intent',
        'invalid_intent',
        `intent must be one of ${PORTAL_INTENTS.join(', ')}`,
      );
    if (!(await getOrganization(db, c.var.environmentId, orgId)))
      throw apiError(404, `Organization not found: '${orgId}'.`, { code: 'entity_not_found' });
    const tenantIntent = TENANT_PORTAL_INTENTS.find((i) => i === body.intent);
    if (body.intent !== 'bring_your_own_key' && !tenantIntent)
      throw apiError(
        422,
        `The emulator implements the bring_your_own_key, audit_logs and log_streams portal intents, not "${body.intent}".`,
        { code: 'intent_not_emulated' },
      );
    const token = randomToken(24);
    const now = new Date();
    await db.query(
      'insert into portal_links (token_hash, environment_id, organization_id, intent, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
      [
        sha256Hex(token),
        c.var.environmentId,
        orgId,
        body.intent,
        now,
        new Date(now.getTime() + PORTAL_LINK_TTL_MS),
      ],
    );
    const linkPath = tenantIntent ? tenantPortalPath(tenantIntent) : '/portal/byok/';
    return c.json({ link: `${emu.config.publicUrl}${linkPath}${token}` }, 201);
  });

  const portalLink = async (token: string) => {
    const r = await db.query<{
      environment_id: string;
      organization_id: string;
      expires_at: Date;
      used_at: Date | null;
    }>(
      'select environment_id, organization_id, expires_at, used_at from portal_links where token_hash = $1',
      [sha256Hex(token)],
    );
    const link = r.rows[0];
    if (!link) return { error: 'This setup link is not valid. Ask for a new one.' } as const;
    if (link.used_at)
      return { error: 'This setup link has already been used. Ask for a new one.' } as const;
    if (link.expires_at.getTime() < Date.now())
      return {
        error: 'This setup link has expired (links last 5 minutes). Ask for a new one.',
      } as const;
    return { link } as const;
  };

  app.get('/portal/byok/:token', async (c) => {
    const found = await portalLink(c.req.param('token'));
    if ('error' in found) return c.html(errorPage('Bring your own key', found.error!), 410);
    const org = await getOrganization(db, found.link.environment_id, found.link.organization_id);
    const options = BYOK_PROVIDERS.map(
      (p) => `<option value="${p}">${escapeHtml(PROVIDER_LABELS[p])}</option>`,
    ).join('');
    return c.html(
      page(
        'Bring your own key',
        `<h1>Bring your own key</h1>
      <p class="lead">Connect a customer-managed key for <strong>${escapeHtml(org?.name ?? found.link.organization_id)}</strong>. WorkOS Vault will wrap this organization's data with it.</p>
      <form method="post">
        <label for="provider">Key provider</label><select id="provider" name="provider">${options}</select>
        <label for="key_id">Key identifier (ARN, key URL or resource name)</label>
        <input id="key_id" name="key_id" type="text" required maxlength="300" placeholder="arn:aws:kms:us-east-1:123456789012:key/…">
        <label class="check"><input type="checkbox" name="simulate_failure" value="1"> Simulate a failed verification (the key policy denies WorkOS)</label>
        <p><button class="primary" type="submit">Verify and save key</button></p>
      </form>`,
      ),
    );
  });

  app.post('/portal/byok/:token', async (c) => {
    const token = c.req.param('token');
    const found = await portalLink(token);
    if ('error' in found) return c.html(errorPage('Bring your own key', found.error!), 410);
    const form = await c.req.parseBody();
    const provider = BYOK_PROVIDERS.find((p) => p === form.provider);
    const keyId = typeof form.key_id === 'string' ? form.key_id.trim() : '';
    if (!provider || !keyId || keyId.length > 300)
      return c.html(
        errorPage(
          'Bring your own key',
          'Choose a provider and enter a key identifier of at most 300 characters.',
        ),
        422,
      );
    const verified = form.simulate_failure !== '1';
    await db.query('update portal_links set used_at = now() where token_hash = $1', [
      sha256Hex(token),
    ]);
    await configureByok(
      emu,
      found.link.environment_id,
      found.link.organization_id,
      provider,
      keyId,
      verified,
    );
    const title = verified ? 'Key verified' : 'Verification failed';
    const text = verified
      ? `${PROVIDER_LABELS[provider]} key saved and verified. New data for this organization is now encrypted with it. You can close this page.`
      : `WorkOS could not use the ${PROVIDER_LABELS[provider]} key. Check the key policy and generate a new setup link.`;
    return c.html(
      page(
        title,
        `<h1>${title}</h1><p class="${verified ? 'lead' : 'error'}" role="status">${escapeHtml(text)}</p>`,
      ),
    );
  });
}
