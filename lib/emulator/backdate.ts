import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Emulator } from './context';
import { readJsonObject } from './http';

const schema = z.object({
  name: z.string().min(1).max(1000),
  value: z.string().max(400_000),
  context: z.record(z.string(), z.string()),
  days: z.number().int().min(1).max(3650),
});

/**
 * Control API (not WorkOS): POST /_emulator/objects/backdated creates an object as if it had been
 * created `days` ago, through the normal create path (object, first version and its
 * vault.data.created event all carry the old time), so stale-secret views can be tested.
 */
export function registerBackdateRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  app.post('/_emulator/objects/backdated', async (c) => {
    const input = schema.parse(await readJsonObject(c, 'api'));
    const key = emu.config.apiKeys[0]!;
    const at = new Date(Date.now() - input.days * 86_400_000);
    const created = await emu.vault.create(
      key.environmentId,
      { id: key.id, name: key.name, source: 'api' },
      input.name,
      input.value,
      input.context,
      { at },
    );
    return c.json({ ...created, backdated_days: input.days }, 201);
  });
}
