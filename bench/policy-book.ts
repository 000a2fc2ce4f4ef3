// Policies for the policy benchmarks (bench/policy-search.ts, bench/policy-pdf.ts), generated
// set-based in PostgreSQL over a customer book loaded by bench/party-book.ts: INSERT … SELECT
// generate_series, policy numbers with their real check characters (a SQL twin of
// numbering.rules.ts checkCharacters; the benchmarks check samples against it).
import type pg from 'pg';

// ISO 7064 MOD 1271-36 over the body, as numbering.rules.ts checkCharacters (values: 0-9, A-Z, '-' 36, '_' 37).
const CHECK_FUNCTION = `
  create function bench_check_chars(body text) returns text language plpgsql immutable as $$
  declare p int := 0; c text; alnum constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'; chk int;
  begin
    foreach c in array regexp_split_to_array(body, '') loop
      p := ((p + case c when '-' then 36 when '_' then 37 else strpos(alnum, c) - 1 end) * 36) % 1271;
    end loop;
    chk := (1271 + 1 - (p * 36) % 1271) % 1271;
    return substr(alnum, chk / 36 + 1, 1) || substr(alnum, chk % 36 + 1, 1);
  end $$`;

/**
 * Products (交强险, 商业车险, 定期寿险), and `policies` issued policies with their proposals over the
 * customers already loaded (`persons` of them): every customer holds policies/persons policies (a
 * multiplicative hash spreads them), 30 % insure someone else; 45 % 交强险, 35 % 商业车险, 20 % 定期寿险;
 * issued over the last 4.75 years; the policy belongs to the holder's org. Then VACUUM ANALYZE.
 */
export async function generatePolicies(client: pg.Client, o: { userId: string; approverId: string; policies: number; persons: number; log?: (s: string) => void }) {
  const { userId, approverId, policies, persons } = o;
  const t0 = performance.now();
  await client.query(CHECK_FUNCTION);
  await client.query(`
    insert into product (id, code, name, line, created_by, created_at, updated_at) values
      ('00000000-0000-7000-8000-000000000001', 'BCTPL', '机动车交通事故责任强制保险', 'CTPL', $1, now(), now()),
      ('00000000-0000-7000-8000-000000000002', 'BCOMM', '机动车商业保险', 'COMMERCIAL_MOTOR', $1, now(), now()),
      ('00000000-0000-7000-8000-000000000003', 'BTERM', '安心定期寿险', 'TERM_LIFE', $1, now(), now())`, [userId]);
  await client.query(`
    insert into product_version (id, product_id, version_no, status, effective_from, definition, created_by, created_at, updated_by, updated_at, approved_by, approved_at)
    select ('00000000-0000-7000-9000-00000000000' || n)::uuid, ('00000000-0000-7000-8000-00000000000' || n)::uuid, 1, 'APPROVED', '2020-01-01',
      jsonb_build_object('filingNo', '基准备案' || n, 'coverages', '[]'::jsonb), $1, now(), $1, now(), $2, now()
    from generate_series(1, 3) n`, [userId, approverId]);
  await client.query(`create table bench_party as select row_number() over (order by created_at, id) as n, id, org_id from party`);
  await client.query(`create unique index on bench_party (n)`);
  await client.query(`
    create table bench_g as
    select g, 1 + (g::bigint * 2654435761 % ${persons}) as hn,
      case when g % 10 < 7 then 1 + (g::bigint * 2654435761 % ${persons}) else 1 + ((g::bigint * 40503 + 12345) % ${persons}) end as inn,
      case when g % 20 < 9 then 1 when g % 20 < 16 then 2 else 3 end as prod,
      now() - (${policies} - g) * interval '150 seconds' as issued_at,
      case when g % 100 < 80 then 'IN_FORCE' when g % 100 < 92 then 'MATURED' when g % 100 < 97 then 'SURRENDERED' when g % 100 < 99 then 'LAPSED' else 'CANCELLED_COOLING_OFF' end as state
    from generate_series(1, ${policies}) g`);
  const common = `
    from bench_g s join bench_party h on h.n = s.hn join bench_party i on i.n = s.inn
    join product pr on pr.id = ('00000000-0000-7000-8000-00000000000' || s.prod)::uuid
    join org o on o.id = h.org_id`;
  await client.query(`
    insert into proposal (id, proposal_no, org_id, product_id, product_version_id, line, channel, state, policyholder_id, insured_id, start_date, premium, data, registered_by, created_at, updated_at)
    select md5('prop' || s.g)::uuid, 'TB' || lpad(s.g::text, 10, '0'), h.org_id, pr.id, ('00000000-0000-7000-9000-00000000000' || s.prod)::uuid, pr.line, 'DIRECT', 'ISSUED',
      h.id, i.id, (s.issued_at at time zone 'Asia/Shanghai')::date + 1, 950, '{}', $1, s.issued_at, s.issued_at
    ${common}`, [userId]);
  o.log?.(`proposals loaded (${Math.round(performance.now() - t0)} ms)`);
  await client.query(`
    with x as (
      select s.*, h.id as holder, h.org_id, i.id as insured, pr.id as product_id, pr.code as product_code, pr.line, o.code as org_code,
        (s.issued_at at time zone 'Asia/Shanghai')::date + 1 as start_date,
        'P-' || o.code || '-' || pr.code || '-' || to_char(s.issued_at at time zone 'Asia/Shanghai', 'YYYY') || lpad(s.g::text, 8, '0') as body
      ${common})
    insert into policy (id, policy_no, proposal_id, org_id, product_id, product_version_id, line, channel, state, policyholder_id, insured_id, plate_no, vin, sum_assured, premium,
      payment_mode, payment_term, coverage_term, start_date, end_date, starts_at, ends_at, receipt_date, cooling_off_end, coverages, data, issued_at, issued_by, ended_on, created_at, updated_at)
    select md5('pol' || g)::uuid, body || bench_check_chars(body), md5('prop' || g)::uuid, org_id, product_id, ('00000000-0000-7000-9000-00000000000' || prod)::uuid, line, 'DIRECT', state, holder, insured,
      case when prod < 3 then substr('沪京粤浙苏川鲁豫', 1 + g % 8, 1) || substr('ABCDEFGHJK', 1 + (g / 8) % 10, 1) || lpad(((g * 37) % 100000)::text, 5, '0') end,
      case when prod < 3 then 'LSV' || lpad(g::text, 14, '0') end,
      case when prod = 3 then 500000 end,
      case prod when 1 then 950 when 2 then 2000 + g % 5000 else 1200 + g % 3000 end,
      case when prod = 3 then 'ANNUAL' else 'SINGLE' end, case when prod = 3 then 20 end, case when prod = 3 then 20 else 1 end,
      start_date, (start_date + case when prod = 3 then interval '20 years' else interval '1 year' end)::date - 1,
      start_date::timestamp at time zone 'Asia/Shanghai', (start_date + case when prod = 3 then interval '20 years' else interval '1 year' end)::timestamp at time zone 'Asia/Shanghai',
      case when prod = 3 then start_date end, case when prod = 3 then start_date + 15 end,
      case prod when 1 then '[{"code":"DEATH_DISABILITY","name":"死亡伤残赔偿限额","limit":"180000.00","deductible":null,"sumInsured":null,"premium":null}]'::jsonb
        when 2 then '[{"code":"CAR_DAMAGE","name":"机动车损失保险","limit":null,"deductible":null,"sumInsured":"120000.00","premium":"1500.00"},{"code":"THIRD_PARTY","name":"第三者责任保险","limit":"1000000.00","deductible":null,"sumInsured":null,"premium":"800.00"}]'::jsonb
        else '[{"code":"DEATH","name":"身故保险金","limit":null,"deductible":null,"sumInsured":"500000.00","premium":"1200.00"}]'::jsonb end,
      jsonb_build_object('policyholderId', holder, 'insuredId', insured, 'insuredRelation', case when holder = insured then 'SELF' else 'SPOUSE' end, 'beneficiaries', '[]'::jsonb, 'startDate', start_date,
        'motor', case when prod < 3 then jsonb_build_object('vehicle', jsonb_build_object('vin', 'LSV' || lpad(g::text, 14, '0'), 'brandModel', '大众朗逸', 'usage', 'FAMILY', 'registrationDate', '2022-05-01'), 'region', '上海') end),
      issued_at, $1, case when state in ('MATURED','SURRENDERED','CANCELLED_COOLING_OFF') then start_date + 200 end, issued_at, issued_at
    from x`, [userId]);
  await client.query('drop table bench_g; drop table bench_party; drop function bench_check_chars(text)');
  const loadMs = performance.now() - t0;
  await client.query('vacuum analyze policy, proposal, party, party_name_key, org');
  return { loadMs: Math.round(loadMs), analyzeMs: Math.round(performance.now() - t0 - loadMs) };
}

/** A realistic timeline (7 events) and two 保全 items for the policies whose detail is fetched. */
export async function detailHistory(client: pg.Client, policyIds: string[], userId: string, approverId: string) {
  await client.query(`
    insert into policy_event (id, proposal_id, policy_id, action, from_state, to_state, actor_id, at, note, details)
    select gen_random_uuid(), p.proposal_id, case when a.n = 7 then p.id end, a.action, a.f, a.t, $2, p.issued_at - (8 - a.n) * interval '10 minutes', null, '{}'
    from policy p cross join (values (1, 'create', null, 'DRAFT'), (2, 'update', 'DRAFT', 'DRAFT'), (3, 'submit', 'DRAFT', 'PENDING_VALIDATION'),
      (4, 'validate', 'PENDING_VALIDATION', 'PENDING_UNDERWRITING'), (5, 'auto-underwrite', 'PENDING_UNDERWRITING', 'PENDING_PAYMENT'),
      (6, 'record-payment', 'PENDING_PAYMENT', 'PENDING_PAYMENT'), (7, 'issue', 'PENDING_PAYMENT', 'ISSUED')) a(n, action, f, t)
    where p.id = any($1::uuid[])`, [policyIds, userId]);
  await client.query(`
    insert into endorsement (id, endorsement_no, policy_id, org_id, item, state, effective_date, input, calculation, requested_by, requested_at, decided_by, decided_at)
    select gen_random_uuid(), 'BQ' || substr(md5(p.id::text || n), 1, 12), p.id, p.org_id, case n when 1 then 'CONTACT_CHANGE' else 'DOCUMENT_REISSUE' end, 'APPLIED', p.start_date + 30 * n, '{}', '{}',
      $2, p.issued_at + n * interval '30 days', $3, p.issued_at + n * interval '30 days'
    from policy p cross join generate_series(1, 2) n where p.id = any($1::uuid[])`, [policyIds, userId, approverId]);
  await client.query('analyze policy_event, endorsement');
}
