import type { Hono } from 'hono';
import type { AppEnv, Emulator } from './context';
import { getOrganization } from './directory';
import { apiError, isoMillis, queryValues, validation } from './http';

/** Events older than this are not served, as on WorkOS (30 days). */
const EVENT_RETENTION_DAYS = 30;

function parseIsoParam(raw: string | undefined, field: string): Date | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw validation(field, 'invalid_date', `${field} must be an ISO 8601 timestamp`);
  return new Date(ms);
}

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

export function registerEventRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;
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
      if (reply === '404' || reply === '410')
        throw apiError(Number(reply) as 404 | 410, `Event "${after ?? before}" was not found`);
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
}
