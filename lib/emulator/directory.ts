import type { PGlite } from '@electric-sql/pglite';
import { isoMillis } from './http';
import { prefixedUlid, uuidV5 } from './ids';

type Q = Pick<PGlite, 'query'>;

export type OrgRow = {
  id: string;
  name: string;
  external_id: string | null;
  metadata: Record<string, string>;
  domains: { domain: string; state: string }[];
  created_at: Date;
  updated_at: Date;
};

export type UserRow = {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  email_verified: boolean;
  profile_picture_url: string | null;
  metadata: Record<string, string>;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export type MembershipRow = {
  id: string;
  user_id: string;
  organization_id: string;
  organization_name: string;
  role_slug: string;
  status: string;
  created_at: Date;
  updated_at: Date;
};

export function organizationJson(org: OrgRow) {
  return {
    object: 'organization',
    id: org.id,
    name: org.name,
    allow_profiles_outside_organization: false,
    domains: org.domains.map((d) => ({
      object: 'organization_domain',
      id: `org_domain_${uuidV5(`${org.id}|${d.domain}`).replace(/-/g, '').slice(0, 26).toUpperCase()}`,
      organization_id: org.id,
      domain: d.domain,
      state: d.state,
      verification_strategy: 'manual',
      created_at: isoMillis(org.created_at),
      updated_at: isoMillis(org.updated_at),
    })),
    metadata: org.metadata,
    external_id: org.external_id,
    created_at: isoMillis(org.created_at),
    updated_at: isoMillis(org.updated_at),
  };
}

export function userJson(u: UserRow) {
  return {
    object: 'user',
    id: u.id,
    email: u.email,
    email_verified: u.email_verified,
    first_name: u.first_name,
    last_name: u.last_name,
    profile_picture_url: u.profile_picture_url,
    last_sign_in_at: u.last_sign_in_at ? isoMillis(u.last_sign_in_at) : null,
    external_id: null,
    metadata: u.metadata,
    locale: null,
    created_at: isoMillis(u.created_at),
    updated_at: isoMillis(u.updated_at),
  };
}

export function membershipJson(m: MembershipRow) {
  return {
    object: 'organization_membership',
    id: m.id,
    user_id: m.user_id,
    organization_id: m.organization_id,
    organization_name: m.organization_name,
    status: m.status,
    role: { slug: m.role_slug },
    roles: [{ slug: m.role_slug }],
    directory_managed: false,
    custom_attributes: {},
    created_at: isoMillis(m.created_at),
    updated_at: isoMillis(m.updated_at),
  };
}

const ORG_COLUMNS = 'id, name, external_id, metadata, domains, created_at, updated_at';

export async function insertOrganization(
  q: Q,
  environmentId: string,
  input: {
    id?: string;
    name: string;
    domains?: { domain: string; state: string }[];
    externalId?: string | null;
    metadata?: Record<string, string>;
    at?: Date;
  },
): Promise<OrgRow> {
  const at = input.at ?? new Date();
  const id = input.id ?? prefixedUlid('org');
  await q.query(
    `insert into organizations (id, environment_id, name, external_id, metadata, domains, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [
      id,
      environmentId,
      input.name,
      input.externalId ?? null,
      JSON.stringify(input.metadata ?? {}),
      JSON.stringify(input.domains ?? []),
      at,
    ],
  );
  return (await getOrganization(q, environmentId, id))!;
}

export async function getOrganization(
  q: Q,
  environmentId: string,
  id: string,
): Promise<OrgRow | null> {
  const r = await q.query<OrgRow>(
    `select ${ORG_COLUMNS} from organizations where environment_id = $1 and id = $2`,
    [environmentId, id],
  );
  return r.rows[0] ?? null;
}

const USER_COLUMNS =
  'id, email, first_name, last_name, email_verified, profile_picture_url, metadata, last_sign_in_at, created_at, updated_at';

export async function getUser(q: Q, id: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function getUserByEmail(q: Q, email: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(
    `select ${USER_COLUMNS} from users where lower(email) = lower($1)`,
    [email],
  );
  return r.rows[0] ?? null;
}

export async function listUsers(q: Q): Promise<UserRow[]> {
  const r = await q.query<UserRow>(`select ${USER_COLUMNS} from users order by email`);
  return r.rows;
}

const MEMBERSHIP_SELECT = `select m.id, m.user_id, m.organization_id, o.name as organization_name, m.role_slug, m.status, m.created_at, m.updated_at
  from memberships m join organizations o on o.id = m.organization_id`;

export async function membershipsOfUser(
  q: Q,
  userId: string,
  statuses: string[] = ['active'],
): Promise<MembershipRow[]> {
  const r = await q.query<MembershipRow>(
    `${MEMBERSHIP_SELECT} where m.user_id = $1 and m.status = any($2) order by o.name`,
    [userId, statuses],
  );
  return r.rows;
}

export async function activeMembership(
  q: Q,
  userId: string,
  organizationId: string,
): Promise<MembershipRow | null> {
  const r = await q.query<MembershipRow>(
    `${MEMBERSHIP_SELECT} where m.user_id = $1 and m.organization_id = $2 and m.status = 'active'`,
    [userId, organizationId],
  );
  return r.rows[0] ?? null;
}

export async function listMemberships(
  q: Q,
  filter: { userId?: string; organizationId?: string; statuses: string[] },
): Promise<MembershipRow[]> {
  const r = await q.query<MembershipRow>(
    `${MEMBERSHIP_SELECT} where ($1::text is null or m.user_id = $1) and ($2::text is null or m.organization_id = $2) and m.status = any($3) order by m.id desc`,
    [filter.userId ?? null, filter.organizationId ?? null, filter.statuses],
  );
  return r.rows;
}
