import { sql, type Kysely } from 'kysely';

// Foundation: org tree, users, roles with data scopes, sessions, the hash-chained audit log,
// the outbox and the job queue. Constraint names are stable: errors map from them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create table org (
      id uuid primary key,
      code text not null constraint org_code_key unique,
      name text not null,
      type text not null constraint org_type_check
        check (type in ('HEAD','BRANCH','CENTRAL_SUB','SUB','SALES_DEPT','OUTLET')),
      parent_id uuid constraint org_parent_fk references org(id),
      path text not null constraint org_path_key unique,
      depth int not null,
      status text not null default 'ACTIVE' constraint org_status_check check (status in ('ACTIVE','CLOSED')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint org_root_check check ((parent_id is null) = (depth = 0))
    );
    create index org_path_prefix_idx on org (path text_pattern_ops);
    create index org_parent_idx on org (parent_id);

    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select id, 'HQ', '总公司', 'HEAD', null, '/' || id || '/', 0, now(), now()
    from (select gen_random_uuid() as id) r;

    create table app_user (
      id uuid primary key,
      username text not null,
      name text not null,
      org_id uuid not null constraint app_user_org_fk references org(id),
      password_hash text not null,
      must_change_password boolean not null default true,
      status text not null default 'ACTIVE' constraint app_user_status_check check (status in ('ACTIVE','DISABLED')),
      failed_attempts int not null default 0,
      locked_until timestamptz,
      mfa_secret text,
      mfa_enabled boolean not null default false,
      mfa_pending_secret text,
      mfa_last_step bigint,
      mobile text,
      email text,
      password_changed_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index app_user_username_key on app_user (lower(username));
    create index app_user_org_username_idx on app_user (org_id, username);
    -- Sort orders of the user list, each with id as tiebreaker for keyset paging.
    create index app_user_username_idx on app_user (username, id);
    create index app_user_name_idx on app_user (name, id);
    create index app_user_created_idx on app_user (created_at, id);
    -- "contains" search on username and Chinese names (桂兰 finds 李桂兰) without a full scan.
    create index app_user_search_trgm_idx on app_user using gin (username gin_trgm_ops, name gin_trgm_ops);

    create table role (
      id uuid primary key,
      code text not null constraint role_code_key unique,
      name text not null,
      description text,
      permissions text[] not null default '{}',
      mfa_required boolean not null default false,
      builtin boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table user_role (
      user_id uuid not null constraint user_role_user_fk references app_user(id) on delete cascade,
      role_id uuid not null constraint user_role_role_fk references role(id),
      scope text not null constraint user_role_scope_check check (scope in ('self','org','subtree','all')),
      constraint user_role_pkey primary key (user_id, role_id)
    );
    create index user_role_role_idx on user_role (role_id);

    create table session (
      id text primary key,
      user_id uuid not null constraint session_user_fk references app_user(id),
      csrf_token text not null,
      stage text not null constraint session_stage_check check (stage in ('ACTIVE','MFA_PENDING')),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      ended_at timestamptz,
      end_reason text
    );
    create index session_user_open_idx on session (user_id) where ended_at is null;
    create index session_open_idx on session (last_seen_at) where ended_at is null;

    -- Audit: append-only and hash-chained. The application serializes writers on audit_head
    -- (SELECT … FOR UPDATE), which hands out seq: gapless, one order.
    create table audit_event (
      seq bigint constraint audit_event_pkey primary key,
      id uuid not null constraint audit_event_id_key unique,
      occurred_at timestamptz not null,
      user_id uuid,
      username text,
      org_id uuid,
      roles text,
      ip text,
      request_id text,
      action text not null,
      object_type text,
      object_id text,
      outcome text not null constraint audit_event_outcome_check check (outcome in ('SUCCESS','FAILURE','DENIED')),
      before jsonb,
      after jsonb,
      details jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_event_time_idx on audit_event (occurred_at desc, seq desc);
    create index audit_event_user_idx on audit_event (user_id, seq desc);
    create index audit_event_action_idx on audit_event (action, seq desc);
    create index audit_event_object_idx on audit_event (object_type, object_id);
    create index audit_event_org_idx on audit_event (org_id, seq desc);

    create table audit_head (
      id int primary key constraint audit_head_single check (id = 1),
      last_seq bigint not null,
      last_hash text not null
    );
    insert into audit_head (id, last_seq, last_hash) values (1, 0, repeat('0', 64));

    create function audit_event_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only' using errcode = 'P0001';
    end $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_reject_change();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_reject_change();

    -- Outbox: written in the business transaction, delivered after commit.
    create table domain_event (
      seq bigint generated always as identity,
      id uuid primary key,
      type text not null,
      aggregate_type text not null,
      aggregate_id text not null,
      payload jsonb not null,
      occurred_at timestamptz not null,
      delivered_at timestamptz,
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      last_error text
    );
    create index domain_event_pending_idx on domain_event (next_attempt_at, seq) where delivered_at is null;
    create index domain_event_aggregate_idx on domain_event (aggregate_type, aggregate_id);

    create table domain_event_delivery (
      event_id uuid not null constraint domain_event_delivery_event_fk references domain_event(id),
      subscriber text not null,
      delivered_at timestamptz not null,
      constraint domain_event_delivery_pkey primary key (event_id, subscriber)
    );

    create table job (
      id uuid primary key,
      queue text not null,
      payload jsonb not null,
      status text not null constraint job_status_check check (status in ('QUEUED','RUNNING','DONE','FAILED')),
      run_at timestamptz not null,
      attempts int not null default 0,
      max_attempts int not null default 5,
      locked_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      finished_at timestamptz
    );
    create index job_ready_idx on job (queue, run_at) where status = 'QUEUED';
    create index job_running_idx on job (locked_at) where status = 'RUNNING';
  `.execute(db);

  // Built-in roles. Separation of duties (三员分立): the system administrator runs the
  // organisation and its users but cannot read the audit log; the security administrator manages
  // roles and sessions; the auditor reads everything it may audit and changes nothing.
  await sql`
    insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at) values
    (gen_random_uuid(), 'SYS_ADMIN', '系统管理员', '管理机构、用户与角色；可为用户分配安全管理员、审计管理员角色',
      array['org:read','org:write','user:read','user:write','role:read','role:write','role:grant-builtin','session:read','pii:reveal'], true, true, now(), now()),
    (gen_random_uuid(), 'SECURITY_ADMIN', '安全管理员', '管理角色权限、会话与账号解锁',
      array['role:read','role:write','user:read','user:unlock','session:read','session:write','org:read'], true, true, now(), now()),
    (gen_random_uuid(), 'AUDITOR', '审计管理员', '查阅审计日志，不能修改任何数据',
      array['audit:read','audit:export','org:read','user:read','role:read','session:read'], false, true, now(), now());
  `.execute(db);
}
