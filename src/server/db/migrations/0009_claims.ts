import { sql, type Kysely } from 'kysely';

// Claims (issue 5): 报案 → 调度/查勘/定损/人伤 → 立案 (reserves) → 理算 → 核赔 → 支付 → 结案, plus the
// platform's content-addressed blob store and idempotency keys. What must hold whatever the
// application does is enforced here: states and kinds from their lists, money ≥ 0 with two
// decimals, one payment per idempotency key, a payment's amount > 0, a document's bytes stored once
// per SHA-256. Constraint names are stable: errors map from them (claim errors files).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Files (photos, invoices, letters) by the SHA-256 of their bytes: the same file is stored once.
    create table blob (
      sha256 text primary key constraint blob_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
      size int not null constraint blob_size_check check (size > 0),
      mime text not null,
      content bytea not null,
      created_at timestamptz not null
    );

    -- A write answered once per (user, scope, key): a replay with the same body gets the first answer.
    create table idempotency_key (
      scope text not null,
      user_id uuid not null constraint idempotency_key_user_fk references app_user(id),
      key text not null constraint idempotency_key_key_check check (length(key) between 8 and 200),
      request_hash text not null,
      status int,
      response jsonb,
      created_at timestamptz not null,
      primary key (scope, user_id, key)
    );

    alter table billing_item drop constraint billing_item_source_check;
    alter table billing_item add constraint billing_item_source_check check (source_type in ('PROPOSAL','ENDORSEMENT','CLAIM_PAYMENT'));

    create table claim_number_counter (
      org_code text not null,
      day date not null,
      last_seq int not null,
      primary key (org_code, day)
    );

    create table claim (
      id uuid primary key,
      claim_no text not null constraint claim_no_key unique,
      policy_id uuid not null constraint claim_policy_fk references policy(id),
      org_id uuid not null constraint claim_org_fk references org(id),
      line text not null,
      state text not null constraint claim_state_check
        check (state in ('REPORTED','REGISTERED','PENDING_APPROVAL','APPROVED','DECLINED','CLOSED','WITHDRAWN')),
      loss_at timestamptz not null,
      loss_date date not null,
      loss_place text not null constraint claim_loss_place_check check (length(btrim(loss_place)) between 1 and 200),
      loss_cause text not null,
      description text not null constraint claim_description_check check (length(btrim(description)) between 1 and 2000),
      channel text not null constraint claim_channel_check check (channel in ('PHONE','COUNTER','APP','DEALER')),
      reporter_name text not null,
      reporter_phone_masked text,
      reporter_phone_enc text,
      reporter_relation text,
      -- Coverages of the policy that can respond to this loss (snapshot at report).
      coverages jsonb not null default '[]',
      -- Motor liability: AT_FAULT (全责/主责/同责/次责 by share) or NOT_AT_FAULT / NO_LIABILITY.
      at_fault boolean,
      liability_share numeric(5,2) constraint claim_liability_share_check check (liability_share is null or (liability_share >= 0 and liability_share <= 100)),
      duplicate_of uuid constraint claim_duplicate_of_fk references claim(id),
      duplicate_state text not null default 'NONE' constraint claim_duplicate_state_check check (duplicate_state in ('NONE','SUSPECTED','CONFIRMED_DISTINCT','LINKED')),
      handler_id uuid not null constraint claim_handler_fk references app_user(id),
      reported_by uuid not null constraint claim_reported_by_fk references app_user(id),
      reported_at timestamptz not null,
      registered_by uuid constraint claim_registered_by_fk references app_user(id),
      registered_at timestamptz,
      -- While 待核赔: the org whose approvers are asked now (escalation climbs the org tree).
      approval_org_id uuid constraint claim_approval_org_fk references org(id),
      approved_amount numeric(14,2) not null default 0 constraint claim_approved_amount_check check (approved_amount >= 0),
      paid_amount numeric(14,2) not null default 0 constraint claim_paid_amount_check check (paid_amount >= 0),
      -- Sum of claim_reserve.delta, kept in the same transaction as each reserve row.
      outstanding_reserve numeric(14,2) not null default 0 constraint claim_outstanding_reserve_check check (outstanding_reserve >= 0),
      decline_code text,
      decline_reason text,
      closed_at timestamptz,
      reopen_count int not null default 0,
      -- When the claim entered its current state (pending ages and cycle times).
      state_since timestamptz not null,
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index claim_policy_idx on claim (policy_id, loss_date);
    -- Worklists: by org (scope) and state, by handler and state; newest activity first.
    create index claim_org_state_idx on claim (org_id, state, updated_at, id);
    create index claim_handler_state_idx on claim (handler_id, state, updated_at, id);
    create index claim_state_updated_idx on claim (state, updated_at, id);
    -- "Longest in its stage first" over the open stages: one ordered scan instead of a sort of them all.
    create index claim_open_since_idx on claim (state_since, id) where state in ('REPORTED','REGISTERED','PENDING_APPROVAL','APPROVED');
    create index claim_loss_date_idx on claim (loss_date);

    create table claim_party (
      id uuid primary key,
      claim_id uuid not null constraint claim_party_claim_fk references claim(id),
      seq int not null,
      role text not null constraint claim_party_role_check check (role in ('THIRD_PARTY','INJURED','DRIVER','WITNESS')),
      name text not null,
      id_number_masked text,
      phone_masked text,
      plate_no text,
      note text,
      constraint claim_party_seq_key unique (claim_id, seq)
    );

    create table claim_task (
      id uuid primary key,
      claim_id uuid not null constraint claim_task_claim_fk references claim(id),
      kind text not null constraint claim_task_kind_check check (kind in ('SURVEY','DAMAGE','INJURY')),
      org_id uuid not null constraint claim_task_org_fk references org(id),
      assignee_id uuid not null constraint claim_task_assignee_fk references app_user(id),
      state text not null constraint claim_task_state_check check (state in ('ASSIGNED','SUBMITTED','APPROVED','RETURNED','CANCELLED')),
      findings text,
      assessed_amount numeric(14,2) not null default 0 constraint claim_task_assessed_check check (assessed_amount >= 0),
      submitted_at timestamptz,
      reviewed_by uuid constraint claim_task_reviewed_by_fk references app_user(id),
      reviewed_at timestamptz,
      review_note text,
      created_by uuid not null constraint claim_task_created_by_fk references app_user(id),
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index claim_task_claim_idx on claim_task (claim_id, created_at);
    create index claim_task_assignee_idx on claim_task (assignee_id, state, created_at);

    create table claim_task_item (
      id uuid primary key,
      task_id uuid not null constraint claim_task_item_task_fk references claim_task(id),
      seq int not null,
      kind text not null constraint claim_task_item_kind_check check (kind in ('PART','LABOUR','MEDICAL','PROPERTY','OTHER')),
      name text not null,
      coverage_code text not null,
      loss_type text not null constraint claim_task_item_loss_type_check check (loss_type in ('INJURY','VEHICLE','PROPERTY','DEATH','DISABILITY','MEDICAL')),
      unit_price numeric(14,2) not null constraint claim_task_item_price_check check (unit_price >= 0),
      quantity numeric(10,2) not null constraint claim_task_item_quantity_check check (quantity > 0),
      amount numeric(14,2) not null constraint claim_task_item_amount_check check (amount >= 0),
      constraint claim_task_item_seq_key unique (task_id, seq)
    );

    create table claim_document (
      id uuid primary key,
      claim_id uuid not null constraint claim_document_claim_fk references claim(id),
      task_id uuid constraint claim_document_task_fk references claim_task(id),
      kind text not null constraint claim_document_kind_check check (kind in ('PHOTO','INVOICE','MEDICAL_RECORD','ID_DOCUMENT','POLICE_REPORT','DEATH_CERTIFICATE','DECLINE_LETTER','OTHER')),
      name text not null,
      sha256 text not null constraint claim_document_blob_fk references blob(sha256),
      size int not null,
      mime text not null,
      uploaded_by uuid not null constraint claim_document_uploaded_by_fk references app_user(id),
      uploaded_at timestamptz not null
    );
    create index claim_document_claim_idx on claim_document (claim_id, uploaded_at);

    -- Case reserves: every change is a row; the current reserve of a (coverage, loss type) is the sum.
    create table claim_reserve (
      id uuid primary key,
      claim_id uuid not null constraint claim_reserve_claim_fk references claim(id),
      coverage_code text not null,
      loss_type text not null constraint claim_reserve_loss_type_check check (loss_type in ('INJURY','VEHICLE','PROPERTY','DEATH','DISABILITY','MEDICAL')),
      kind text not null constraint claim_reserve_kind_check check (kind in ('OPEN','ADJUST','PAYMENT','CLOSE','REOPEN','WITHDRAW')),
      delta numeric(14,2) not null,
      reason text not null,
      created_by uuid constraint claim_reserve_created_by_fk references app_user(id),
      created_at timestamptz not null
    );
    create index claim_reserve_claim_idx on claim_reserve (claim_id, coverage_code, loss_type);

    -- 理算书: one sheet per coverage and loss type; a recomputation supersedes the previous sheet.
    create table claim_calculation (
      id uuid primary key,
      claim_id uuid not null constraint claim_calculation_claim_fk references claim(id),
      coverage_code text not null,
      loss_type text not null,
      input jsonb not null,
      steps jsonb not null,
      payable numeric(14,2) not null constraint claim_calculation_payable_check check (payable >= 0),
      state text not null constraint claim_calculation_state_check check (state in ('CURRENT','SUPERSEDED')),
      created_by uuid not null constraint claim_calculation_created_by_fk references app_user(id),
      created_at timestamptz not null
    );
    create unique index claim_calculation_current on claim_calculation (claim_id, coverage_code, loss_type) where state = 'CURRENT';

    -- Approval authority per line: for a user, or for everyone holding a role (the larger applies).
    create table claim_authority (
      id uuid primary key,
      user_id uuid constraint claim_authority_user_fk references app_user(id),
      role_id uuid constraint claim_authority_role_fk references role(id),
      line text not null,
      max_amount numeric(14,2) not null constraint claim_authority_amount_check check (max_amount >= 0),
      created_by uuid not null constraint claim_authority_created_by_fk references app_user(id),
      created_at timestamptz not null,
      constraint claim_authority_subject_check check ((user_id is null) <> (role_id is null))
    );
    create unique index claim_authority_user_line on claim_authority (user_id, line) where user_id is not null;
    create unique index claim_authority_role_line on claim_authority (role_id, line) where role_id is not null;

    create table claim_approval (
      id uuid primary key,
      claim_id uuid not null constraint claim_approval_claim_fk references claim(id),
      level int not null,
      org_id uuid not null constraint claim_approval_org_fk references org(id),
      approver_id uuid constraint claim_approval_approver_fk references app_user(id),
      amount numeric(14,2) not null,
      decision text not null constraint claim_approval_decision_check check (decision in ('SUBMIT','APPROVE','ESCALATE','DECLINE','RETURN')),
      decline_code text,
      reason text,
      created_at timestamptz not null
    );
    create index claim_approval_claim_idx on claim_approval (claim_id, created_at);

    create table claim_payment (
      id uuid primary key,
      claim_id uuid not null constraint claim_payment_claim_fk references claim(id),
      payment_no text not null constraint claim_payment_no_key unique,
      kind text not null constraint claim_payment_kind_check check (kind in ('ADVANCE','PARTIAL','FINAL')),
      payee_party_id uuid constraint claim_payment_payee_fk references party(id),
      payee_name text not null,
      bank_name text not null,
      account_no_masked text not null,
      account_no_enc text not null,
      amount numeric(14,2) not null constraint claim_payment_amount_check check (amount > 0),
      coverage_code text,
      loss_type text,
      state text not null constraint claim_payment_state_check check (state in ('PENDING','PAID','CANCELLED')),
      billing_item_id uuid constraint claim_payment_billing_fk references billing_item(id),
      idempotency_key text not null,
      created_by uuid not null constraint claim_payment_created_by_fk references app_user(id),
      created_at timestamptz not null,
      paid_at timestamptz,
      paid_by uuid constraint claim_payment_paid_by_fk references app_user(id),
      paid_reference text,
      cancelled_at timestamptz,
      cancelled_by uuid constraint claim_payment_cancelled_by_fk references app_user(id),
      cancel_reason text,
      constraint claim_payment_idempotency_key unique (claim_id, idempotency_key)
    );
    create index claim_payment_claim_idx on claim_payment (claim_id, created_at);
    create index claim_payment_pending_idx on claim_payment (created_at) where state = 'PENDING';

    -- The timeline: every stage, task, reserve change, approval and payment, with who and when.
    create table claim_event (
      id uuid primary key,
      claim_id uuid not null constraint claim_event_claim_fk references claim(id),
      action text not null,
      from_state text,
      to_state text,
      actor_id uuid constraint claim_event_actor_fk references app_user(id),
      at timestamptz not null,
      note text,
      details jsonb not null default '{}'
    );
    create index claim_event_claim_idx on claim_event (claim_id, at, id);
    create index claim_event_to_state_idx on claim_event (to_state, at) where to_state is not null;

    -- Quality review of closed claims (随机抽检 / 大额 / 指定经办人).
    create table claim_review (
      id uuid primary key,
      claim_id uuid not null constraint claim_review_claim_fk references claim(id),
      reasons text[] not null,
      state text not null constraint claim_review_state_check check (state in ('PENDING','DONE')),
      reviewer_id uuid constraint claim_review_reviewer_fk references app_user(id),
      result text constraint claim_review_result_check check (result is null or result in ('PASS','ISSUE')),
      findings text,
      drawn_at timestamptz not null,
      reviewed_at timestamptz,
      constraint claim_review_claim_key unique (claim_id, drawn_at)
    );
    create index claim_review_pending_idx on claim_review (state, drawn_at);

    create table claim_setting (
      key text primary key,
      value jsonb not null,
      updated_by uuid constraint claim_setting_updated_by_fk references app_user(id),
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table claim_setting, claim_review, claim_event, claim_payment, claim_approval, claim_authority, claim_calculation,
      claim_reserve, claim_document, claim_task_item, claim_task, claim_party, claim, claim_number_counter, idempotency_key, blob;
    alter table billing_item drop constraint billing_item_source_check;
    alter table billing_item add constraint billing_item_source_check check (source_type in ('PROPOSAL','ENDORSEMENT'));
  `.execute(db);
}
