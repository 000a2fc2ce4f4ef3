import { sql, type Kysely } from 'kysely';

// Parties (客户): persons and organizations, their relationships, import error reports.
// Constraint names are stable: errors map from them (modules/party/errors.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Customer numbers C000000001…: a sequence, so imports and concurrent creates never collide.
    create sequence party_no_seq;

    create table party (
      id uuid primary key,
      party_no text not null default ('C' || lpad(nextval('party_no_seq')::text, 9, '0')) constraint party_no_key unique,
      kind text not null constraint party_kind_check check (kind in ('PERSON','ORGANIZATION')),
      name text not null constraint party_name_check check (length(name) between 1 and 100),
      -- Name search: every character and every pair of adjacent characters (lower-cased), GIN
      -- indexed; pinyin initials of Han characters for "lgl" → 李桂兰.
      name_grams text[] not null,
      name_initials text not null,
      id_type text not null constraint party_id_type_check
        check (id_type in ('RESIDENT_ID','HMT_RESIDENCE_PERMIT','PASSPORT','HK_MACAO_PASS','TAIWAN_PASS','FOREIGN_PERMANENT_ID','OTHER','USCC')),
      -- One identity, one record: HMAC of (ID family, normalized number); the number itself is
      -- encrypted for persons (a credit code is public and kept in clear in uscc).
      id_hash bytea not null constraint party_id_hash_key unique,
      -- HMAC of the bare normalized number: exact lookup whatever the ID type.
      id_search_hash bytea not null,
      id_number_enc bytea,
      id_number_masked text not null,
      uscc text,
      sex text constraint party_sex_check check (sex in ('M','F')),
      birth_date date,
      nationality text constraint party_nationality_check check (nationality ~ '^[A-Z]{3}$'),
      -- Person: mobile; organization: contact phone. Encrypted, with a keyed hash for lookup.
      phone_enc bytea,
      phone_hash bytea,
      phone_masked text,
      email text,
      occupation_code text,
      occupation_name text,
      occupation_class smallint constraint party_occupation_class_check check (occupation_class between 1 and 6),
      org_type text constraint party_org_type_check
        check (org_type in ('ENTERPRISE','INDIVIDUAL_BUSINESS','PUBLIC_INSTITUTION','GOVERNMENT','SOCIAL_ORGANIZATION','OTHER')),
      industry text,
      legal_representative text,
      contact_name text,
      addresses jsonb not null default '[]',
      -- [{bankName, accountName, numberEnc (base64), numberMasked}]
      bank_accounts jsonb not null default '[]',
      remark text,
      -- The creating org owns the record for data scopes (its path is read from org, so moving an
      -- org moves its customers with it).
      org_id uuid not null constraint party_org_fk references org(id),
      created_by uuid not null constraint party_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1,
      constraint party_person_check check (kind <> 'PERSON' or (id_type <> 'USCC' and id_number_enc is not null and sex is not null and birth_date is not null and nationality is not null)),
      constraint party_organization_check check (kind <> 'ORGANIZATION' or (id_type = 'USCC' and uscc is not null and org_type is not null))
    );
    create index party_name_grams_idx on party using gin (name_grams);
    create index party_initials_idx on party (name_initials text_pattern_ops);
    create index party_id_search_idx on party (id_search_hash);
    create index party_phone_hash_idx on party (phone_hash) where phone_hash is not null;
    -- Sort orders of the list, each with id as tiebreaker for keyset paging; filters lead where
    -- they narrow (org, creator for the self scope, kind, ID type).
    create index party_created_idx on party (created_at, id);
    create index party_name_idx on party (name, id);
    create index party_org_created_idx on party (org_id, created_at, id);
    create index party_creator_created_idx on party (created_by, created_at, id);
    create index party_kind_created_idx on party (kind, created_at, id);
    create index party_id_type_created_idx on party (id_type, created_at, id);

    -- Name search for one- and two-character terms (the common case: 桂兰, 秀英, a surname) and
    -- pinyin-initial prefixes ('py:' + 2–8 letters; a gram is at most 2 characters, so they never
    -- collide), index-only: one row per (key, party) with what the default order, the kind filter
    -- and org scopes need. A common given name matches 20,000 of a million; through the GIN index
    -- each match costs a heap page, here an index entry (docs/BENCHMARKS.md). Kept by triggers.
    create table party_name_key (
      gram text not null,
      party_id uuid not null constraint party_name_key_party_fk references party(id) on delete cascade,
      kind text not null,
      org_id uuid not null,
      created_at timestamptz not null,
      constraint party_name_key_pkey primary key (party_id, gram)
    );
    create index party_name_key_gram_idx on party_name_key (gram, created_at, party_id) include (kind, org_id);

    -- Set-based for COPY and multi-row imports: one statement, one insert.
    create function party_name_key_insert() returns trigger language plpgsql as $fn$
    begin
      insert into party_name_key (gram, party_id, kind, org_id, created_at)
      select g, n.id, n.kind, n.org_id, n.created_at
      from new_rows n cross join lateral (
        select unnest(n.name_grams)
        union
        select 'py:' || left(n.name_initials, l) from generate_series(2, least(length(n.name_initials), 8)) l
      ) k(g);
      return null;
    end $fn$;
    create trigger party_name_key_insert after insert on party
      referencing new table as new_rows for each statement execute function party_name_key_insert();

    create function party_name_key_update() returns trigger language plpgsql as $fn$
    begin
      delete from party_name_key where party_id = new.id;
      insert into party_name_key (gram, party_id, kind, org_id, created_at)
      select g, new.id, new.kind, new.org_id, new.created_at
      from (
        select unnest(new.name_grams)
        union
        select 'py:' || left(new.name_initials, l) from generate_series(2, least(length(new.name_initials), 8)) l
      ) k(g);
      return null;
    end $fn$;
    create trigger party_name_key_update after update of name_grams, name_initials, org_id on party for each row
      when (old.name_grams is distinct from new.name_grams or old.name_initials is distinct from new.name_initials or old.org_id is distinct from new.org_id)
      execute function party_name_key_update();

    create table party_relationship (
      id uuid primary key,
      type text not null constraint party_relationship_type_check
        check (type in ('SPOUSE','PARENT_OF','EMPLOYER_OF','GUARDIAN_OF','BENEFICIARY_OF','AGENT_OF')),
      from_party_id uuid not null constraint party_relationship_from_fk references party(id),
      to_party_id uuid not null constraint party_relationship_to_fk references party(id),
      start_date date,
      end_date date,
      remark text,
      created_by uuid not null constraint party_relationship_created_by_fk references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint party_relationship_self_check check (from_party_id <> to_party_id),
      constraint party_relationship_dates_check check (start_date is null or end_date is null or end_date >= start_date)
    );
    -- One open relationship of a type between two parties (symmetric types are stored smaller id first).
    create unique index party_relationship_open_key on party_relationship (type, from_party_id, to_party_id) where end_date is null;
    create index party_relationship_from_idx on party_relationship (from_party_id);
    create index party_relationship_to_idx on party_relationship (to_party_id);

    -- Error reports of imports: the uploaded rows with a 错误 column, for the importing user, 7 days.
    create table party_import_report (
      id uuid primary key,
      user_id uuid not null constraint party_import_report_user_fk references app_user(id) on delete cascade,
      file_name text not null,
      content bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index party_import_report_expires_idx on party_import_report (expires_at);
  `.execute(db);
}
