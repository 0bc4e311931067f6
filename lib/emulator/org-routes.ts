import type { Hono } from 'hono';
import { SEED_ROLES } from './seed-roles';
import type { AppEnv, Emulator } from './context';
import { getOrganization, insertOrganization, organizationJson, type OrgRow } from './directory';
import { apiError, isoMillis, readJsonObject } from './http';

function listLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw apiError(422, 'Validation failed', {
      code: 'invalid_request_parameters',
      errors: [
        {
          code: 'limit_out_of_range',
          field: 'limit',
          message: `limit must be an integer from 1 to 100, got "${raw}"`,
        },
      ],
    });
  }
  return n;
}

function listOrder(raw: string | undefined): 'asc' | 'desc' {
  if (raw === undefined || raw === '' || raw === 'desc' || raw === 'normal') return 'desc';
  if (raw === 'asc') return 'asc';
  throw apiError(422, 'Validation failed', {
    code: 'invalid_request_parameters',
    errors: [
      { code: 'invalid_order', field: 'order', message: 'order must be asc, desc or normal' },
    ],
  });
}

type DomainInput = { domain: string; state: string };

function parseDomainData(raw: unknown): DomainInput[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw apiError(422, 'domain_data must be an array of { domain, state }');
  return raw.map((d) => {
    if (!d || typeof d !== 'object' || typeof (d as DomainInput).domain !== 'string')
      throw apiError(422, 'each domain_data entry needs a string domain');
    const state = (d as DomainInput).state ?? 'pending';
    if (state !== 'verified' && state !== 'pending')
      throw apiError(422, 'domain_data state must be "verified" or "pending"');
    return { domain: (d as DomainInput).domain.toLowerCase(), state };
  });
}

function parseMetadata(raw: unknown): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    Object.values(raw).some((v) => typeof v !== 'string')
  ) {
    throw apiError(400, 'metadata must be an object of string values', {
      code: 'invalid_metadata',
    });
  }
  return raw as Record<string, string>;
}

export function registerOrganizationRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  const { db } = emu;

  app.get('/organizations', async (c) => {
    const env = c.var.environmentId;
    const limit = listLimit(c.req.query('limit'));
    const order = listOrder(c.req.query('order'));
    const where = ['environment_id = $1'];
    const args: unknown[] = [env];
    const arg = (v: unknown) => (args.push(v), `$${args.length}`);
    const search = c.req.query('search');
    if (search) where.push(`name ilike ${arg(`%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`);
    const domains = (c.req.queries('domains') ?? [])
      .flatMap((d) => d.split(','))
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    if (domains.length)
      where.push(
        `exists (select 1 from jsonb_array_elements(domains) d where d->>'domain' = any(${arg(domains)}))`,
      );
    const seqOf = async (id: string) => {
      const r = await db.query<{ seq: number }>(
        'select seq from organizations where environment_id = $1 and id = $2',
        [env, id],
      );
      if (!r.rows[0])
        throw apiError(422, `Cursor "${id}" does not name an organization`, {
          code: 'invalid_cursor',
        });
      return r.rows[0].seq;
    };
    const after = c.req.query('after') || undefined;
    const before = c.req.query('before') || undefined;
    const desc = order === 'desc';
    if (after) where.push(`seq ${desc ? '<' : '>'} ${arg(await seqOf(after))}`);
    if (before) where.push(`seq ${desc ? '>' : '<'} ${arg(await seqOf(before))}`);
    const backwards = Boolean(before) && !after;
    const fetchDesc = backwards ? !desc : desc;
    const r = await db.query<OrgRow>(
      `select id, name, external_id, metadata, domains, created_at, updated_at from organizations where ${where.join(' and ')}
       order by seq ${fetchDesc ? 'desc' : 'asc'} limit ${arg(limit + 1)}`,
      args,
    );
    const more = r.rows.length > limit;
    let rows = r.rows.slice(0, limit);
    if (backwards) rows = rows.reverse();
    const moreAfter = backwards ? true : more;
    const moreBefore = backwards ? more : Boolean(after);
    return c.json(
      {
        object: 'list',
        data: rows.map(organizationJson),
        list_metadata: {
          before: moreBefore && rows[0] ? rows[0].id : null,
          after: moreAfter && rows.length ? rows[rows.length - 1]!.id : null,
        },
      },
      200,
    );
  });

  app.get('/organizations/:id', async (c) => {
    const org = await getOrganization(db, c.var.environmentId, c.req.param('id'));
    if (!org)
      throw apiError(404, `Organization not found: '${c.req.param('id')}'.`, {
        code: 'entity_not_found',
        entity_id: c.req.param('id'),
      });
    return c.json(organizationJson(org), 200);
  });

  app.post('/organizations', async (c) => {
    const body = await readJsonObject(c, 'api');
    if (typeof body.name !== 'string' || body.name.trim() === '') {
      throw apiError(422, 'Validation failed', {
        code: 'invalid_request_parameters',
        errors: [{ code: 'name_required', field: 'name', message: 'name is required' }],
      });
    }
    const externalId = typeof body.external_id === 'string' ? body.external_id : null;
    if (externalId) {
      const taken = await db.query(
        'select 1 from organizations where environment_id = $1 and external_id = $2',
        [c.var.environmentId, externalId],
      );
      if (taken.rows.length)
        throw apiError(400, `external_id "${externalId}" is already used by another organization`, {
          code: 'external_id_already_used',
        });
    }
    const org = await insertOrganization(db, c.var.environmentId, {
      name: body.name.trim(),
      domains: parseDomainData(body.domain_data),
      externalId,
      metadata: parseMetadata(body.metadata),
    });
    return c.json(organizationJson(org), 201);
  });

  app.put('/organizations/:id', async (c) => {
    const env = c.var.environmentId;
    const org = await getOrganization(db, env, c.req.param('id'));
    if (!org)
      throw apiError(404, `Organization not found: '${c.req.param('id')}'.`, {
        code: 'entity_not_found',
      });
    const body = await readJsonObject(c, 'api');
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === ''))
      throw apiError(422, 'name must be a non-empty string');
    const domains = parseDomainData(body.domain_data);
    const metadata = parseMetadata(body.metadata);
    await db.query(
      `update organizations set name = coalesce($3, name), domains = coalesce($4, domains), metadata = coalesce($5, metadata),
         external_id = case when $6::boolean then $7 else external_id end, updated_at = now() where environment_id = $1 and id = $2`,
      [
        env,
        org.id,
        typeof body.name === 'string' ? body.name.trim() : null,
        domains ? JSON.stringify(domains) : null,
        metadata ? JSON.stringify(metadata) : null,
        'external_id' in body,
        typeof body.external_id === 'string' ? body.external_id : null,
      ],
    );
    return c.json(organizationJson((await getOrganization(db, env, org.id))!), 200);
  });

  app.delete('/organizations/:id', async (c) => {
    const r = await db.query('delete from organizations where environment_id = $1 and id = $2', [
      c.var.environmentId,
      c.req.param('id'),
    ]);
    if (r.affectedRows === 0)
      throw apiError(404, `Organization not found: '${c.req.param('id')}'.`, {
        code: 'entity_not_found',
      });
    return c.json({}, 202);
  });

  const rolesJson = () => ({
    object: 'list',
    data: SEED_ROLES.map((r) => ({
      object: 'role',
      id: `role_${r.slug}`,
      slug: r.slug,
      name: r.name,
      description: r.description,
      permissions: [...r.permissions],
      type: 'EnvironmentRole',
      created_at: isoMillis(emu.startedAt),
      updated_at: isoMillis(emu.startedAt),
    })),
  });
  app.get('/authorization/roles', (c) => c.json(rolesJson(), 200));
  app.get('/authorization/organizations/:id/roles', async (c) => {
    if (!(await getOrganization(db, c.var.environmentId, c.req.param('id'))))
      throw apiError(404, 'Organization not found', { code: 'entity_not_found' });
    return c.json(rolesJson(), 200);
  });
}
