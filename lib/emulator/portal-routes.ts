import type { Hono } from 'hono';
import { BYOK_PROVIDERS, configureByok, PROVIDER_LABELS } from './byok';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { apiError, readJsonObject, validation } from './http';
import { randomToken, sha256Hex } from './ids';
import { errorPage, escapeHtml, page } from './pages';
import { TENANT_PORTAL_INTENTS, tenantPortalPath } from './tenant-portal';

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

export function registerPortalRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
  app.post('/portal/generate_link', async (c) => {
    const body = await readJsonObject(c, 'api');
    const orgId = body.organization;
    if (typeof orgId !== 'string' || !orgId)
      throw validation('organization', 'required', 'organization is required');
    // Spec GenerateLinkDto: only `organization` is required; `intent` is one of seven (F3-09).
    const intent = body.intent === undefined ? null : body.intent;
    if (intent !== null && (typeof intent !== 'string' || !PORTAL_INTENTS.includes(intent)))
      throw validation(
        'intent',
        'invalid_intent',
        `intent must be one of ${PORTAL_INTENTS.join(', ')}`,
      );
    if (!(await getOrganization(db, c.var.environmentId, orgId)))
      throw apiError(404, `Organization not found: '${orgId}'.`, { code: 'entity_not_found' });
    const tenantIntent = TENANT_PORTAL_INTENTS.find((i) => i === intent);
    const token = randomToken(24);
    const now = new Date();
    await db.query(
      'insert into portal_links (token_hash, environment_id, organization_id, intent, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
      [
        sha256Hex(token),
        c.var.environmentId,
        orgId,
        intent ?? 'general',
        now,
        new Date(now.getTime() + PORTAL_LINK_TTL_MS),
      ],
    );
    // sso, dsync, domain_verification, certificate_renewal and no intent get a link to a page that
    // says the emulator has no setup flow for them: the console never sends them.
    const linkPath = tenantIntent
      ? tenantPortalPath(tenantIntent)
      : intent === 'bring_your_own_key'
        ? '/portal/byok/'
        : '/portal/other/';
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

  app.get('/portal/other/:token', async (c) => {
    const found = await portalLink(c.req.param('token'));
    if ('error' in found) return c.html(errorPage('Admin Portal', found.error!), 410);
    const org = await getOrganization(db, found.link.environment_id, found.link.organization_id);
    return c.html(
      page(
        'Admin Portal',
        `<h1>Admin Portal</h1>
      <p class="lead">A portal link for <strong>${escapeHtml(org?.name ?? found.link.organization_id)}</strong>. The emulator has no setup flow for this part of the Admin Portal; only bring your own key, audit logs and log streams are emulated.</p>`,
      ),
    );
  });

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
