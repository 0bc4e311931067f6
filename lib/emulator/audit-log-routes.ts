import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { apiError, readJsonObject, validation } from './http';
import { prefixedUlid } from './ids';

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

export function registerAuditLogRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
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
}
