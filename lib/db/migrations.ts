/**
 * The console database: one schema, one migration list, for PGlite and Postgres alike.
 * It holds no secret values: an index of object metadata, the console's audit trail and the
 * BYOK event history.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'context index',
    sql: `
      create table vault_objects (
        id text primary key,
        name text not null,
        org_id text,
        context jsonb not null,
        key_id text,
        version_id text,
        updated_at timestamptz,
        indexed_at timestamptz not null default now()
      );
      create index vault_objects_org_name on vault_objects (org_id, name);
      create index vault_objects_org_updated on vault_objects (org_id, updated_at desc, id);
      create index vault_objects_name on vault_objects (name);
      create index vault_objects_name_lower on vault_objects (lower(name) text_pattern_ops);

      create table index_state (
        key text primary key,
        value jsonb not null,
        updated_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 2,
    name: 'audit trail',
    sql: `
      create table audit_events (
        id text primary key,
        occurred_at timestamptz not null,
        user_id text not null,
        user_email text not null,
        org_id text,
        object_id text,
        object_name text,
        action text not null,
        outcome text not null,
        reason text,
        version_id text,
        detail jsonb not null default '{}'
      );
      create index audit_events_time on audit_events (occurred_at desc, id desc);
      create index audit_events_object on audit_events (object_id, occurred_at desc);
      create index audit_events_org on audit_events (org_id, occurred_at desc);
      create index audit_events_user on audit_events (user_email, occurred_at desc);
    `,
  },
  {
    version: 3,
    name: 'byok history',
    sql: `
      create table byok_events (
        id text primary key,
        org_id text not null,
        event text not null,
        provider text,
        verified boolean,
        key_id text,
        occurred_at timestamptz not null,
        received_at timestamptz not null default now()
      );
      create index byok_events_org on byok_events (org_id, occurred_at desc, id desc);
    `,
  },
  {
    version: 4,
    name: 'organization name cache',
    sql: `
      create table org_cache (
        id text primary key,
        name text not null,
        updated_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 5,
    name: 'signed-out sessions',
    sql: `
      create table revoked_sessions (
        sid text primary key,
        revoked_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 20,
    name: 'per-person rate limits; WorkOS-side sign-out state; membership answers',
    sql: `
      create table rate_limit_windows (
        subject text not null,
        bucket text not null,
        window_start timestamptz not null,
        hits integer not null,
        primary key (subject, bucket, window_start)
      );
      alter table revoked_sessions add column workos_revoked boolean not null default false;
      create table membership_cache (
        user_id text not null,
        org_id text not null,
        active boolean not null,
        checked_at timestamptz not null default now(),
        primary key (user_id, org_id)
      );
    `,
  },
  {
    version: 30,
    name: 'received webhooks',
    sql: `
      create table webhook_events (
        id text primary key,
        event text not null,
        kv_name text,
        occurred_at timestamptz not null,
        received_at timestamptz not null default now()
      );
      create index webhook_events_name on webhook_events (kv_name, occurred_at desc);
      create index webhook_events_received on webhook_events (received_at);
    `,
  },
  {
    version: 40,
    name: 'recent and pinned objects and organizations per person',
    // Names only (an object's name, an organization's name): never a value.
    sql: `
      create table user_recents (
        user_id text not null,
        kind text not null check (kind in ('org', 'object')),
        target_id text not null,
        label text not null,
        visited_at timestamptz not null default now(),
        primary key (user_id, kind, target_id)
      );
      create index user_recents_time on user_recents (user_id, visited_at desc);
      create table user_favourites (
        user_id text not null,
        kind text not null check (kind in ('org', 'object')),
        target_id text not null,
        label text not null,
        created_at timestamptz not null default now(),
        primary key (user_id, kind, target_id)
      );
    `,
  },
  {
    version: 41,
    name: 'trigram index for substring name search (command palette)',
    // Where the pg_trgm extension cannot be created (a managed Postgres without it), both steps
    // are skipped and substring search falls back to a scan: slower, same results.
    sql: `
      do $$ begin create extension if not exists pg_trgm; exception when others then raise notice 'pg_trgm is not available'; end $$;
      do $$ begin if exists (select 1 from pg_extension where extname = 'pg_trgm') then execute 'create index if not exists vault_objects_name_trgm on vault_objects using gin (lower(name) gin_trgm_ops)'; end if; end $$;
    `,
  },
  {
    version: 50,
    name: 'durable outbox for WorkOS Audit Logs events',
    // One row per event still to send; the id is the console trail's audit id and the event's
    // Idempotency-Key. A row is claimed for a while before sending (so replicas do not send it
    // together) and deleted once WorkOS accepted it.
    sql: `
      create table workos_audit_outbox (
        id text primary key,
        organization_id text not null,
        event jsonb not null,
        created_at timestamptz not null default now(),
        attempts integer not null default 0,
        claimed_until timestamptz,
        last_status text
      );
      create index workos_audit_outbox_due on workos_audit_outbox (claimed_until, created_at);
    `,
  },
  {
    version: 60,
    name: 'vault activity (WorkOS vault.* events) and per-object stewardship',
    // Who read or changed which object, when, from where: names and actors only, never a value.
    // vault_activity_summary keeps one row per name so stale filters need no aggregate over events.
    sql: `
      create table vault_activity (
        id text primary key,
        event text not null,
        kv_name text not null,
        org_id text,
        actor_id text,
        actor_name text,
        actor_source text,
        key_id text,
        occurred_at timestamptz not null,
        received_at timestamptz not null default now()
      );
      create index vault_activity_name on vault_activity (kv_name, occurred_at desc, id desc);
      create index vault_activity_name_event on vault_activity (kv_name, event, occurred_at desc, id desc);
      create index vault_activity_time on vault_activity (occurred_at);
      create table vault_activity_summary (
        kv_name text primary key,
        last_read_at timestamptz,
        last_changed_at timestamptz,
        created_at timestamptz
      );
      create index vault_activity_summary_read on vault_activity_summary (last_read_at);
      create table object_stewardship (
        object_id text primary key,
        object_name text not null,
        org_id text,
        owner text not null default '',
        notes text not null default '',
        rotation_days integer,
        expires_on date,
        updated_at timestamptz not null default now(),
        updated_by text not null
      );
      create index object_stewardship_rotation on object_stewardship (rotation_days) where rotation_days is not null;
      create index object_stewardship_expires on object_stewardship (expires_on);
      create index audit_events_object_name on audit_events (object_name, occurred_at desc);
    `,
  },
  {
    version: 70,
    name: 'batch operations (offboarding, BYOK migrator, bulk changes): plans and per-row state',
    // Ids, names, version ids and key ids only. A value never sits here: rows that need one
    // (re-encrypting) read it from Vault at the moment they run.
    sql: `
      create table operation_runs (
        id text primary key,
        kind text not null check (kind in ('offboard', 'rewrap', 'bulk_delete')),
        org_id text not null,
        org_name text not null,
        status text not null check (status in ('planned', 'running', 'finished', 'cancelled')),
        created_by_id text not null,
        created_by_email text not null,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        started_by_email text,
        finished_at timestamptz,
        lease_until timestamptz,
        detail jsonb not null default '{}'
      );
      create index operation_runs_org on operation_runs (org_id, created_at desc);
      create table operation_rows (
        run_id text not null references operation_runs (id) on delete cascade,
        seq int not null,
        object_id text not null,
        object_name text not null,
        expected_version text,
        key_id_before text,
        status text not null check (status in ('pending', 'in_progress', 'done', 'skipped', 'failed')),
        reason text,
        version_after text,
        key_id_after text,
        workos_calls int not null default 0,
        finished_at timestamptz,
        primary key (run_id, seq)
      );
      create index operation_rows_pending on operation_rows (run_id, status, seq);
    `,
  },
  {
    version: 85,
    name: 'recovery copies: the value of a deleted object or a replaced version, sealed under its own key context',
    // Never a plaintext: \`sealed\` is the SDK's local-encryption envelope (IV, tag, the Vault data
    // key wrapped for the object's own context, AES-256-GCM ciphertext with the row id as
    // associated data). A revoked customer key makes it unreadable, as it does the object.
    sql: `
      create table recovery_copies (
        id text primary key,
        kind text not null check (kind in ('deleted', 'replaced-version')),
        state text not null check (state in ('pending', 'kept', 'restoring')),
        object_id text not null,
        object_name text not null,
        version_id text,
        replaced_by_version text,
        org_id text,
        context jsonb not null,
        key_id text,
        data_key_id text,
        sealed text not null,
        created_by_id text not null,
        created_by_email text not null,
        created_at timestamptz not null default now(),
        purge_after timestamptz not null,
        state_since timestamptz not null default now(),
        operation_run text
      );
      create index recovery_copies_org on recovery_copies (org_id, created_at desc) where kind = 'deleted';
      create index recovery_copies_deleted on recovery_copies (created_at desc) where kind = 'deleted';
      create index recovery_copies_object on recovery_copies (object_id, version_id);
      create index recovery_copies_purge on recovery_copies (purge_after);
      create index recovery_copies_unsettled on recovery_copies (state_since) where state <> 'kept';
    `,
  },
  {
    version: 86,
    name: 'access-token issuer forms seen (doctor); customer-key tests; one row per event whatever id it came with',
    sql: `
      create table token_issuers_seen (
        iss text primary key,
        form text not null,
        first_seen timestamptz not null,
        last_seen timestamptz not null
      );
      create table byok_key_checks (
        org_id text not null,
        checked_at timestamptz not null default now(),
        usable boolean not null,
        status int,
        error text,
        checked_by_email text not null,
        primary key (org_id, checked_at)
      );
      alter table vault_activity add column dedupe_key text;
      create unique index vault_activity_dedupe on vault_activity (dedupe_key);
      alter table byok_events add column dedupe_key text;
      create unique index byok_events_dedupe on byok_events (dedupe_key);
    `,
  },
  {
    version: 90,
    name: 'approvals: policies (environment default + per-organization overrides), access requests and their decisions',
    // Ids, emails, names and reasons only; a request never holds a value. `kind` is open-ended so
    // change requests and operation approvals can be added as new kinds with their own columns.
    sql: `
      create table approval_policies (
        scope text primary key,
        reveal_needs_approval boolean not null default false,
        change_needs_approval boolean not null default false,
        delete_needs_approval boolean not null default false,
        operations_need_approval text[] not null default '{}',
        key_decrypt_needs_approval boolean not null default false,
        approvals_required integer not null default 1 check (approvals_required in (1, 2)),
        request_expiry_minutes integer not null default 1440 check (request_expiry_minutes between 5 and 10080),
        max_grant_minutes integer not null default 60 check (max_grant_minutes between 5 and 480),
        break_glass_allowed boolean not null default false,
        ticket_required boolean not null default false,
        version integer not null default 1,
        updated_at timestamptz not null default now(),
        updated_by_id text not null,
        updated_by_email text not null
      );
      create table access_requests (
        id text primary key,
        kind text not null check (kind in ('reveal')),
        status text not null check (status in ('pending', 'approved', 'denied', 'withdrawn', 'revoked')),
        requester_id text not null,
        requester_email text not null,
        org_id text not null,
        object_id text,
        object_name text,
        reason text not null,
        ticket text,
        duration_minutes integer not null check (duration_minutes between 1 and 480),
        approvals_required integer not null check (approvals_required in (1, 2)),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        granted_at timestamptz,
        grant_expires_at timestamptz,
        ended_at timestamptz,
        ended_by_email text,
        detail jsonb not null default '{}'
      );
      create index access_requests_queue on access_requests (created_at desc, id desc);
      create index access_requests_status on access_requests (status, created_at desc);
      create index access_requests_requester on access_requests (requester_id, status, grant_expires_at);
      create table access_request_decisions (
        request_id text not null references access_requests (id) on delete cascade,
        approver_id text not null,
        approver_email text not null,
        decision text not null check (decision in ('approve', 'deny')),
        comment text not null default '',
        decided_at timestamptz not null default now(),
        primary key (request_id, approver_id)
      );
    `,
  },
  {
    version: 91,
    name: 'change requests: a proposed value change, new object or delete, its staged value sealed under the object’s own key context',
    // The proposed value is never plaintext here: \`sealed\` is the SDK's local-encryption envelope
    // (a Vault data key for the object's own context, AES-256-GCM, the request id as associated
    // data), as for recovery copies. The row goes when the request is applied, denied, withdrawn,
    // revoked or expires. \`kind\` is checked for its shape only (the same check, by the same name,
    // as migration 95's), so no kind's migration undoes another's whatever order they run in.
    sql: `
      alter table access_requests drop constraint if exists access_requests_kind_check;
      alter table access_requests add constraint access_requests_kind_check check (kind ~ '^[a-z_]{1,32}$');
      alter table access_requests drop constraint if exists access_requests_duration_minutes_check;
      alter table access_requests add constraint access_requests_duration_range check (duration_minutes between 0 and 480);
      alter table access_requests add column change_op text check (change_op in ('update', 'create', 'delete'));
      alter table access_requests add column base_version_id text;
      alter table access_requests add column stale_at timestamptz;
      alter table access_requests add column stale_by text;
      alter table access_requests add column stale_version_id text;
      alter table access_requests add column applied_at timestamptz;
      alter table access_requests add column applied_version_id text;
      alter table access_requests add column apply_claimed_at timestamptz;
      create index access_requests_change_object on access_requests (object_id, created_at desc) where kind = 'change';
      create table change_request_values (
        request_id text primary key references access_requests (id) on delete cascade,
        sealed text not null,
        data_key_id text,
        context jsonb not null,
        created_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 93,
    name: 'notifications: webhook delivery queue, inbox read marks, break-glass uses; how much of a name a notification carries',
    // A notification row holds the message as it leaves (ids, emails, trimmed names; never a value).
    // Delivered rows are kept a while: `dedupe_key` stops a sweep (expiry, digest) sending twice.
    sql: `
      create table notifications (
        id text primary key,
        dedupe_key text unique,
        kind text not null,
        org_id text,
        message jsonb not null,
        created_at timestamptz not null default now(),
        attempts integer not null default 0,
        claimed_until timestamptz,
        last_status text,
        delivered_at timestamptz
      );
      create index notifications_due on notifications (claimed_until, created_at) where delivered_at is null;
      create index notifications_delivered on notifications (delivered_at) where delivered_at is not null;
      create table inbox_seen (
        user_id text primary key,
        seen_at timestamptz not null
      );
      create table break_glass_uses (
        id text primary key,
        occurred_at timestamptz not null default now(),
        user_id text not null,
        user_email text not null,
        org_id text not null,
        object_id text,
        object_name text,
        action text not null,
        reason text not null,
        acknowledged_at timestamptz,
        acknowledged_by_id text,
        acknowledged_by_email text
      );
      create index break_glass_open on break_glass_uses (org_id, occurred_at desc) where acknowledged_at is null;
      alter table approval_policies add column notify_names text not null default 'full'
        check (notify_names in ('full', 'last_segment', 'none'));
    `,
  },
  {
    version: 95,
    name: 'dual control for tenant operations: operation approvals as access requests bound to a plan version and hash',
    // An approval request for a planned run is an access_requests row of kind 'operation' (run id,
    // plan version, plan hash and the plan's authors in its detail); the run keeps its plan
    // version, who planned or edited it, and which approval started it. The kind check becomes a
    // format check so kinds added by other migrations (change requests) and this one never undo
    // each other whatever order they run in; the code names the kinds it knows.
    sql: `
      alter table access_requests drop constraint if exists access_requests_kind_check;
      alter table access_requests add constraint access_requests_kind_check check (kind ~ '^[a-z_]{1,32}$');
      create index access_requests_operation_run on access_requests ((detail->>'run_id')) where kind = 'operation';
      alter table operation_runs add column plan_version integer not null default 1;
      alter table operation_runs add column plan_authors text[] not null default '{}';
      alter table operation_runs add column approval_request_id text;
      update operation_runs set plan_authors = array[created_by_id];
    `,
  },
  {
    version: 96,
    name: 'import apply under dual control: import plans as operation runs, their values staged sealed',
    // Where policy puts import apply behind approval, the upload becomes a planned run of kind
    // 'import' (names, object ids, the versions the preview read) and each row's value is staged
    // here sealed like a change request's (a Vault data key for the object's key context and
    // AES-256-GCM, lib/recovery/seal.ts): never plaintext. A row's value goes when the row is
    // written, and all of them when the plan is discarded, denied, withdrawn or expires.
    sql: `
      alter table operation_runs drop constraint if exists operation_runs_kind_check;
      alter table operation_runs add constraint operation_runs_kind_check check (kind ~ '^[a-z_]{1,32}$');
      create table operation_row_values (
        run_id text not null,
        seq int not null,
        sealed text not null,
        data_key_id text,
        context jsonb not null,
        created_at timestamptz not null default now(),
        primary key (run_id, seq),
        foreign key (run_id, seq) references operation_rows (run_id, seq) on delete cascade
      );
    `,
  },
];
