import { sql, type Kysely } from 'kysely';

// Policy administration (issue 4): proposals (投保单) through underwriting, collection and issue,
// policies (保单), servicing items (保全), renewal, and the small billing ledger the policy module
// talks to through modules/policy/billing.ts (a later billing module takes these tables over).
// What must hold whatever the application does is enforced here; constraint names are stable
// because errors map from them (modules/policy/errors.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- 投保单号段: printed proposal numbers are allocated per org from configured ranges.
    create table proposal_number_range (
      id uuid primary key,
      org_id uuid not null constraint proposal_number_range_org_fk references org(id),
      prefix text not null constraint proposal_number_range_prefix_check check (prefix ~ '^[A-Z0-9]{1,8}$'),
      start_no bigint not null constraint proposal_number_range_start_check check (start_no >= 1),
      end_no bigint not null,
      -- The next number to hand out; end_no + 1 when used up.
      next_no bigint not null,
      width int not null constraint proposal_number_range_width_check check (width between 4 and 16),
      status text not null constraint proposal_number_range_status_check check (status in ('ACTIVE','CLOSED')),
      remark text,
      created_by uuid not null constraint proposal_number_range_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint proposal_number_range_bounds_check check (end_no >= start_no and next_no between start_no and end_no + 1 and length(end_no::text) <= width),
      -- Two ranges with the same prefix never share a number.
      constraint proposal_number_range_overlap exclude using gist (prefix with =, int8range(start_no, end_no, '[]') with &&)
    );
    create index proposal_number_range_org_idx on proposal_number_range (org_id, status, start_no);

    create table proposal (
      id uuid primary key,
      proposal_no text not null constraint proposal_no_key unique,
      org_id uuid not null constraint proposal_org_fk references org(id),
      product_id uuid not null constraint proposal_product_fk references product(id),
      product_version_id uuid not null constraint proposal_product_version_fk references product_version(id),
      line text not null,
      channel text not null,
      state text not null constraint proposal_state_check check (state in
        ('DRAFT','PENDING_VALIDATION','PENDING_UNDERWRITING','UW_ACCEPTED','UW_CONDITIONAL','UW_POSTPONED','UW_DECLINED','PENDING_PAYMENT','ISSUED','WITHDRAWN')),
      -- Both may be missing while the proposal is a draft; validation requires them.
      policyholder_id uuid constraint proposal_policyholder_fk references party(id),
      insured_id uuid constraint proposal_insured_fk references party(id),
      start_date date,
      sum_assured numeric(16,2) constraint proposal_sum_assured_check check (sum_assured is null or sum_assured >= 0),
      -- Premium to collect before issue (the first instalment for regular premiums), from the quote.
      premium numeric(16,2) constraint proposal_premium_check check (premium is null or premium >= 0),
      extra_premium numeric(16,2) not null default 0 constraint proposal_extra_premium_check check (extra_premium >= 0),
      -- Motor: normalised plate number and VIN (duplicate checks, search).
      plate_no text,
      vin text,
      -- The form as entered (contracts/policy.ts ProposalData).
      data jsonb not null constraint proposal_data_check check (jsonb_typeof(data) = 'object'),
      -- The rating answer with its full derivation (ProductQuote), from the last successful validation.
      quote jsonb,
      -- Problems found by the last validation (ValidationProblem[]).
      problems jsonb not null default '[]',
      -- Automatic underwriting: { outcome: 'PASS'|'REFER', reasons: [...] }.
      uw_auto jsonb,
      uw_referred boolean not null default false,
      uw_decision text constraint proposal_uw_decision_check check (uw_decision is null or uw_decision in ('STANDARD','CONDITIONAL','POSTPONED','DECLINED')),
      uw_reason text,
      uw_conditions text,
      -- null with a decision: decided by the automatic rules.
      uw_decided_by uuid constraint proposal_uw_decided_by_fk references app_user(id),
      uw_decided_at timestamptz,
      receivable_id uuid,
      policy_id uuid,
      renewal_of_policy_id uuid,
      -- The motor wizard sells 交强险 and 商业车险 together: both proposals share the first one's id.
      bundle_id uuid,
      registered_by uuid not null constraint proposal_registered_by_fk references app_user(id),
      entered_by uuid constraint proposal_entered_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1,
      constraint proposal_uw_decision_by_check check ((uw_decision is null) = (uw_decided_at is null))
    );
    create index proposal_org_state_idx on proposal (org_id, state, updated_at desc, id);
    create index proposal_registered_by_idx on proposal (registered_by, updated_at desc, id);
    create index proposal_state_idx on proposal (state, updated_at desc, id);
    create index proposal_referred_idx on proposal (line, sum_assured, updated_at) where state = 'PENDING_UNDERWRITING' and uw_referred;
    create index proposal_policyholder_idx on proposal (policyholder_id);
    create index proposal_insured_idx on proposal (insured_id);
    create index proposal_plate_idx on proposal (plate_no) where plate_no is not null;
    create index proposal_vin_idx on proposal (vin) where vin is not null;
    create index proposal_bundle_idx on proposal (bundle_id) where bundle_id is not null;
    create index proposal_no_trgm_idx on proposal using gin (proposal_no gin_trgm_ops);
    -- One live renewal proposal per expiring policy.
    create unique index proposal_one_renewal on proposal (renewal_of_policy_id) where renewal_of_policy_id is not null and state <> 'WITHDRAWN';

    -- Parties named on a proposal (and so on its policy), for "policies of this customer".
    create table proposal_party (
      proposal_id uuid not null constraint proposal_party_proposal_fk references proposal(id),
      role text not null constraint proposal_party_role_check check (role in ('POLICYHOLDER','INSURED','BENEFICIARY')),
      seq int not null,
      party_id uuid not null constraint proposal_party_party_fk references party(id),
      primary key (proposal_id, role, seq)
    );
    create index proposal_party_party_idx on proposal_party (party_id, role);

    create table policy (
      id uuid primary key,
      policy_no text not null constraint policy_no_key unique,
      proposal_id uuid not null constraint policy_proposal_key unique constraint policy_proposal_fk references proposal(id),
      org_id uuid not null constraint policy_org_fk references org(id),
      product_id uuid not null constraint policy_product_fk references product(id),
      product_version_id uuid not null constraint policy_product_version_fk references product_version(id),
      line text not null,
      channel text not null,
      state text not null constraint policy_state_check check (state in
        ('IN_FORCE','LAPSED','TERMINATED','SURRENDERED','MATURED','CANCELLED_COOLING_OFF')),
      policyholder_id uuid not null constraint policy_policyholder_fk references party(id),
      insured_id uuid not null constraint policy_insured_fk references party(id),
      plate_no text,
      vin text,
      sum_assured numeric(16,2),
      -- Premium per payment (the whole premium for single-premium and annual P&C policies).
      premium numeric(16,2) not null constraint policy_premium_check check (premium >= 0),
      extra_premium numeric(16,2) not null default 0,
      payment_mode text not null,
      payment_term int,
      -- Years of cover; null = whole of life.
      coverage_term int,
      -- Business dates (Asia/Shanghai); end_date is the last day of cover (null = whole of life).
      start_date date not null,
      end_date date,
      starts_at timestamptz not null,
      ends_at timestamptz,
      -- Date the policyholder signed for the policy (回执) and the last cooling-off day; life only.
      receipt_date date,
      cooling_off_end date,
      -- Regular premiums: the date up to which premiums are paid (next due date).
      paid_to_date date,
      coverages jsonb not null,
      data jsonb not null,
      -- Reissues of a lost policy document (补发) count up; the schedule prints it.
      document_version int not null default 1,
      issued_at timestamptz not null,
      issued_by uuid not null constraint policy_issued_by_fk references app_user(id),
      -- Date the policy left IN_FORCE/LAPSED (surrender, cancellation, expiry, termination).
      ended_on date,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1,
      constraint policy_period_check check (end_date is null or end_date >= start_date),
      -- 交强险: one policy in force per vehicle at any time.
      constraint policy_ctpl_vehicle_overlap exclude using gist (
        coalesce(vin, plate_no) with =, daterange(start_date, end_date, '[]') with &&)
        where (line = 'CTPL' and state in ('IN_FORCE','LAPSED'))
    );
    create index policy_org_state_idx on policy (org_id, state, issued_at desc, id);
    create index policy_state_idx on policy (state, issued_at desc, id);
    create index policy_issued_idx on policy (issued_at desc, id);
    -- A customer's policies newest first; org and the other party come with the index entry, so a
    -- branch user's name search filters by org without reading each policy (bench/policy-search.ts).
    create index policy_policyholder_idx on policy (policyholder_id, issued_at desc, id) include (org_id, insured_id);
    create index policy_insured_idx on policy (insured_id, issued_at desc, id) include (org_id, policyholder_id);
    create index policy_plate_idx on policy (plate_no) where plate_no is not null;
    create index policy_vin_idx on policy (vin) where vin is not null;
    create index policy_end_date_idx on policy (end_date, line) where state = 'IN_FORCE';
    create index policy_paid_to_idx on policy (paid_to_date) where state = 'IN_FORCE' and paid_to_date is not null;
    create index policy_no_trgm_idx on policy using gin (policy_no gin_trgm_ops);
    alter table proposal add constraint proposal_policy_fk foreign key (policy_id) references policy(id);
    alter table proposal add constraint proposal_renewal_of_fk foreign key (renewal_of_policy_id) references policy(id);

    -- Policy numbers: SEQ8 per (org, product, year) — numbering.rules.ts, decision 0007.
    create table policy_number_counter (
      org_code text not null,
      product_code text not null,
      year int not null,
      last_seq bigint not null constraint policy_number_counter_check check (last_seq between 1 and 99999999),
      primary key (org_code, product_code, year)
    );

    -- Timeline of a proposal and, after issue, of its policy: every transition and servicing item.
    create table policy_event (
      id uuid primary key,
      proposal_id uuid not null constraint policy_event_proposal_fk references proposal(id),
      policy_id uuid constraint policy_event_policy_fk references policy(id),
      action text not null,
      from_state text,
      to_state text,
      -- null: the system (automatic underwriting, daily jobs).
      actor_id uuid constraint policy_event_actor_fk references app_user(id),
      at timestamptz not null,
      note text,
      details jsonb not null default '{}'
    );
    create index policy_event_proposal_idx on policy_event (proposal_id, at, id);
    create index policy_event_policy_idx on policy_event (policy_id, at, id) where policy_id is not null;

    -- Billing ledger (应收/应付 and 实收/实付) behind modules/policy/billing.ts.
    create table billing_item (
      id uuid primary key,
      direction text not null constraint billing_item_direction_check check (direction in ('RECEIVABLE','PAYABLE')),
      source_type text not null constraint billing_item_source_check check (source_type in ('PROPOSAL','ENDORSEMENT')),
      source_id uuid not null,
      org_id uuid not null constraint billing_item_org_fk references org(id),
      party_id uuid constraint billing_item_party_fk references party(id),
      amount numeric(16,2) not null constraint billing_item_amount_check check (amount > 0),
      settled_amount numeric(16,2) not null default 0,
      status text not null constraint billing_item_status_check check (status in ('OPEN','SETTLED','CANCELLED')),
      description text not null,
      created_by uuid constraint billing_item_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      -- Never more settled than due; settled means exactly settled.
      constraint billing_item_settled_check check (settled_amount >= 0 and settled_amount <= amount and ((status = 'SETTLED') = (settled_amount = amount)))
    );
    create index billing_item_source_idx on billing_item (source_type, source_id);
    create index billing_item_open_idx on billing_item (org_id, direction, created_at) where status = 'OPEN';

    create table billing_receipt (
      id uuid primary key,
      item_id uuid not null constraint billing_receipt_item_fk references billing_item(id),
      amount numeric(16,2) not null constraint billing_receipt_amount_check check (amount > 0),
      method text not null constraint billing_receipt_method_check check (method in ('CASH','BANK_TRANSFER','POS','CHEQUE','ONLINE')),
      reference text,
      received_on date not null,
      recorded_by uuid constraint billing_receipt_recorded_by_fk references app_user(id),
      recorded_at timestamptz not null,
      -- A bank or card reference is recorded once.
      constraint billing_receipt_reference_key unique (method, reference)
    );
    create index billing_receipt_item_idx on billing_receipt (item_id, recorded_at);

    -- 保全 items.
    create sequence endorsement_no_seq;
    create table endorsement (
      id uuid primary key,
      endorsement_no text not null constraint endorsement_no_key unique,
      policy_id uuid not null constraint endorsement_policy_fk references policy(id),
      org_id uuid not null constraint endorsement_org_fk references org(id),
      item text not null constraint endorsement_item_check check (item in
        ('CONTACT_CHANGE','BENEFICIARY_CHANGE','POLICYHOLDER_CHANGE','COOLING_OFF_CANCELLATION','SURRENDER','REINSTATEMENT','SUM_ASSURED_REDUCTION','DOCUMENT_REISSUE')),
      state text not null constraint endorsement_state_check check (state in ('PENDING_APPROVAL','APPLIED','REJECTED','WITHDRAWN')),
      effective_date date not null,
      input jsonb not null,
      -- The trial calculation as confirmed (explanation, amounts); re-checked when applied.
      calculation jsonb not null,
      -- Money the item moves: PAYABLE = refund to the policyholder, RECEIVABLE = premium due.
      amount numeric(16,2) not null default 0 constraint endorsement_amount_check check (amount >= 0),
      direction text constraint endorsement_direction_check check (direction is null or direction in ('RECEIVABLE','PAYABLE')),
      billing_item_id uuid constraint endorsement_billing_item_fk references billing_item(id),
      reason text,
      requested_by uuid not null constraint endorsement_requested_by_fk references app_user(id),
      requested_at timestamptz not null,
      decided_by uuid constraint endorsement_decided_by_fk references app_user(id),
      decided_at timestamptz,
      decision_note text,
      applied_at timestamptz,
      constraint endorsement_direction_amount_check check ((direction is null) = (amount = 0)),
      -- Four eyes: the approver is not the requester.
      constraint endorsement_maker_checker check (decided_by is null or decided_by <> requested_by)
    );
    create index endorsement_policy_idx on endorsement (policy_id, requested_at desc);
    create index endorsement_pending_idx on endorsement (org_id, requested_at) where state = 'PENDING_APPROVAL';
    create index endorsement_item_idx on endorsement (item, requested_at desc);
    -- One item waiting for approval per policy: the second would be computed on stale figures.
    create unique index endorsement_one_pending on endorsement (policy_id) where state = 'PENDING_APPROVAL';

    -- 核保权限: the largest sum assured an underwriter may decide, per line.
    create table underwriting_authority (
      user_id uuid not null constraint underwriting_authority_user_fk references app_user(id),
      line text not null,
      max_sum_assured numeric(16,2) not null constraint underwriting_authority_amount_check check (max_sum_assured >= 0),
      updated_by uuid not null constraint underwriting_authority_updated_by_fk references app_user(id),
      updated_at timestamptz not null,
      primary key (user_id, line)
    );

    -- Recorded claim history per policy; renewal re-rates from it (the claims module will feed it).
    create table policy_claim_record (
      id uuid primary key,
      policy_id uuid not null constraint policy_claim_record_policy_fk references policy(id),
      loss_date date not null,
      amount numeric(16,2) not null constraint policy_claim_record_amount_check check (amount >= 0),
      at_fault boolean not null,
      fatal boolean not null default false,
      source text not null,
      recorded_by uuid constraint policy_claim_record_recorded_by_fk references app_user(id),
      recorded_at timestamptz not null
    );
    create index policy_claim_record_policy_idx on policy_claim_record (policy_id, loss_date);

    -- Configurable rules of the module (underwriting, servicing, renewal): one JSON document per key,
    -- checked by the application, every change audited. Seeded by the application on first use.
    create table policy_setting (
      key text primary key constraint policy_setting_key_check check (key in ('underwriting','servicing','renewal')),
      value jsonb not null,
      updated_by uuid constraint policy_setting_updated_by_fk references app_user(id),
      updated_at timestamptz not null
    );
  `.execute(db);
}
