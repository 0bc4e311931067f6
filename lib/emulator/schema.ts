import type { PGlite } from '@electric-sql/pglite';

// Emulator storage. Only ciphertext is stored for values and key material (see crypto.ts).
const MIGRATIONS: string[] = [
  `
  create table meta (key text primary key, value text not null);

  create table keks (
    id text primary key,
    environment_id text not null,
    pair_key text not null,
    pair_value text not null,
    wrapped bytea not null,
    created_at timestamptz not null default now(),
    unique (environment_id, pair_key, pair_value)
  );

  create table customer_keys (
    id text primary key,
    environment_id text not null,
    organization_id text not null,
    provider text not null,
    external_key_id text not null,
    state text not null check (state in ('verified', 'failed', 'deleted')),
    wrapped bytea not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    verified_at timestamptz,
    unique (environment_id, organization_id)
  );

  create table objects (
    seq bigserial unique, -- unique dropped by migration 4
    id text primary key,
    environment_id text not null,
    name text not null,
    context jsonb not null,
    org_id text,
    current_version_id text not null,
    key_id text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    updated_by jsonb not null,
    deleted_at timestamptz
  );
  -- A deleted object keeps a tombstone row (no versions, no ciphertext) so list cursors that
  -- point at it still resolve; its name is free again at once.
  create unique index objects_live_name on objects (environment_id, name) where deleted_at is null;
  create index objects_env_seq on objects (environment_id, seq);
  create index objects_env_updated on objects (environment_id, updated_at);

  create table object_versions (
    id text primary key,
    object_id text not null references objects (id) on delete cascade,
    created_at timestamptz not null,
    record bytea not null,
    etag text not null,
    size integer not null,
    key_id text not null
  );
  create index object_versions_object on object_versions (object_id, created_at);

  create table events (
    seq bigserial primary key,
    id text not null unique,
    environment_id text not null,
    event text not null,
    organization_id text,
    data jsonb not null,
    created_at timestamptz not null
  );
  create index events_env_event on events (environment_id, event, seq);

  create table idempotency (
    environment_id text not null,
    key text not null,
    route text not null,
    request_hash text not null,
    status integer not null,
    body text not null,
    created_at timestamptz not null default now(),
    primary key (environment_id, key, route)
  );
  `,
  `
  create table organizations (
    seq bigserial unique,
    id text primary key,
    environment_id text not null,
    name text not null,
    external_id text,
    metadata jsonb not null default '{}',
    domains jsonb not null default '[]',
    created_at timestamptz not null,
    updated_at timestamptz not null
  );

  create table users (
    id text primary key,
    email text not null unique,
    first_name text,
    last_name text,
    email_verified boolean not null default true,
    profile_picture_url text,
    metadata jsonb not null default '{}',
    last_sign_in_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
  );

  create table memberships (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    organization_id text not null references organizations (id) on delete cascade,
    role_slug text not null,
    status text not null default 'active',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (user_id, organization_id)
  );

  create table auth_codes (
    code_hash text primary key,
    client_id text not null,
    user_id text not null,
    organization_id text,
    redirect_uri text not null,
    code_challenge text not null,
    created_at timestamptz not null,
    used_at timestamptz
  );

  create table sessions (
    id text primary key,
    user_id text not null,
    organization_id text,
    auth_time timestamptz not null,
    created_at timestamptz not null,
    revoked_at timestamptz
  );

  create table refresh_tokens (
    token_hash text primary key,
    session_id text not null references sessions (id) on delete cascade,
    created_at timestamptz not null,
    used_at timestamptz
  );

  create table signing_keys (
    kid text primary key,
    private_pem text not null,
    public_jwk jsonb not null,
    created_at timestamptz not null default now()
  );

  create table audit_log_events (
    id text primary key,
    environment_id text not null,
    organization_id text not null,
    action text not null,
    occurred_at timestamptz not null,
    actor jsonb not null,
    targets jsonb not null,
    context jsonb not null,
    metadata jsonb,
    idempotency_key text,
    created_at timestamptz not null default now()
  );

  create table portal_links (
    token_hash text primary key,
    environment_id text not null,
    organization_id text not null,
    intent text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
  );
  `,
  // The time of the interactive sign-in, kept apart from the code's own creation time (a
  // back-dated sign-in must not make its code look expired).
  `alter table auth_codes add column auth_time timestamptz;`,
  // One index fewer on the create path (issue 27 item 5): `seq` is unique by construction (its
  // own sequence), and ordered lists use objects_env_seq. objects_env_updated stays: without it
  // an `updated_after` list at 100,000 objects is a 70–110 ms scan per page, and the console's
  // cron pass lists that way every few minutes.
  `alter table objects drop constraint if exists objects_seq_key;`,
];

export async function migrate(db: PGlite): Promise<void> {
  await db.exec(
    'create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())',
  );
  const done = await db.query<{ version: number }>('select version from schema_migrations');
  const applied = new Set(done.rows.map((r) => r.version));
  for (const [i, sql] of MIGRATIONS.entries()) {
    const version = i + 1;
    if (applied.has(version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    });
  }
}

/** Tables emptied by /_emulator/reset (everything but the signing key and migrations). */
export const RESETTABLE_TABLES = [
  'audit_log_events',
  'portal_links',
  'refresh_tokens',
  'sessions',
  'auth_codes',
  'memberships',
  'users',
  'organizations',
  'idempotency',
  'events',
  'object_versions',
  'objects',
  'customer_keys',
  'keks',
  'meta',
];
