import type { Hono } from 'hono';
import { registerAuditLogRoutes } from './audit-log-routes';
import { registerAuthRoutes } from './auth-routes';
import type { AppEnv, Emulator } from './context';
import { registerEventRoutes } from './events-routes';
import { registerOrganizationRoutes } from './org-routes';
import { registerPortalRoutes } from './portal-routes';
import { isTenantPortalPath, registerTenantPortal } from './tenant-portal';

/** Routes a browser navigates to, or that carry no API key by design. */
export function isPublicPath(method: string, path: string): boolean {
  return (
    path === '/' ||
    path === '/favicon.ico' ||
    path.startsWith('/user_management/authorize') ||
    path === '/user_management/sessions/logout' ||
    path.startsWith('/sso/jwks/') ||
    path.startsWith('/portal/byok/') ||
    (method === 'GET' && path.startsWith('/portal/other/')) ||
    isTenantPortalPath(path)
  );
}

export function registerPlatformRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  registerAuthRoutes(app, emu);
  registerOrganizationRoutes(app, emu);
  registerTenantPortal(app, emu);

  app.get('/', (c) => c.json({ name: 'Local WorkOS emulator', health: '/_emulator/health' }));
  // Browsers ask every origin for one; answer without a body rather than with a 404.
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));

  registerEventRoutes(app, emu);
  registerAuditLogRoutes(app, emu);
  registerPortalRoutes(app, emu);
}
