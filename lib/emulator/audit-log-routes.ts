import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { apiError, readJsonObject, validation } from './http';
import { prefixedUlid } from './ids';

/**
 * Spec `AuditLogEvent*Dto` (`@workos/openapi-spec` 0.1.0) and workos.com/docs/audit-logs/metadata-schema:
 * every metadata object (event, actor, each target) has at most 50 keys, keys match
 * `^[a-zA-Z0-9_-]{0,40}$`, values are a string of at most 500 characters, a number or a boolean.
 */
const metadataSchema = z
  .record(
    z
      .string()
      .regex(/^[a-zA-Z0-9_-]{0,40}$/, 'metadata keys: letters, digits, _ and -, at most 40'),
    z.union([
      z.string().max(500, 'metadata values: at most 500 characters'),
      z.number(),
      z.boolean(),
    ]),
  )
  .refine((m) => Object.keys(m).length <= 50, 'metadata: at most 50 keys');

/** `format: date-time` (RFC 3339): what `Date.parse` also reads, such as "Fri Nov 27 2026", is not enough. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const auditEventSchema = z.object({
  organization_id: z.string().startsWith('org_'),
  event: z.object({
    action: z.string().min(1).max(200),
    occurred_at: z
      .string()
      .refine(
        (s) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)),
        'occurred_at must be an ISO 8601 (RFC 3339 date-time) timestamp',
      ),
    version: z.number().int().optional(),
    actor: z.object({
      id: z.string().min(1),
      type: z.string().min(1),
      name: z.string().optional(),
      metadata: metadataSchema.optional(),
    }),
    targets: z.array(
      z.object({
        id: z.string().min(1),
        type: z.string().min(1),
        name: z.string().optional(),
        metadata: metadataSchema.optional(),
      }),
    ),
    context: z.object({ location: z.string().min(1), user_agent: z.string().optional() }),
    metadata: metadataSchema.optional(),
  }),
});

export function registerAuditLogRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
  app.post('/audit_logs/events', async (c) => {
    const parsed = auditEventSchema.safeParse(await readJsonObject(c, 'api'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      // Spec: a body that breaks the event schema is 400 invalid_audit_log_event with the paths.
      if (
        issue.path[0] === 'event' &&
        issue.path.some((p) => p === 'metadata' || p === 'occurred_at')
      )
        throw apiError(400, issue.message, {
          code: 'invalid_audit_log_event',
          errors: parsed.error.issues.map((i) => ({
            instancePath: `/${i.path.join('/')}`,
            message: i.message,
          })),
        });
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
