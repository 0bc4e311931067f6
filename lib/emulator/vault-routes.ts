import type { Hono } from 'hono';
import type { AppEnv, Emulator } from './context';
import { readJsonObject } from './http';
import { optionalVersionCheck, requireContext, requireName, requireValue } from './validate';
import { parseListParams } from './vault';

export function registerVaultRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { vault, config } = emu;

  app.use('/vault/*', async (_c, next) => {
    vault.inFlight += 1;
    try {
      await next();
    } finally {
      vault.inFlight -= 1;
    }
  });

  app.get('/vault/v1/kv', async (c) => {
    const params = parseListParams((name) => c.req.query(name));
    return c.json(await vault.list(c.var.environmentId, c.var.actor, params), 200);
  });

  app.post('/vault/v1/kv', async (c) => {
    const body = await readJsonObject(c);
    const name = requireName(body);
    const value = requireValue(body, config.policy);
    const context = requireContext(body.key_context, 'key_context', config.policy);
    return c.json(await vault.create(c.var.environmentId, c.var.actor, name, value, context), 201);
  });

  // Must precede /:id so that "name" is never taken for an id.
  app.get('/vault/v1/kv/name/:name', async (c) => {
    return c.json(
      await vault.readByName(c.var.environmentId, c.var.actor, c.req.param('name')),
      200,
    );
  });

  app.get('/vault/v1/kv/:id/metadata', async (c) => {
    return c.json(await vault.describe(c.var.environmentId, c.var.actor, c.req.param('id')), 200);
  });

  app.get('/vault/v1/kv/:id/versions', async (c) => {
    return c.json(await vault.versions(c.var.environmentId, c.var.actor, c.req.param('id')), 200);
  });

  app.get('/vault/v1/kv/:id', async (c) => {
    return c.json(await vault.read(c.var.environmentId, c.var.actor, c.req.param('id')), 200);
  });

  app.put('/vault/v1/kv/:id', async (c) => {
    const body = await readJsonObject(c);
    const value = requireValue(body, config.policy);
    const versionCheck = optionalVersionCheck(body.version_check);
    return c.json(
      await vault.update(c.var.environmentId, c.var.actor, c.req.param('id'), value, versionCheck),
      201,
    );
  });

  app.delete('/vault/v1/kv/:id', async (c) => {
    const versionCheck = optionalVersionCheck(c.req.query('version_check') || undefined);
    return c.json(
      await vault.delete(c.var.environmentId, c.var.actor, c.req.param('id'), versionCheck),
      200,
    );
  });

  app.post('/vault/v1/keys/data-key', async (c) => {
    const body = await readJsonObject(c);
    const context = requireContext(body.context, 'context', config.policy);
    return c.json(await vault.createDataKey(c.var.environmentId, c.var.actor, context), 200);
  });

  app.post('/vault/v1/keys/decrypt', async (c) => {
    const body = await readJsonObject(c);
    return c.json(await vault.decryptDataKey(c.var.environmentId, c.var.actor, body.keys), 200);
  });

  app.post('/vault/v1/keys/rekey', async (c) => {
    const body = await readJsonObject(c);
    const context = requireContext(body.context, 'context', config.policy);
    return c.json(
      await vault.rekey(c.var.environmentId, c.var.actor, context, body.encrypted_keys),
      200,
    );
  });
}
