import { sql, type Kysely } from 'kysely';

// 交强险 reference data as versioned rows, not code: a newer tariff, float scheme or limit
// schedule is a new version row with its own effective_from, and quotes use the latest version in
// force. The rows below were generated from ../shared/data/ctpl-base-premium.csv and
// ctpl-float-regions.csv at authoring time and are embedded here because migrations must not read
// files outside the repository at run time. Constraint names are stable: errors map from them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ctpl_tariff (
      code text constraint ctpl_tariff_pkey primary key,
      name_zh text not null,
      effective_from date not null constraint ctpl_tariff_effective_from_key unique,
      -- A trailer pays this share of the truck premium of the same use and tonnage.
      trailer_ratio numeric(4,2) not null constraint ctpl_tariff_trailer_ratio_check check (trailer_ratio > 0 and trailer_ratio <= 1),
      source text not null
    );

    -- Brackets: for measure 'seats' and 'tonnes' a row covers [from_inclusive, to_exclusive); for
    -- 'cc_upper_inclusive' (motorcycles) it covers (from_inclusive, to_exclusive] — the column
    -- names follow the source file, the measure says how to read them. No measure: one flat rate.
    create table ctpl_base_premium (
      tariff text not null constraint ctpl_base_premium_tariff_fk references ctpl_tariff(code),
      code text not null,
      usage text not null,
      name_zh text not null,
      measure text constraint ctpl_base_premium_measure_check check (measure in ('seats', 'tonnes', 'cc_upper_inclusive')),
      from_inclusive numeric constraint ctpl_base_premium_from_check check (from_inclusive >= 0),
      to_exclusive numeric,
      annual_premium numeric(18,2) not null constraint ctpl_base_premium_premium_check check (annual_premium > 0),
      constraint ctpl_base_premium_pkey primary key (tariff, code),
      constraint ctpl_base_premium_flat_check check (measure is not null or (from_inclusive is null and to_exclusive is null)),
      constraint ctpl_base_premium_bounds_check check (from_inclusive is null or to_exclusive is null or from_inclusive < to_exclusive)
    );
    comment on column ctpl_base_premium.from_inclusive is 'lower bound; exclusive when measure = cc_upper_inclusive';
    comment on column ctpl_base_premium.to_exclusive is 'upper bound; inclusive when measure = cc_upper_inclusive';

    create table ctpl_float_scheme (
      code text constraint ctpl_float_scheme_pkey primary key,
      name_zh text not null,
      effective_from date not null constraint ctpl_float_scheme_effective_from_key unique,
      source text not null
    );

    -- region_class is the scheme letter (A–E) of a province or city.
    create table ctpl_float_region (
      scheme text not null constraint ctpl_float_region_scheme_fk references ctpl_float_scheme(code),
      region_zh text not null,
      region_class text not null constraint ctpl_float_region_class_check check (region_class in ('A', 'B', 'C', 'D', 'E')),
      source_quality text not null constraint ctpl_float_region_source_quality_check check (source_quality in ('regulator', 'secondary')),
      constraint ctpl_float_region_pkey primary key (scheme, region_zh)
    );

    create table ctpl_float_factor (
      scheme text not null constraint ctpl_float_factor_scheme_fk references ctpl_float_scheme(code),
      factor text not null constraint ctpl_float_factor_factor_check check (factor ~ '^A[1-6]$'),
      region_class text not null constraint ctpl_float_factor_class_check check (region_class in ('A', 'B', 'C', 'D', 'E')),
      name_zh text not null,
      rate numeric(6,4) not null constraint ctpl_float_factor_rate_check check (rate > -1),
      constraint ctpl_float_factor_pkey primary key (scheme, factor, region_class)
    );

    create table ctpl_limit_schedule (
      code text constraint ctpl_limit_schedule_pkey primary key,
      effective_from date not null constraint ctpl_limit_schedule_effective_from_key unique,
      source text not null
    );

    create table ctpl_liability_limit (
      schedule text not null constraint ctpl_liability_limit_schedule_fk references ctpl_limit_schedule(code),
      fault text not null constraint ctpl_liability_limit_fault_check check (fault in ('AT_FAULT', 'NOT_AT_FAULT')),
      death_disability numeric(18,2) not null constraint ctpl_liability_limit_death_check check (death_disability > 0),
      medical numeric(18,2) not null constraint ctpl_liability_limit_medical_check check (medical > 0),
      property numeric(18,2) not null constraint ctpl_liability_limit_property_check check (property > 0),
      constraint ctpl_liability_limit_pkey primary key (schedule, fault)
    );
  `.execute(db);

  await sql`
    insert into ctpl_tariff (code, name_zh, effective_from, trailer_ratio, source) values
      ('CN-2008', '交强险基础费率表（2008 版）', '2008-02-01', 0.30,
       '原中国保监会 2008 年交强险基础费率表（2008-02-01 起施行）；数据取自 shared/data/ctpl-base-premium.csv，sha256 6f96e1360550385f300da6e71512ea9800439a27935a627c59f725df08c611ca');

    insert into ctpl_base_premium (tariff, code, usage, name_zh, measure, from_inclusive, to_exclusive, annual_premium) values
('CN-2008', 'FAMILY_LT6', 'FAMILY', '家庭自用汽车 6座以下', 'seats', null, 6, 950.00),
      ('CN-2008', 'FAMILY_GE6', 'FAMILY', '家庭自用汽车 6座及以上', 'seats', 6, null, 1100.00),
      ('CN-2008', 'ENTERPRISE_LT6', 'ENTERPRISE', '企业非营业汽车 6座以下', 'seats', null, 6, 1000.00),
      ('CN-2008', 'ENTERPRISE_6_10', 'ENTERPRISE', '企业非营业汽车 6-10座', 'seats', 6, 10, 1130.00),
      ('CN-2008', 'ENTERPRISE_10_20', 'ENTERPRISE', '企业非营业汽车 10-20座', 'seats', 10, 20, 1220.00),
      ('CN-2008', 'ENTERPRISE_GE20', 'ENTERPRISE', '企业非营业汽车 20座以上', 'seats', 20, null, 1270.00),
      ('CN-2008', 'GOVERNMENT_LT6', 'GOVERNMENT', '机关非营业汽车 6座以下', 'seats', null, 6, 950.00),
      ('CN-2008', 'GOVERNMENT_6_10', 'GOVERNMENT', '机关非营业汽车 6-10座', 'seats', 6, 10, 1070.00),
      ('CN-2008', 'GOVERNMENT_10_20', 'GOVERNMENT', '机关非营业汽车 10-20座', 'seats', 10, 20, 1140.00),
      ('CN-2008', 'GOVERNMENT_GE20', 'GOVERNMENT', '机关非营业汽车 20座以上', 'seats', 20, null, 1320.00),
      ('CN-2008', 'TAXI_RENTAL_LT6', 'TAXI_RENTAL', '营业客车 出租、租赁 6座以下', 'seats', null, 6, 1800.00),
      ('CN-2008', 'TAXI_RENTAL_6_10', 'TAXI_RENTAL', '营业客车 出租、租赁 6-10座', 'seats', 6, 10, 2360.00),
      ('CN-2008', 'TAXI_RENTAL_10_20', 'TAXI_RENTAL', '营业客车 出租、租赁 10-20座', 'seats', 10, 20, 2400.00),
      ('CN-2008', 'TAXI_RENTAL_20_36', 'TAXI_RENTAL', '营业客车 出租、租赁 20-36座', 'seats', 20, 36, 2560.00),
      ('CN-2008', 'TAXI_RENTAL_GE36', 'TAXI_RENTAL', '营业客车 出租、租赁 36座以上', 'seats', 36, null, 3530.00),
      ('CN-2008', 'CITY_BUS_6_10', 'CITY_BUS', '营业客车 城市公交 6-10座', 'seats', 6, 10, 2250.00),
      ('CN-2008', 'CITY_BUS_10_20', 'CITY_BUS', '营业客车 城市公交 10-20座', 'seats', 10, 20, 2520.00),
      ('CN-2008', 'CITY_BUS_20_36', 'CITY_BUS', '营业客车 城市公交 20-36座', 'seats', 20, 36, 3020.00),
      ('CN-2008', 'CITY_BUS_GE36', 'CITY_BUS', '营业客车 城市公交 36座以上', 'seats', 36, null, 3140.00),
      ('CN-2008', 'COACH_6_10', 'COACH', '营业客车 公路客运 6-10座', 'seats', 6, 10, 2350.00),
      ('CN-2008', 'COACH_10_20', 'COACH', '营业客车 公路客运 10-20座', 'seats', 10, 20, 2620.00),
      ('CN-2008', 'COACH_20_36', 'COACH', '营业客车 公路客运 20-36座', 'seats', 20, 36, 3420.00),
      ('CN-2008', 'COACH_GE36', 'COACH', '营业客车 公路客运 36座以上', 'seats', 36, null, 4690.00),
      ('CN-2008', 'TRUCK_NONBUSINESS_LT2', 'TRUCK_NONBUSINESS', '非营业货车 2吨以下', 'tonnes', null, 2, 1200.00),
      ('CN-2008', 'TRUCK_NONBUSINESS_2_5', 'TRUCK_NONBUSINESS', '非营业货车 2-5吨', 'tonnes', 2, 5, 1470.00),
      ('CN-2008', 'TRUCK_NONBUSINESS_5_10', 'TRUCK_NONBUSINESS', '非营业货车 5-10吨', 'tonnes', 5, 10, 1650.00),
      ('CN-2008', 'TRUCK_NONBUSINESS_GE10', 'TRUCK_NONBUSINESS', '非营业货车 10吨以上', 'tonnes', 10, null, 2220.00),
      ('CN-2008', 'TRUCK_BUSINESS_LT2', 'TRUCK_BUSINESS', '营业货车 2吨以下', 'tonnes', null, 2, 1850.00),
      ('CN-2008', 'TRUCK_BUSINESS_2_5', 'TRUCK_BUSINESS', '营业货车 2-5吨', 'tonnes', 2, 5, 3070.00),
      ('CN-2008', 'TRUCK_BUSINESS_5_10', 'TRUCK_BUSINESS', '营业货车 5-10吨', 'tonnes', 5, 10, 3450.00),
      ('CN-2008', 'TRUCK_BUSINESS_GE10', 'TRUCK_BUSINESS', '营业货车 10吨以上', 'tonnes', 10, null, 4480.00),
      ('CN-2008', 'SPECIAL_1', 'SPECIAL_1', '特种车一 (油罐车、汽罐车、液罐车)', null, null, null, 3710.00),
      ('CN-2008', 'SPECIAL_2', 'SPECIAL_2', '特种车二 (专用净水车、其他罐式货车、清障/清扫/清洁/起重/装卸/升降/搅拌/挖掘/推土/冷藏/保温等专用车)', null, null, null, 2430.00),
      ('CN-2008', 'SPECIAL_3', 'SPECIAL_3', '特种车三 (装有固定专用仪器设备从事专业工作的监测、消防、医疗、电视转播等专用车)', null, null, null, 1080.00),
      ('CN-2008', 'SPECIAL_4', 'SPECIAL_4', '特种车四 (集装箱拖头)', null, null, null, 3980.00),
      ('CN-2008', 'MOTORCYCLE_LE50', 'MOTORCYCLE', '摩托车 50CC及以下', 'cc_upper_inclusive', null, 50, 80.00),
      ('CN-2008', 'MOTORCYCLE_50_250', 'MOTORCYCLE', '摩托车 50CC-250CC(含)', 'cc_upper_inclusive', 50, 250, 120.00),
      ('CN-2008', 'MOTORCYCLE_GT250', 'MOTORCYCLE', '摩托车 250CC以上及侧三轮', 'cc_upper_inclusive', 250, null, 400.00);

    insert into ctpl_float_scheme (code, name_zh, effective_from, source) values
      ('CN-2020', '交强险费率浮动系数方案（2020 年）', '2020-09-19',
       '银保监会《关于调整交强险责任限额和费率浮动系数的公告》（2020-09-19 起施行）；地区归属取自 shared/data/ctpl-float-regions.csv（sha256 dcf97141353f9d3c3902e6ac2e6c269e2e373afa104fd957eed381a8fde7449b，A–D 类来自二手资料），系数取自 DOMAIN.md §2');

    insert into ctpl_float_region (scheme, region_zh, region_class, source_quality) values
('CN-2020', '内蒙古', 'A', 'secondary'),
      ('CN-2020', '海南', 'A', 'secondary'),
      ('CN-2020', '青海', 'A', 'secondary'),
      ('CN-2020', '西藏', 'A', 'secondary'),
      ('CN-2020', '陕西', 'B', 'secondary'),
      ('CN-2020', '云南', 'B', 'secondary'),
      ('CN-2020', '广西', 'B', 'secondary'),
      ('CN-2020', '甘肃', 'C', 'secondary'),
      ('CN-2020', '吉林', 'C', 'secondary'),
      ('CN-2020', '山西', 'C', 'secondary'),
      ('CN-2020', '黑龙江', 'C', 'secondary'),
      ('CN-2020', '新疆', 'C', 'secondary'),
      ('CN-2020', '北京', 'D', 'secondary'),
      ('CN-2020', '天津', 'D', 'secondary'),
      ('CN-2020', '河北', 'D', 'secondary'),
      ('CN-2020', '宁夏', 'D', 'secondary'),
      ('CN-2020', '江苏', 'E', 'regulator'),
      ('CN-2020', '浙江', 'E', 'regulator'),
      ('CN-2020', '安徽', 'E', 'regulator'),
      ('CN-2020', '上海', 'E', 'regulator'),
      ('CN-2020', '湖南', 'E', 'regulator'),
      ('CN-2020', '湖北', 'E', 'regulator'),
      ('CN-2020', '江西', 'E', 'regulator'),
      ('CN-2020', '辽宁', 'E', 'regulator'),
      ('CN-2020', '河南', 'E', 'regulator'),
      ('CN-2020', '福建', 'E', 'regulator'),
      ('CN-2020', '重庆', 'E', 'regulator'),
      ('CN-2020', '山东', 'E', 'regulator'),
      ('CN-2020', '广东', 'E', 'regulator'),
      ('CN-2020', '深圳', 'E', 'regulator'),
      ('CN-2020', '厦门', 'E', 'regulator'),
      ('CN-2020', '四川', 'E', 'regulator'),
      ('CN-2020', '贵州', 'E', 'regulator'),
      ('CN-2020', '大连', 'E', 'regulator'),
      ('CN-2020', '青岛', 'E', 'regulator'),
      ('CN-2020', '宁波', 'E', 'regulator');

    insert into ctpl_float_factor (scheme, factor, region_class, name_zh, rate)
    select 'CN-2020', f.factor, c.region_class, f.name_zh, f.rates[c.i]
    from (values
      ('A1', '上一个年度未发生有责任道路交通事故', array[-0.30, -0.25, -0.20, -0.15, -0.10]::numeric[]),
      ('A2', '上两个年度未发生有责任道路交通事故', array[-0.40, -0.35, -0.30, -0.25, -0.20]::numeric[]),
      ('A3', '上三个及以上年度未发生有责任道路交通事故', array[-0.50, -0.45, -0.40, -0.35, -0.30]::numeric[]),
      ('A4', '上一个年度发生一次有责任不涉及死亡的道路交通事故', array[0, 0, 0, 0, 0]::numeric[]),
      ('A5', '上一个年度发生两次及两次以上有责任道路交通事故', array[0.10, 0.10, 0.10, 0.10, 0.10]::numeric[]),
      ('A6', '上一个年度发生有责任道路交通死亡事故', array[0.30, 0.30, 0.30, 0.30, 0.30]::numeric[])
    ) f(factor, name_zh, rates)
    cross join (values ('A', 1), ('B', 2), ('C', 3), ('D', 4), ('E', 5)) c(region_class, i);

    insert into ctpl_limit_schedule (code, effective_from, source) values
      ('CN-2020', '2020-09-19', '银保监会《关于调整交强险责任限额和费率浮动系数的公告》（2020-09-19 起施行）');

    insert into ctpl_liability_limit (schedule, fault, death_disability, medical, property) values
      ('CN-2020', 'AT_FAULT', 180000.00, 18000.00, 2000.00),
      ('CN-2020', 'NOT_AT_FAULT', 18000.00, 1800.00, 100.00);
  `.execute(db);
}
