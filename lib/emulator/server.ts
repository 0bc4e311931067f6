import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { openPglite } from './pglite-open';
import { configFromEnv, type EmulatorConfig } from './config';
import { registerControlRoutes } from './control-routes';
import { registerBackdateRoutes } from './backdate';
import type { AppEnv, Emulator } from './context';
import { loadRootKey } from './crypto';
import { FaultBoard, faultLabel, playFault } from './faults';
import { HttpError } from './http';
import { idempotencyMiddleware } from './idempotency';
import { AuthService } from './auth-service';
import { requestId as newRequestId } from './ids';
import { KeyService } from './keys';
import { RequestLog } from './request-log';
import { migrate } from './schema';
import { registerVaultRoutes } from './vault-routes';
import { VaultService } from './vault';
import { registerPlatformRoutes, isPublicPath } from './platform-routes';
import { seedIfEmpty } from './seed';
import { registerWebhookControlRoutes, WebhookDispatcher } from './webhooks';
import { checkBindHost, guardMiddleware } from './guard';

type Env = AppEnv;

export async function createEmulator(
  config: EmulatorConfig,
  pgliteModule?: WebAssembly.Module,
): Promise<Emulator> {
  const db = await openPglite(config.dataDir, pgliteModule);
  await migrate(db);
  const rootKey = loadRootKey(config.dataDir, config.rootKey);
  const keys = new KeyService(rootKey);
  const emu = {
    config,
    db,
    rootKey,
    keys,
    vault: new VaultService(db, keys, config.policy),
    requestLog: new RequestLog(),
    faults: new FaultBoard(),
    startedAt: new Date(),
    backdatedLogins: new Map<string, number>(),
  } as Emulator;
  emu.auth = new AuthService(emu);
  await emu.auth.key();
  await seedIfEmpty(emu);
  await db.exec('analyze');
  emu.webhooks = new WebhookDispatcher(emu, config.webhooks);
  await emu.webhooks.start();
  // PGlite runs no autovacuum: refresh planner statistics now and then, or list queries pick
  // the wrong index once tables grow.
  const timer = setInterval(() => void db.exec('analyze').catch(() => undefined), 60_000);
  timer.unref();
  return emu;
}

export function createApp(emu: Emulator): Hono<Env> {
  const app = new Hono<Env>();

  // First: loopback Host names only; control token and JSON for /_emulator/* (guard.ts).
  app.use(
    '*',
    guardMiddleware({
      controlToken: emu.config.controlToken,
      allowedHosts: emu.config.allowedHosts,
    }),
  );

  // Every reply gets an X-Request-ID and a line in the request log (never a body or a query).
  app.use('*', async (c, next) => {
    const started = performance.now();
    const id = newRequestId();
    c.set('requestId', id);
    let fault: string | null = null;
    let dropResponse = false;
    const isControl = c.req.path.startsWith('/_emulator');
    const log = (status: number) =>
      emu.requestLog.add({
        ...logLine(
          c.req.method,
          c.req.path,
          status,
          started,
          id,
          c.req.header('x-client-component'),
          fault,
        ),
        correlation: c.req.header('x-correlation-id')?.slice(0, 100) ?? null,
        ...(c.req.path === '/vault/v1/kv' && c.req.method === 'GET'
          ? { updatedAfter: c.req.query('updated_after')?.slice(0, 100) ?? null }
          : {}),
      });
    if (!isControl) {
      const f = emu.faults.take(c.req.method, c.req.path, c.req.header('x-correlation-id'));
      if (f) {
        fault = faultLabel(f);
        const reply = await playFault(c, f, id, log);
        if (reply) return reply;
        dropResponse = f.drop === 'response';
      }
    }
    await next();
    c.res.headers.set('X-Request-ID', id);
    if (!isControl) log(dropResponse ? 0 : c.res.status);
    if (dropResponse) {
      // The route ran and committed; the caller never hears back (a reply lost in transit).
      c.env.incoming.socket.destroy();
      return;
    }
    if (emu.config.logRequests)
      console.log(
        `${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`,
      );
  });

  // Bearer API key → environment. Browser-facing pages and the control API need none.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_emulator') || isPublicPath(c.req.method, c.req.path))
      return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match ? emu.config.apiKeys.find((k) => k.secret === match[1]) : undefined;
    if (!key) {
      const message = match
        ? 'Invalid API key provided.'
        : 'No API key provided. Send it as "Authorization: Bearer sk_…".';
      throw new HttpError(401, { message, code: 'unauthorized', error: message });
    }
    c.set('apiKey', key);
    c.set('environmentId', key.environmentId);
    c.set('actor', { id: key.id, name: key.name, source: 'api' });
    return next();
  });

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_emulator') || !c.var.environmentId) return next();
    return idempotencyMiddleware(emu)(c, next);
  });

  registerControlRoutes(app, emu);
  registerBackdateRoutes(app, emu);
  registerWebhookControlRoutes(app, emu.webhooks);
  registerVaultRoutes(app, emu);
  registerPlatformRoutes(app, emu);

  app.notFound((c) => {
    const body = c.req.path.startsWith('/vault/')
      ? { error: `Not Found: no route for ${c.req.method} ${c.req.path}` }
      : { message: `Not Found: no route for ${c.req.method} ${c.req.path}`, code: 'not_found' };
    return c.json(body, 404);
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(err.body, err.status, err.headers);
    if (err instanceof ZodError) {
      const first = err.issues[0];
      const message = first
        ? `${first.path.join('.') || 'body'}: ${first.message}`
        : 'Invalid request';
      return c.json({ message, error: message, code: 'invalid_request' }, 422);
    }
    console.error(
      `[emulator] unexpected error on ${c.req.method} ${c.req.path}:`,
      err instanceof Error ? err.stack : err,
    );
    return c.json({ error: 'Internal emulator error', message: 'Internal emulator error' }, 500);
  });

  return app;
}

function logLine(
  method: string,
  path: string,
  status: number,
  started: number,
  requestId: string,
  component: string | undefined,
  fault: string | null,
) {
  return {
    at: new Date().toISOString(),
    method,
    path,
    status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    requestId,
    component: component ?? null,
    fault,
  };
}

export type RunningEmulator = {
  emu: Emulator;
  url: string;
  port: number;
  close: () => Promise<void>;
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Node closes a keep-alive connection after 5 s idle by default, while clients (undici: 4 s) expect
 * to close it first. A client whose event loop is busy (a loaded machine, PGlite work in the same
 * process) then reuses a socket the emulator has just closed, and its next call fails with "other
 * side closed" before reaching the emulator. Hosted APIs keep idle connections far longer, so
 * hold them for a minute: the client always lets go first, however slow it is.
 */
function holdIdleConnections(server: Server): Server {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Starts the HTTP server. host "localhost" binds both 127.0.0.1 and ::1 so either resolution works. */
export async function startEmulator(
  overrides: Partial<EmulatorConfig> = {},
  env: Record<string, string | undefined> = process.env,
  /** Tests pass PGlite compiled once per process (pglite-open.ts compiledPglite). */
  pgliteModule?: WebAssembly.Module,
): Promise<RunningEmulator> {
  const config = configFromEnv(env, overrides);
  checkBindHost(config.host, config.allowRemote);
  const emu = await createEmulator(config, pgliteModule);
  const app = createApp(emu);
  const listener = getRequestListener(app.fetch);
  const servers: Server[] = [];
  const primary = holdIdleConnections(createServer(listener));
  servers.push(primary);
  const hosts = config.host === 'localhost' ? ['127.0.0.1', '::1'] : [config.host];
  const port = await listen(primary, config.port, hosts[0]!);
  for (const host of hosts.slice(1)) {
    const extra = holdIdleConnections(createServer(listener));
    try {
      await listen(extra, port, host);
      servers.push(extra);
    } catch {
      // no IPv6 loopback here; IPv4 is enough
    }
  }
  if (config.port === 0) {
    emu.config.publicUrl = `http://${config.host === 'localhost' ? 'localhost' : config.host}:${port}`;
  }
  const urlHost = hosts[0] === '::1' ? '[::1]' : hosts[0];
  return {
    emu,
    port,
    url: `http://${urlHost}:${port}`,
    close: async () => {
      emu.webhooks.stop();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
      await emu.db.close();
    },
  };
}
