import { sql, type Kysely } from 'kysely';

// 商业车险 (commercial motor) reference data as versioned rows, not code (DOMAIN.md §2). Three
// independently versioned pieces, each with its own effective_from and provenance:
//   * an NCD scale (level −4..+5 → coefficient);
//   * a company base-premium rate table (per coverage, usage, vehicle-age band / limit);
//   * rating parameters: the allowed independent-pricing range and the regional traffic-violation
//     coefficients (regions without a row use 1.0).
// Quotes use the latest version of each in force. The shipped rate table is a SAMPLE: a company
// must load its own filed rates as a new version. Constraint names are stable: errors map from them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table commercial_ncd_scale (
      code text constraint commercial_ncd_scale_pkey primary key,
      name_zh text not null,
      effective_from date not null constraint commercial_ncd_scale_effective_from_key unique,
      source text not null
    );

    create table commercial_ncd_coefficient (
      scale text not null constraint commercial_ncd_coefficient_scale_fk references commercial_ncd_scale(code),
      level int not null constraint commercial_ncd_coefficient_level_check check (level between -4 and 5),
      coefficient numeric(6,4) not null constraint commercial_ncd_coefficient_coefficient_check check (coefficient > 0),
      -- Whether the value is confirmed by a source or only a default awaiting confirmation.
      confirmed boolean not null,
      constraint commercial_ncd_coefficient_pkey primary key (scale, level)
    );

    create table commercial_coverage (
      code text constraint commercial_coverage_pkey primary key,
      name_zh text not null,
      -- How the base premium is computed: fixed + rate × actual value (by age band), a fixed premium
      -- per limit, or rate × sum insured per seat.
      basis text not null constraint commercial_coverage_basis_check check (basis in ('vehicle_value', 'limit', 'per_seat'))
    );

    create table commercial_rate_table (
      code text constraint commercial_rate_table_pkey primary key,
      name_zh text not null,
      effective_from date not null constraint commercial_rate_table_effective_from_key unique,
      sample boolean not null,
      source text not null
    );

    -- One row per rating cell. vehicle_value: [age_from, age_to) years, premium = fixed_premium +
    -- rate × actual value. limit: premium = fixed_premium for limit_amount. per_seat: premium =
    -- rate × sum insured per seat × seats. Which columns apply is checked against the coverage basis
    -- in the rules (a cross-table check), the shape here.
    create table commercial_base_rate (
      rate_table text not null constraint commercial_base_rate_rate_table_fk references commercial_rate_table(code),
      code text not null,
      coverage text not null constraint commercial_base_rate_coverage_fk references commercial_coverage(code),
      usage text not null,
      age_from numeric(6,2) constraint commercial_base_rate_age_from_check check (age_from >= 0),
      age_to numeric(6,2),
      limit_amount numeric(18,2) constraint commercial_base_rate_limit_check check (limit_amount > 0),
      fixed_premium numeric(18,2) not null default 0 constraint commercial_base_rate_fixed_check check (fixed_premium >= 0),
      rate numeric(10,6) not null default 0 constraint commercial_base_rate_rate_check check (rate >= 0 and rate < 1),
      constraint commercial_base_rate_pkey primary key (rate_table, code),
      constraint commercial_base_rate_age_bounds_check check (age_from is null or age_to is null or age_from < age_to),
      constraint commercial_base_rate_age_pair_check check (age_from is not null or age_to is null),
      constraint commercial_base_rate_positive_check check (fixed_premium > 0 or rate > 0)
    );

    create table commercial_rating_parameters (
      code text constraint commercial_rating_parameters_pkey primary key,
      effective_from date not null constraint commercial_rating_parameters_effective_from_key unique,
      pricing_min numeric(6,4) not null,
      pricing_max numeric(6,4) not null,
      source text not null,
      constraint commercial_rating_parameters_range_check check (pricing_min > 0 and pricing_min <= 1 and pricing_max >= 1)
    );

    create table commercial_violation_coefficient (
      parameters text not null constraint commercial_violation_coefficient_parameters_fk references commercial_rating_parameters(code),
      region_zh text not null,
      coefficient numeric(6,4) not null constraint commercial_violation_coefficient_coefficient_check check (coefficient > 0),
      constraint commercial_violation_coefficient_pkey primary key (parameters, region_zh)
    );
  `.execute(db);

  await sql`
    insert into commercial_ncd_scale (code, name_zh, effective_from, source) values
      ('CN-NCD-DEFAULT', '商业车险无赔款优待（NCD）系数默认表', '2020-09-19',
       'DOMAIN.md §2 默认系数；仅 −4 → 0.5 与 0 → 1.0 已确认，其余为待确认的默认值，可按监管/公司方案另建版本');

    insert into commercial_ncd_coefficient (scale, level, coefficient, confirmed) values
      ('CN-NCD-DEFAULT', -4, 0.50, true),
      ('CN-NCD-DEFAULT', -3, 0.60, false),
      ('CN-NCD-DEFAULT', -2, 0.70, false),
      ('CN-NCD-DEFAULT', -1, 0.80, false),
      ('CN-NCD-DEFAULT', 0, 1.00, true),
      ('CN-NCD-DEFAULT', 1, 1.20, false),
      ('CN-NCD-DEFAULT', 2, 1.40, false),
      ('CN-NCD-DEFAULT', 3, 1.60, false),
      ('CN-NCD-DEFAULT', 4, 1.80, false),
      ('CN-NCD-DEFAULT', 5, 2.00, false);

    insert into commercial_coverage (code, name_zh, basis) values
      ('CAR_DAMAGE', '机动车损失保险', 'vehicle_value'),
      ('THIRD_PARTY', '第三者责任保险', 'limit'),
      ('DRIVER', '车上人员责任保险（司机）', 'per_seat'),
      ('PASSENGER', '车上人员责任保险（乘客）', 'per_seat');

    insert into commercial_rate_table (code, name_zh, effective_from, sample, source) values
      ('SAMPLE-2020', '商业车险基准保费示例表', '2020-09-19', true,
       'sample — configure the company''s filed rates（示例数据，非任何公司的报备费率；上线前须按公司报银保监会备案的费率表另建版本）');

    insert into commercial_base_rate (rate_table, code, coverage, usage, age_from, age_to, limit_amount, fixed_premium, rate) values
      ('SAMPLE-2020', 'CAR_DAMAGE_FAMILY_0_2', 'CAR_DAMAGE', 'FAMILY', 0, 2, null, 566.00, 0.013500),
      ('SAMPLE-2020', 'CAR_DAMAGE_FAMILY_2_6', 'CAR_DAMAGE', 'FAMILY', 2, 6, null, 539.00, 0.012800),
      ('SAMPLE-2020', 'CAR_DAMAGE_FAMILY_GE6', 'CAR_DAMAGE', 'FAMILY', 6, null, null, 530.00, 0.012600),
      ('SAMPLE-2020', 'CAR_DAMAGE_ENTERPRISE_0_2', 'CAR_DAMAGE', 'ENTERPRISE', 0, 2, null, 400.00, 0.011000),
      ('SAMPLE-2020', 'CAR_DAMAGE_ENTERPRISE_2_6', 'CAR_DAMAGE', 'ENTERPRISE', 2, 6, null, 380.00, 0.010500),
      ('SAMPLE-2020', 'CAR_DAMAGE_ENTERPRISE_GE6', 'CAR_DAMAGE', 'ENTERPRISE', 6, null, null, 375.00, 0.010400),
      ('SAMPLE-2020', 'CAR_DAMAGE_TAXI_RENTAL_0_2', 'CAR_DAMAGE', 'TAXI_RENTAL', 0, 2, null, 700.00, 0.015000),
      ('SAMPLE-2020', 'CAR_DAMAGE_TAXI_RENTAL_2_6', 'CAR_DAMAGE', 'TAXI_RENTAL', 2, 6, null, 680.00, 0.014500),
      ('SAMPLE-2020', 'CAR_DAMAGE_TAXI_RENTAL_GE6', 'CAR_DAMAGE', 'TAXI_RENTAL', 6, null, null, 670.00, 0.014200),
      ('SAMPLE-2020', 'THIRD_PARTY_FAMILY_50W', 'THIRD_PARTY', 'FAMILY', null, null, 500000, 1007.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_FAMILY_100W', 'THIRD_PARTY', 'FAMILY', null, null, 1000000, 1312.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_FAMILY_200W', 'THIRD_PARTY', 'FAMILY', null, null, 2000000, 1611.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_FAMILY_300W', 'THIRD_PARTY', 'FAMILY', null, null, 3000000, 1842.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_ENTERPRISE_50W', 'THIRD_PARTY', 'ENTERPRISE', null, null, 500000, 1100.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_ENTERPRISE_100W', 'THIRD_PARTY', 'ENTERPRISE', null, null, 1000000, 1440.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_ENTERPRISE_200W', 'THIRD_PARTY', 'ENTERPRISE', null, null, 2000000, 1770.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_ENTERPRISE_300W', 'THIRD_PARTY', 'ENTERPRISE', null, null, 3000000, 2020.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_TAXI_RENTAL_50W', 'THIRD_PARTY', 'TAXI_RENTAL', null, null, 500000, 2100.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_TAXI_RENTAL_100W', 'THIRD_PARTY', 'TAXI_RENTAL', null, null, 1000000, 2750.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_TAXI_RENTAL_200W', 'THIRD_PARTY', 'TAXI_RENTAL', null, null, 2000000, 3380.00, 0),
      ('SAMPLE-2020', 'THIRD_PARTY_TAXI_RENTAL_300W', 'THIRD_PARTY', 'TAXI_RENTAL', null, null, 3000000, 3860.00, 0),
      ('SAMPLE-2020', 'DRIVER_FAMILY', 'DRIVER', 'FAMILY', null, null, null, 0, 0.004200),
      ('SAMPLE-2020', 'DRIVER_ENTERPRISE', 'DRIVER', 'ENTERPRISE', null, null, null, 0, 0.004000),
      ('SAMPLE-2020', 'DRIVER_TAXI_RENTAL', 'DRIVER', 'TAXI_RENTAL', null, null, null, 0, 0.005000),
      ('SAMPLE-2020', 'PASSENGER_FAMILY', 'PASSENGER', 'FAMILY', null, null, null, 0, 0.002700),
      ('SAMPLE-2020', 'PASSENGER_ENTERPRISE', 'PASSENGER', 'ENTERPRISE', null, null, null, 0, 0.002500),
      ('SAMPLE-2020', 'PASSENGER_TAXI_RENTAL', 'PASSENGER', 'TAXI_RENTAL', null, null, null, 0, 0.003100);

    insert into commercial_rating_parameters (code, effective_from, pricing_min, pricing_max, source) values
      ('CN-COMMERCIAL-2020', '2020-09-19', 0.65, 1.35,
       '自主定价系数范围取自 DOMAIN.md §2（0.65–1.35，可配置）；交通违法系数为示例数据（sample — configure the regions'' filed coefficients），未列出的地区按 1.0');

    insert into commercial_violation_coefficient (parameters, region_zh, coefficient) values
      ('CN-COMMERCIAL-2020', '深圳', 1.05),
      ('CN-COMMERCIAL-2020', '厦门', 0.95),
      ('CN-COMMERCIAL-2020', '北京', 1.10);
  `.execute(db);
}
