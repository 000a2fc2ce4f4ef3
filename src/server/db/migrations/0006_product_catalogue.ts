import { sql, type Kysely } from 'kysely';

// The product catalogue: products and their versions. A version's definition is a JSON document
// validated by the application (catalogue.rules.ts); what must hold whatever the application does
// is enforced here: approved versions never change (a trigger), approved periods of one product
// never overlap (an exclusion constraint), and nobody approves a version they made or edited.
// Constraint names are stable: errors map from them (catalogue.errors.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists btree_gist;

    create table product (
      id uuid primary key,
      code text not null constraint product_code_key unique
        constraint product_code_check check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
      name text not null constraint product_name_check check (length(btrim(name)) between 1 and 100),
      line text not null constraint product_line_check
        check (line in ('CTPL','COMMERCIAL_MOTOR','TERM_LIFE','WHOLE_LIFE','ENDOWMENT','ANNUITY','HEALTH','ACCIDENT','PROPERTY')),
      created_by uuid not null constraint product_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index product_line_code_idx on product (line, code);
    create index product_search_trgm_idx on product using gin (code gin_trgm_ops, name gin_trgm_ops);

    create table product_version (
      id uuid primary key,
      product_id uuid not null constraint product_version_product_fk references product(id),
      version_no int not null constraint product_version_no_check check (version_no >= 1),
      status text not null constraint product_version_status_check check (status in ('DRAFT','APPROVED','RETIRED')),
      -- Business dates (Asia/Shanghai), both inclusive; effective_to null = open-ended.
      effective_from date not null,
      effective_to date,
      definition jsonb not null constraint product_version_definition_check check (jsonb_typeof(definition) = 'object'),
      note text,
      created_by uuid not null constraint product_version_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_by uuid not null constraint product_version_updated_by_fk references app_user(id),
      updated_at timestamptz not null,
      approved_by uuid constraint product_version_approved_by_fk references app_user(id),
      approved_at timestamptz,
      retired_by uuid constraint product_version_retired_by_fk references app_user(id),
      retired_at timestamptz,
      constraint product_version_no_key unique (product_id, version_no),
      constraint product_version_period_check check (effective_to is null or effective_to >= effective_from),
      constraint product_version_approval_check check (
        (status = 'DRAFT') = (approved_by is null) and (approved_by is null) = (approved_at is null)),
      constraint product_version_retirement_check check (
        (status = 'RETIRED') = (retired_by is not null) and (retired_by is null) = (retired_at is null)),
      -- Separation of duties: the approver neither made nor last edited the version.
      constraint product_version_maker_checker check (approved_by is null or (approved_by <> created_by and approved_by <> updated_by)),
      constraint product_version_period_overlap exclude using gist (
        product_id with =, daterange(effective_from, effective_to, '[]') with &&) where (status = 'APPROVED')
    );
    -- One draft per product at a time: a new version starts from the latest one.
    create unique index product_version_one_draft on product_version (product_id) where status = 'DRAFT';
    create index product_version_status_idx on product_version (status, product_id);

    -- Approved and retired versions are immutable: policies keep the version they were sold on.
    -- The only changes allowed after approval: APPROVED → RETIRED, and shortening effective_to
    -- (a successor's approval ends the predecessor the day before it starts).
    create function product_version_guard() returns trigger language plpgsql as $$
    declare
      kept constant text[] := array['status','effective_to','retired_by','retired_at','updated_at'];
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'DRAFT' then
          raise exception 'product version % is %: it cannot be deleted', old.id, old.status
            using errcode = 'check_violation', constraint = 'product_version_immutable', table = 'product_version';
        end if;
        return old;
      end if;
      if old.status = 'DRAFT' then
        return new;
      end if;
      if old.status = 'RETIRED'
         or new.status not in ('APPROVED','RETIRED')
         or (to_jsonb(new) - kept) is distinct from (to_jsonb(old) - kept)
         or (new.effective_to is distinct from old.effective_to
             and (new.effective_to is null or (old.effective_to is not null and new.effective_to >= old.effective_to)))
         or (old.status = 'APPROVED' and new.status = 'APPROVED' and (new.retired_by is not null or new.retired_at is not null)) then
        raise exception 'product version % is %: approved versions are immutable', old.id, old.status
          using errcode = 'check_violation', constraint = 'product_version_immutable', table = 'product_version';
      end if;
      return new;
    end $$;
    create trigger product_version_immutable before update or delete on product_version
      for each row execute function product_version_guard();
  `.execute(db);
}
