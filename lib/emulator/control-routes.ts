import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { BYOK_PROVIDERS, configureByok, listCustomerKeys, setByokState } from './byok';
import type { AppEnv, Emulator } from './context';
import type { FaultFilter } from './faults';
import { apiError, isoMillis, readJsonObject } from './http';
import { resetData, seedBulk, seedDemo } from './seed';

const byokStateSchema = z.object({
  state: z.enum(['verified', 'failed', 'deleted']),
  provider: z.enum(BYOK_PROVIDERS).optional(),
  key_id: z.string().min(1).max(300).optional(),
});

const bulkSeedSchema = z.object({
  kind: z.literal('bulk'),
  organizations: z.number().int().min(1).max(10_000),
  objects: z.number().int().min(0).max(1_000_000),
  prefix: z
    .string()
    .regex(/^[a-z0-9-]{1,20}$/)
    .default('bulk'),
});

/** `?correlation=<id>` or `?id=1&id=2`: one test's faults only (none: every fault). */
function faultFilter(c: Context<AppEnv>): FaultFilter | undefined {
  const correlation = c.req.query('correlation');
  const ids = (c.req.queries('id') ?? []).map(Number).filter(Number.isInteger);
  if (correlation === undefined && ids.length === 0) return undefined;
  return { ...(correlation !== undefined ? { correlation } : {}), ...(ids.length ? { ids } : {}) };
}

/** Test and demo hooks under /_emulator. Not part of WorkOS; bound to loopback only. */
export function registerControlRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const primaryEnv = () => emu.config.apiKeys[0]!.environmentId;

  app.get('/_emulator/health', async (c) => {
    const objects = await emu.db.query<{ n: number }>(
      'select count(*)::int as n from objects where deleted_at is null',
    );
    return c.json({
      status: 'ok',
      started_at: isoMillis(emu.startedAt),
      storage: emu.config.dataDir ? 'disk' : 'memory',
      seed: emu.config.seed,
      objects: objects.rows[0]?.n ?? 0,
      client_id: emu.config.clientId,
    });
  });

  app.post('/_emulator/reset', async (c) => {
    const text = await c.req.text();
    const body = text.trim() ? (JSON.parse(text) as { seed?: string }) : {};
    const seed = body.seed ?? emu.config.seed;
    if (seed !== 'demo' && seed !== 'none') throw apiError(422, 'seed must be "demo" or "none"');
    await resetData(emu);
    if (seed === 'demo') await seedDemo(emu);
    emu.requestLog.clear();
    emu.faults.clear();
    return c.json({ reset: true, seed });
  });

  app.post('/_emulator/seed', async (c) => {
    const body = await readJsonObject(c, 'api');
    if (body.kind === 'demo') {
      await seedDemo(emu);
      return c.json({ seeded: 'demo' });
    }
    const parsed = bulkSeedSchema.parse(body);
    const started = performance.now();
    const result = await seedBulk(emu, parsed.organizations, parsed.objects, parsed.prefix);
    return c.json({
      seeded: 'bulk',
      ...result,
      seconds: Math.round(performance.now() - started) / 1000,
    });
  });

  app.get('/_emulator/requests', (c) => {
    const since = c.req.query('since');
    return c.json({
      last_seq: emu.requestLog.lastSeq,
      data: emu.requestLog.list({
        since: since ? Number(since) : undefined,
        pathPrefix: c.req.query('path_prefix') || undefined,
        component: c.req.query('component') || undefined,
        correlation: c.req.query('correlation') || undefined,
      }),
    });
  });

  app.delete('/_emulator/requests', (c) => {
    emu.requestLog.clear();
    return c.json({ cleared: true });
  });

  app.get('/_emulator/faults', (c) => c.json({ data: emu.faults.list(faultFilter(c)) }));
  app.post('/_emulator/faults', async (c) =>
    c.json(emu.faults.add(await readJsonObject(c, 'api')), 201),
  );
  app.delete('/_emulator/faults', (c) => {
    const removed = emu.faults.clear(faultFilter(c));
    return c.json({ cleared: true, removed });
  });

  app.get('/_emulator/byok', async (c) =>
    c.json({ data: await listCustomerKeys(emu, primaryEnv()) }),
  );

  app.put('/_emulator/byok/:orgId', async (c) => {
    const input = byokStateSchema.parse(await readJsonObject(c, 'api'));
    const orgId = c.req.param('orgId');
    const existing = await emu.keys.customerKey(emu.db, primaryEnv(), orgId);
    let key;
    if (!existing || input.provider || input.key_id) {
      if (input.state === 'deleted' && !existing)
        throw apiError(404, `Organization ${orgId} has no customer key to delete`);
      key = await configureByok(
        emu,
        primaryEnv(),
        orgId,
        input.provider ?? (existing?.provider as 'AWS_KMS') ?? 'AWS_KMS',
        input.key_id ??
          existing?.external_key_id ??
          `arn:aws:kms:us-east-1:000000000000:key/${orgId.toLowerCase()}`,
        input.state !== 'failed',
      );
      if (input.state === 'deleted') key = await setByokState(emu, primaryEnv(), orgId, 'deleted');
    } else {
      key = await setByokState(emu, primaryEnv(), orgId, input.state);
    }
    return c.json(key);
  });

  // The next sign-in of this user gets an old auth_time (to test "recent sign-in required").
  app.post('/_emulator/logins/backdate', async (c) => {
    const input = z
      .object({
        email: z.string().email(),
        seconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 86400),
      })
      .parse(await readJsonObject(c, 'api'));
    emu.backdatedLogins.set(input.email.toLowerCase(), input.seconds);
    return c.json({ email: input.email, seconds: input.seconds });
  });

  // Tokens of an already-ended session, for tests that replay an expired cookie.
  app.post('/_emulator/sessions/expired', async (c) => {
    const { email } = z.object({ email: z.string().email() }).parse(await readJsonObject(c, 'api'));
    const tokens = await emu.auth.expiredTokens(email);
    if (!tokens) throw apiError(404, `No user ${email}`);
    return c.json(tokens);
  });

  app.get('/_emulator/audit-logs', async (c) => {
    const org = c.req.query('organization_id');
    const r = await emu.db.query(
      `select id, organization_id, action, occurred_at, actor, targets, context, metadata, created_at from audit_log_events
       where environment_id = $1 and ($2::text is null or organization_id = $2) order by created_at desc limit 500`,
      [primaryEnv(), org ?? null],
    );
    return c.json({ data: r.rows });
  });
}
