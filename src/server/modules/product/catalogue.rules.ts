// The product catalogue, pure: definition checks, starting definitions per line, the version
// lifecycle (quotable today? what does approving supersede?), the field-by-field comparison of two
// versions, and the product-level part of a quote (limits, loadings, fixed rates). No I/O.
import Decimal from 'decimal.js';
import {
  CHANNELS,
  LIFE_BENEFITS,
  LINE_RATING,
  PAYMENT_MODES,
  PRODUCT_LINES,
  RATING_METHODS,
  type Channel,
  type LifeBenefit,
  type DiffRow,
  type DiffValue,
  type PaymentMode,
  type ProductDefinition,
  type ProductLine,
  type RatingSpec,
} from '../../../contracts/product';
import { fieldLabels, type Message } from '../../platform/errors';
import type { QuoteInput as LifeEngineInput } from './actuarial.rules';
import { catalogueErrors as E } from './catalogue.errors';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

// ---------------------------------------------------------------- values

const MONEY = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;
const RATE = /^(0|[1-9][0-9]{0,3})(\.[0-9]{1,10})?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const COVERAGE_CODE = /^[A-Z][A-Z0-9_]{0,31}$/;

export const isMoney = (s: string): boolean => MONEY.test(s);
export const isRate = (s: string): boolean => RATE.test(s);

/** A real calendar date 'YYYY-MM-DD' (2026-02-30 is not). */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Yuan with two decimals ("665.00"), half-up. */
export const money = (d: Decimal.Value): string => new D(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

// ---------------------------------------------------------------- definition checks

// Field names for messages: F, the shared labels (platform/errors.ts), and L, the per-row ones.
const F = fieldLabels;
const L = {
  coverageCode: (i: number) => ({ zh: `第 ${i + 1} 项保障 代码`, en: `coverage ${i + 1} code` }),
  coverageName: (i: number) => ({ zh: `第 ${i + 1} 项保障 名称`, en: `coverage ${i + 1} name` }),
  coverageLimit: (i: number) => ({ zh: `第 ${i + 1} 项保障 保额/限额`, en: `coverage ${i + 1} limit` }),
  coverageDeductible: (i: number) => ({ zh: `第 ${i + 1} 项保障 免赔额`, en: `coverage ${i + 1} deductible` }),
  coolingOff: (c: Channel) => ({ zh: `${CHANNELS[c].zh}犹豫期`, en: `cooling-off (${c})` }),
};

const P = 'definition';
const bad = (field: string, label: Message, zh: string, en: string, code?: string, details?: Record<string, unknown>) => E.definition(`${P}.${field}`, label, { zh, en }, code, details);
const moneyProblem = { zh: '必须是不小于 0 的金额，最多两位小数（如 "200000.00"）', en: 'must be a non-negative amount with at most 2 decimals' };

function checkMoney(field: string, label: Message, v: string | null, opts: { positive?: boolean } = {}): Decimal | null {
  if (v === null) return null;
  if (!isMoney(v)) throw bad(field, label, moneyProblem.zh, moneyProblem.en);
  const d = new D(v);
  if (opts.positive && d.isZero()) throw bad(field, label, '必须大于 0', 'must be greater than 0');
  return d;
}

function checkRate(field: string, label: Message, v: string, min: Decimal.Value, max: Decimal.Value, inclusiveMax: boolean): Decimal {
  if (!isRate(v)) throw bad(field, label, '必须是小数（如 0.025 表示 2.5%）', 'must be a decimal (0.025 = 2.5%)');
  const d = new D(v);
  if (d.lt(min) || (inclusiveMax ? d.gt(max) : d.gte(max))) {
    throw bad(field, label, `必须在 ${min} 到 ${max} 之间${inclusiveMax ? '' : '（不含上限）'}`, `must be between ${min} and ${max}${inclusiveMax ? '' : ' (exclusive)'}`);
  }
  return d;
}

function checkYears(field: string, label: Message, years: number[], max: number): void {
  const seen = new Set<number>();
  for (const [i, y] of years.entries()) {
    if (!Number.isInteger(y) || y < 1 || y > max) throw bad(`${field}.${i}`, label, `必须是 1 到 ${max} 之间的整数年`, `must be whole years between 1 and ${max}`);
    if (seen.has(y)) throw bad(`${field}.${i}`, label, `${y} 年重复`, `${y} listed twice`);
    seen.add(y);
  }
}

function checkRating(line: ProductLine, r: RatingSpec): void {
  const allowed = LINE_RATING[line];
  if (!allowed.methods.includes(r.method)) {
    const names = allowed.methods.map((m) => RATING_METHODS[m].zh).join('、');
    throw bad('rating.method', F.method, `${PRODUCT_LINES[line].zh}只能使用：${names}`, `${line} may use only ${allowed.methods.join(', ')}`, 'PRODUCT_RATING_METHOD_NOT_FOR_LINE');
  }
  switch (r.method) {
    case 'CTPL':
      return;
    case 'COMMERCIAL_MOTOR':
      if (r.defaultPricingCoefficient !== null) checkRate('rating.defaultPricingCoefficient', F.defaultPricingCoefficient, r.defaultPricingCoefficient, '0.5', '1.5', true);
      return;
    case 'LIFE_NET':
    case 'LIFE_GROSS': {
      if (!allowed.benefits?.includes(r.benefit)) {
        const names = (allowed.benefits ?? []).map((b) => LIFE_BENEFITS[b].zh).join('、');
        throw bad('rating.benefit', F.benefit, `${PRODUCT_LINES[line].zh}只能是：${names}`, `${line} may be only ${(allowed.benefits ?? []).join(', ')}`, 'PRODUCT_RATING_METHOD_NOT_FOR_LINE');
      }
      if (!r.tableMale.trim()) throw bad('rating.tableMale', F.tableMale, '必须选择', 'is required');
      if (!r.tableFemale.trim()) throw bad('rating.tableFemale', F.tableFemale, '必须选择', 'is required');
      checkRate('rating.interest', F.interest, r.interest, '0', '0.2', false);
      if (r.method === 'LIFE_GROSS') {
        checkRate('rating.expenseRatio', F.expenseRatio, r.expenseRatio, '0', '0.9', true);
        checkMoney('rating.perPolicy', F.perPolicy, r.perPolicy);
      }
      return;
    }
    case 'FIXED': {
      const rate = checkRate('rating.rate', F.rate, r.rate, '0', '1', true);
      if (rate.isZero()) throw bad('rating.rate', F.rate, '必须大于 0', 'must be greater than 0');
      checkMoney('rating.minPremium', F.minPremium, r.minPremium);
      return;
    }
  }
}

/** The rating object as the API accepts it: `method` plus any parameters (schemas.RatingSpecSchema). */
export interface RatingInput {
  method: RatingSpec['method'];
  defaultPricingCoefficient?: string | null;
  benefit?: LifeBenefit;
  tableMale?: string;
  tableFemale?: string;
  interest?: string;
  expenseRatio?: string;
  perPolicy?: string;
  rate?: string;
  minPremium?: string;
}

/**
 * Keeps exactly the parameters the method uses; a missing one is a 422 naming it, a parameter of
 * another method is a 422 too (it would be silently ignored otherwise).
 */
export function normalizeRating(r: RatingInput): RatingSpec {
  const uses: Record<RatingSpec['method'], (keyof RatingInput)[]> = {
    CTPL: [],
    COMMERCIAL_MOTOR: ['defaultPricingCoefficient'],
    LIFE_NET: ['benefit', 'tableMale', 'tableFemale', 'interest'],
    LIFE_GROSS: ['benefit', 'tableMale', 'tableFemale', 'interest', 'expenseRatio', 'perPolicy'],
    FIXED: ['rate', 'minPremium'],
  };
  const wanted = uses[r.method];
  for (const k of Object.keys(r) as (keyof RatingInput)[]) {
    if (k !== 'method' && !wanted.includes(k) && r[k] !== undefined) {
      throw bad(`rating.${k}`, F[k], `${RATING_METHODS[r.method].zh}不使用此参数`, `not a parameter of ${r.method}`);
    }
  }
  const out: Record<string, unknown> = { method: r.method };
  for (const k of wanted) {
    const v = r[k];
    if (v === undefined) {
      if (k === 'defaultPricingCoefficient') out[k] = null;
      else throw bad(`rating.${k}`, F[k], `${RATING_METHODS[r.method].zh}必须填写`, `required by ${r.method}`);
    } else out[k] = v;
  }
  return out as unknown as RatingSpec;
}

const isLife = (r: RatingSpec): r is Extract<RatingSpec, { method: 'LIFE_NET' | 'LIFE_GROSS' }> => r.method === 'LIFE_NET' || r.method === 'LIFE_GROSS';

/**
 * Checks a version's definition for its line; throws the first problem (422, field path under
 * `definition.`), in the order the editor shows the fields. Whether life tables exist is the
 * service's check (it needs the database).
 */
export function validateDefinition(line: ProductLine, d: ProductDefinition): void {
  if (d.coverages.length === 0) throw bad('coverages', F.coverages, '至少一项', 'at least one is required');
  const codes = new Set<string>();
  for (const [i, c] of d.coverages.entries()) {
    if (!COVERAGE_CODE.test(c.code)) throw bad(`coverages.${i}.code`, L.coverageCode(i), '大写字母开头，只含大写字母、数字和下划线，最长 32 位', 'capital letter first; A–Z, 0–9 and _ only; at most 32');
    if (codes.has(c.code)) throw bad(`coverages.${i}.code`, L.coverageCode(i), `${c.code} 重复`, `${c.code} listed twice`, 'PRODUCT_COVERAGE_DUPLICATE');
    codes.add(c.code);
    if (!c.name.trim()) throw bad(`coverages.${i}.name`, L.coverageName(i), '不能为空', 'is required');
    const limit = checkMoney(`coverages.${i}.limit`, L.coverageLimit(i), c.limit, { positive: true });
    const deductible = checkMoney(`coverages.${i}.deductible`, L.coverageDeductible(i), c.deductible);
    if (limit && deductible && deductible.gte(limit)) throw bad(`coverages.${i}.deductible`, L.coverageDeductible(i), '必须小于保额/限额', 'must be less than the limit');
  }

  checkRating(line, d.rating);

  for (const k of ['minAge', 'maxAge'] as const) {
    const v = d[k];
    if (v !== null && (!Number.isInteger(v) || v < 0 || v > 120)) throw bad(k, F[k], '必须是 0 到 120 之间的整数', 'must be a whole number between 0 and 120');
  }
  if (d.minAge !== null && d.maxAge !== null && d.minAge > d.maxAge) throw bad('maxAge', F.maxAge, '不能小于最低投保年龄', 'must not be below the minimum age');
  const minSum = checkMoney('minSumAssured', F.minSumAssured, d.minSumAssured, { positive: true });
  const maxSum = checkMoney('maxSumAssured', F.maxSumAssured, d.maxSumAssured, { positive: true });
  if (minSum && maxSum && minSum.gt(maxSum)) throw bad('maxSumAssured', F.maxSumAssured, '不能小于最低保额', 'must not be below the minimum');

  if (d.paymentModes.length === 0) throw bad('paymentModes', F.paymentModes, '至少选择一种', 'choose at least one');
  if (new Set(d.paymentModes).size !== d.paymentModes.length) throw bad('paymentModes', F.paymentModes, '不能重复', 'must not repeat');
  checkYears('coverageTerms', F.coverageTerms, d.coverageTerms, 120);
  checkYears('paymentTerms', F.paymentTerms, d.paymentTerms, 120);
  if (isLife(d.rating)) {
    const b = d.rating.benefit;
    if (b === 'WHOLE_LIFE' && d.coverageTerms.length > 0) throw bad('coverageTerms', F.coverageTerms, '终身寿险保障终身，不能列出保险期间', 'whole life covers for life: list no terms');
    if ((b === 'TERM' || b === 'ENDOWMENT' || b === 'PURE_ENDOWMENT') && d.coverageTerms.length === 0) {
      throw bad('coverageTerms', F.coverageTerms, `${LIFE_BENEFITS[b].zh}至少列出一个保险期间`, `list at least one term for ${b}`);
    }
    const unsupported = d.paymentModes.find((m) => m !== 'SINGLE' && m !== 'ANNUAL');
    if (unsupported) {
      throw bad('paymentModes', F.paymentModes, `寿险费率方法只支持趸交和年交（${PAYMENT_MODES[unsupported].zh}的换算系数尚未配置）`, `life rating supports only SINGLE and ANNUAL (no modal factor for ${unsupported})`);
    }
  }

  if (d.channels.length === 0) throw bad('channels', F.channels, '至少选择一个', 'choose at least one');
  if (new Set(d.channels).size !== d.channels.length) throw bad('channels', F.channels, '不能重复', 'must not repeat');
  for (const c of d.channels) {
    const days = d.coolingOffDays[c];
    if (days === undefined) throw bad(`coolingOffDays.${c}`, L.coolingOff(c), '必须填写（没有犹豫期填 0）', 'required (0 for none)');
    if (!Number.isInteger(days) || days < 0 || days > 60) throw bad(`coolingOffDays.${c}`, L.coolingOff(c), '必须是 0 到 60 之间的整数天', 'must be whole days between 0 and 60');
  }
  for (const c of Object.keys(d.coolingOffDays) as Channel[]) {
    if (!d.channels.includes(c)) throw bad(`coolingOffDays.${c}`, L.coolingOff(c), '该渠道未被选为销售渠道', 'the channel is not allowed for this version');
  }
  if (d.filingNo !== null && d.filingNo.trim().length === 0) throw bad('filingNo', F.filingNo, '不能为空白（没有时请留空）', 'must not be blank');
}

/** Life tables the definition refers to (the service checks that they exist). */
export function tablesOf(d: ProductDefinition): { field: string; label: Message; code: string }[] {
  if (!isLife(d.rating)) return [];
  return [
    { field: `${P}.rating.tableMale`, label: F.tableMale, code: d.rating.tableMale },
    { field: `${P}.rating.tableFemale`, label: F.tableFemale, code: d.rating.tableFemale },
  ];
}

/** A starting definition for a new product of a line: valid, but without a filing number. */
export function definitionTemplate(line: ProductLine): ProductDefinition {
  const base = {
    minAge: null,
    maxAge: null,
    minSumAssured: null,
    maxSumAssured: null,
    coverageTerms: [] as number[],
    paymentTerms: [] as number[],
    filingNo: null,
  };
  const life = (benefit: 'TERM' | 'WHOLE_LIFE' | 'ENDOWMENT' | 'ANNUITY_DUE', name: string): ProductDefinition => ({
    ...base,
    coverages: [{ code: benefit === 'ANNUITY_DUE' ? 'ANNUITY' : benefit === 'ENDOWMENT' ? 'SURVIVAL' : 'DEATH', name, limit: null, deductible: null }],
    rating: { method: 'LIFE_NET', benefit, tableMale: benefit === 'ANNUITY_DUE' ? 'CL2010_AM' : 'CL2010_1M', tableFemale: benefit === 'ANNUITY_DUE' ? 'CL2010_AF' : 'CL2010_1F', interest: '0.025' },
    minAge: benefit === 'ANNUITY_DUE' ? 0 : 18,
    maxAge: benefit === 'ANNUITY_DUE' ? 70 : 60,
    minSumAssured: '10000.00',
    maxSumAssured: '5000000.00',
    paymentModes: ['SINGLE', 'ANNUAL'],
    coverageTerms: benefit === 'WHOLE_LIFE' ? [] : benefit === 'ANNUITY_DUE' ? [] : [10, 20, 30],
    paymentTerms: [1, 5, 10, 20],
    riskLevel: 'R1',
    channels: ['AGENT', 'BANCASSURANCE', 'DIRECT'],
    coolingOffDays: { AGENT: 15, BANCASSURANCE: 15, DIRECT: 15 },
  });
  switch (line) {
    case 'CTPL':
      return {
        ...base,
        coverages: [
          { code: 'DEATH_DISABILITY', name: '死亡伤残赔偿限额', limit: '180000.00', deductible: null },
          { code: 'MEDICAL', name: '医疗费用赔偿限额', limit: '18000.00', deductible: null },
          { code: 'PROPERTY', name: '财产损失赔偿限额', limit: '2000.00', deductible: null },
        ],
        rating: { method: 'CTPL' },
        paymentModes: ['SINGLE'],
        coverageTerms: [1],
        riskLevel: 'R1',
        channels: ['DIRECT', 'AGENT', 'DEALER', 'ONLINE'],
        coolingOffDays: { DIRECT: 0, AGENT: 0, DEALER: 0, ONLINE: 0 },
      };
    case 'COMMERCIAL_MOTOR':
      return {
        ...base,
        coverages: [
          { code: 'CAR_DAMAGE', name: '机动车损失保险', limit: null, deductible: null },
          { code: 'THIRD_PARTY', name: '第三者责任保险', limit: null, deductible: null },
          { code: 'DRIVER', name: '车上人员责任保险（司机）', limit: null, deductible: null },
          { code: 'PASSENGER', name: '车上人员责任保险（乘客）', limit: null, deductible: null },
        ],
        rating: { method: 'COMMERCIAL_MOTOR', defaultPricingCoefficient: null },
        paymentModes: ['SINGLE'],
        coverageTerms: [1],
        riskLevel: 'R1',
        channels: ['DIRECT', 'AGENT', 'DEALER', 'ONLINE'],
        coolingOffDays: { DIRECT: 0, AGENT: 0, DEALER: 0, ONLINE: 0 },
      };
    case 'TERM_LIFE':
      return life('TERM', '身故保险金');
    case 'WHOLE_LIFE':
      return life('WHOLE_LIFE', '身故保险金');
    case 'ENDOWMENT':
      return life('ENDOWMENT', '满期生存保险金及身故保险金');
    case 'ANNUITY':
      return life('ANNUITY_DUE', '年金');
    case 'HEALTH':
    case 'ACCIDENT':
    case 'PROPERTY':
      return {
        ...base,
        coverages: [
          line === 'HEALTH'
            ? { code: 'MEDICAL', name: '住院医疗保险金', limit: '1000000.00', deductible: '10000.00' }
            : line === 'ACCIDENT'
              ? { code: 'ACCIDENT_DEATH', name: '意外身故及伤残保险金', limit: null, deductible: null }
              : { code: 'PROPERTY_DAMAGE', name: '财产损失', limit: null, deductible: '500.00' },
        ],
        rating: { method: 'FIXED', rate: line === 'HEALTH' ? '0.0030' : line === 'ACCIDENT' ? '0.0010' : '0.0015', minPremium: '50.00' },
        minAge: line === 'PROPERTY' ? null : 0,
        maxAge: line === 'PROPERTY' ? null : 65,
        minSumAssured: '10000.00',
        maxSumAssured: '3000000.00',
        paymentModes: ['SINGLE'],
        coverageTerms: [1],
        riskLevel: 'R1',
        channels: ['DIRECT', 'AGENT', 'ONLINE'],
        coolingOffDays: { DIRECT: 0, AGENT: 0, ONLINE: 0 },
      };
  }
}

// ---------------------------------------------------------------- lifecycle

export interface Period {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** Both inclusive; a null end is open. */
export function overlaps(a: Period, b: Period): boolean {
  return (b.effectiveTo === null || a.effectiveFrom <= b.effectiveTo) && (a.effectiveTo === null || b.effectiveFrom <= a.effectiveTo);
}

export const inPeriod = (p: Period, date: string): boolean => p.effectiveFrom <= date && (p.effectiveTo === null || date <= p.effectiveTo);

export function isQuotable(v: Period & { status: string }, today: string): boolean {
  return v.status === 'APPROVED' && inPeriod(v, today);
}

export interface ApprovedVersion extends Period {
  id: string;
  versionNo: number;
  status: string;
}

/**
 * What approving `target` does to the product's approved versions: one that started earlier and
 * runs into the new period is superseded (ends the day before the new one starts); one that starts
 * on or after the new start and overlaps is a conflict (the first such is returned).
 */
export function planApproval(target: Period, approved: readonly ApprovedVersion[]): { supersede: { id: string; versionNo: number; effectiveTo: string }[]; conflict: ApprovedVersion | null } {
  const supersede: { id: string; versionNo: number; effectiveTo: string }[] = [];
  for (const v of [...approved].sort((a, b) => a.versionNo - b.versionNo)) {
    if (!overlaps(v, target)) continue;
    if (v.effectiveFrom < target.effectiveFrom) supersede.push({ id: v.id, versionNo: v.versionNo, effectiveTo: addDays(target.effectiveFrom, -1) });
    else return { supersede: [], conflict: v };
  }
  return { supersede, conflict: null };
}

// ---------------------------------------------------------------- comparison

export interface Comparable extends Period {
  note: string | null;
  definition: ProductDefinition;
}

const sameValue = (a: DiffValue, b: DiffValue, unordered: boolean): boolean => {
  if (Array.isArray(a) && Array.isArray(b) && unordered) return JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
  return JSON.stringify(a) === JSON.stringify(b);
};

/**
 * Every field of two versions side by side, in the editor's order, each marked changed or not.
 * Coverages are matched by code (reordering is no change); channels and payment modes are sets.
 */
export function diffVersions(from: Comparable, to: Comparable): DiffRow[] {
  const rows: DiffRow[] = [];
  const add = (path: string[], before: DiffValue | undefined, after: DiffValue | undefined, unordered = false) => {
    const b = before ?? null;
    const a = after ?? null;
    rows.push({ path, before: b, after: a, changed: !sameValue(b, a, unordered) });
  };
  const f = from.definition;
  const t = to.definition;
  add(['effectiveFrom'], from.effectiveFrom, to.effectiveFrom);
  add(['effectiveTo'], from.effectiveTo, to.effectiveTo);
  add(['note'], from.note, to.note);
  const codes = [...new Set([...f.coverages.map((c) => c.code), ...t.coverages.map((c) => c.code)])];
  for (const code of codes) {
    const a = f.coverages.find((c) => c.code === code);
    const b = t.coverages.find((c) => c.code === code);
    add(['coverages', code, 'name'], a?.name, b?.name);
    add(['coverages', code, 'limit'], a?.limit, b?.limit);
    add(['coverages', code, 'deductible'], a?.deductible, b?.deductible);
  }
  add(['rating', 'method'], f.rating.method, t.rating.method);
  const fr = f.rating as Record<string, DiffValue>;
  const tr = t.rating as Record<string, DiffValue>;
  const ratingKeys = [...new Set([...Object.keys(fr), ...Object.keys(tr)])].filter((k) => k !== 'method');
  for (const k of ratingKeys) add(['rating', k], fr[k], tr[k]);
  for (const k of ['minAge', 'maxAge', 'minSumAssured', 'maxSumAssured'] as const) add([k], f[k], t[k]);
  add(['paymentModes'], f.paymentModes, t.paymentModes, true);
  add(['coverageTerms'], f.coverageTerms, t.coverageTerms, true);
  add(['paymentTerms'], f.paymentTerms, t.paymentTerms, true);
  add(['riskLevel'], f.riskLevel, t.riskLevel);
  add(['channels'], f.channels, t.channels, true);
  const channels = [...new Set([...f.channels, ...t.channels, ...(Object.keys(f.coolingOffDays) as Channel[]), ...(Object.keys(t.coolingOffDays) as Channel[])])];
  for (const c of channels) add(['coolingOffDays', c], f.coolingOffDays[c], t.coolingOffDays[c]);
  add(['filingNo'], f.filingNo, t.filingNo);
  return rows;
}

// ---------------------------------------------------------------- quoting through a version

export interface LifeQuoteRequest {
  sex: 'M' | 'F';
  age: number;
  term?: number;
  paymentTerm?: number;
  paymentMode: PaymentMode;
  sumAssured: string;
}

const LQ = {
  age: { zh: '被保险人年龄', en: 'age' },
  sumAssured: { zh: '保险金额', en: 'sum assured' },
  term: { zh: '保险期间', en: 'term' },
  paymentTerm: { zh: '缴费期间', en: 'payment term' },
  paymentMode: { zh: '缴费方式', en: 'payment mode' },
  channel: { zh: '销售渠道', en: 'channel' },
};

/** The version's age limits (field: `${prefix}.age`). */
export function checkAge(d: ProductDefinition, age: number, prefix: string): void {
  if ((d.minAge !== null && age < d.minAge) || (d.maxAge !== null && age > d.maxAge)) {
    const range = `${d.minAge ?? 0}–${d.maxAge ?? '∞'}`;
    throw E.notOffered('PRODUCT_AGE_OUT_OF_RANGE', `${prefix}.age`, LQ.age, { zh: `本产品承保年龄为 ${range} 周岁`, en: `the product accepts ages ${range}` }, { minAge: d.minAge, maxAge: d.maxAge });
  }
}

/** The version's sum-assured limits; returns the amount (field: `${prefix}.sumAssured`). */
export function checkSumAssured(d: ProductDefinition, sumAssured: string, prefix: string): Decimal {
  if (!isMoney(sumAssured) || new D(sumAssured).isZero()) {
    throw E.notOffered('PRODUCT_SUM_ASSURED_INVALID', `${prefix}.sumAssured`, LQ.sumAssured, { zh: '必须是大于 0 的金额，最多两位小数', en: 'must be a positive amount with at most 2 decimals' });
  }
  const s = new D(sumAssured);
  if ((d.minSumAssured !== null && s.lt(d.minSumAssured)) || (d.maxSumAssured !== null && s.gt(d.maxSumAssured))) {
    const range = `${d.minSumAssured ?? '0'}–${d.maxSumAssured ?? '∞'}`;
    throw E.notOffered('PRODUCT_SUM_ASSURED_OUT_OF_RANGE', `${prefix}.sumAssured`, LQ.sumAssured, { zh: `本产品保额范围为 ${range} 元`, en: `the product's sum assured range is ${range}` }, { minSumAssured: d.minSumAssured, maxSumAssured: d.maxSumAssured });
  }
  return s;
}

export function checkChannel(d: ProductDefinition, channel: Channel | undefined): number | null {
  if (channel === undefined) return null;
  if (!d.channels.includes(channel)) {
    const names = d.channels.map((c) => CHANNELS[c].zh).join('、');
    throw E.notOffered('PRODUCT_CHANNEL_NOT_ALLOWED', 'channel', LQ.channel, { zh: `本产品只通过以下渠道销售：${names}`, en: `sold only through ${d.channels.join(', ')}` });
  }
  return d.coolingOffDays[channel] ?? null;
}

/**
 * The product-level checks of a life quote, in the form's order; answers the actuarial engine's
 * input (table by sex, the product's benefit and interest; single premium = paid over 1 year).
 */
export function lifeEngineInput(d: ProductDefinition, q: LifeQuoteRequest): LifeEngineInput & { table: string } {
  const r = d.rating;
  if (!isLife(r)) throw new Error('lifeEngineInput on a non-life version');
  checkAge(d, q.age, 'life');
  if (!d.paymentModes.includes(q.paymentMode)) {
    throw E.notOffered('PRODUCT_PAYMENT_MODE_NOT_OFFERED', 'life.paymentMode', LQ.paymentMode, { zh: `本产品的缴费方式为：${d.paymentModes.map((m) => PAYMENT_MODES[m].zh).join('、')}`, en: `offered: ${d.paymentModes.join(', ')}` });
  }
  if (r.benefit !== 'WHOLE_LIFE' && d.coverageTerms.length > 0 && (q.term === undefined || !d.coverageTerms.includes(q.term))) {
    throw E.notOffered('PRODUCT_TERM_NOT_OFFERED', 'life.term', LQ.term, { zh: `请选择本产品提供的保险期间：${d.coverageTerms.join('、')} 年`, en: `choose one of ${d.coverageTerms.join(', ')} years` }, { offered: d.coverageTerms });
  }
  const single = q.paymentMode === 'SINGLE';
  if (!single && d.paymentTerms.length > 0 && (q.paymentTerm === undefined || !d.paymentTerms.includes(q.paymentTerm))) {
    throw E.notOffered('PRODUCT_PAYMENT_TERM_NOT_OFFERED', 'life.paymentTerm', LQ.paymentTerm, { zh: `请选择本产品提供的缴费期间：${d.paymentTerms.join('、')} 年`, en: `choose one of ${d.paymentTerms.join(', ')} years` }, { offered: d.paymentTerms });
  }
  checkSumAssured(d, q.sumAssured, 'life');
  return {
    table: q.sex === 'M' ? r.tableMale : r.tableFemale,
    benefit: r.benefit,
    // The engine takes a number; a decimal string of ≤ 10 places converts exactly back.
    interest: Number(r.interest),
    age: q.age,
    ...(r.benefit === 'WHOLE_LIFE' ? {} : q.term !== undefined ? { term: q.term } : {}),
    ...(single ? { paymentTerm: 1 } : q.paymentTerm !== undefined ? { paymentTerm: q.paymentTerm } : {}),
    sumAssured: q.sumAssured,
  };
}

/** Gross premium = (net + perPolicy) ÷ (1 − expenseRatio), half-up to the fen. */
export function grossPremium(net: string, expenseRatio: string, perPolicy: string): string {
  return money(new D(net).plus(perPolicy).div(new D(1).minus(expenseRatio)));
}

/** Premium = max(sum assured × rate, minPremium), half-up to the fen. */
export function fixedPremium(sumAssured: string, rate: string, minPremium: string): { computed: string; premium: string } {
  const computed = money(new D(sumAssured).times(rate));
  return { computed, premium: new D(computed).lt(minPremium) ? money(minPremium) : computed };
}
