// Policy numbers and policy dates (issue 4, decision 0007). Pure functions; dates are business dates
// 'YYYY-MM-DD' in Asia/Shanghai (UTC+08:00 all year, see platform/clock.ts).
//
// Policy number:  P-{ORG}-{PRODUCT}-{YYYY}{SEQ}{CC}
//   ORG      the issuing org's code      [A-Z][A-Z0-9_]{0,31}   (org codes never contain '-')
//   PRODUCT  the product's code          [A-Z][A-Z0-9_]{0,31}
//   YYYY     the year of the issue date in Asia/Shanghai
//   SEQ      8 digits, zero-padded, from a database sequence per (org, product, year): unique, and
//            gaps (rolled-back transactions) are harmless — nothing here assumes consecutive numbers
//   CC       two check characters [0-9A-Z], ISO 7064 MOD 1271-36 over everything before them,
//            hyphens included (input alphabet 0-9 = 0..9, A-Z = 10..35, '-' = 36, '_' = 37)
// e.g. P-SH01-CTPL-202600000042CC. Why MOD 1271-36: 1271 = 31 × 41 and every input value is < 38, so a
// changed character (difference < 38, never a multiple of 41) or two swapped neighbours (difference ×
// (36 − 1) = ×35, coprime to 1271) always changes the sum: every single-character typo and every
// adjacent transposition is caught, with check characters from the same alphanumeric set (a single
// MOD 37-2 character would need '*', Luhn mod 36 misses 0↔Z swaps). The hyphens make the variable-length
// codes parse without knowing the org and product tables, and are themselves under the check.
import type { Message } from '../../platform/errors';
import { shanghaiDate, SHANGHAI_OFFSET_MS } from '../../platform/clock';
import type { Channel, ProductDefinition } from '../../../contracts/product';

// ---------------------------------------------------------------- check characters

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MOD = 1271;
const RADIX = 36;

function charValue(c: string): number {
  if (c === '-') return 36;
  if (c === '_') return 37;
  const v = ALNUM.indexOf(c);
  if (v < 0) throw new Error(`not a policy-number character: ${c}`);
  return v;
}

/** ISO 7064 MOD 1271-36 (pure system, two check characters) over `body` (characters 0-9 A-Z - _). */
export function checkCharacters(body: string): string {
  let p = 0;
  for (const c of body) p = ((p + charValue(c)) * RADIX) % MOD;
  p = (p * RADIX) % MOD;
  const check = (MOD + 1 - p) % MOD;
  return ALNUM[Math.floor(check / RADIX)]! + ALNUM[check % RADIX]!;
}

// ---------------------------------------------------------------- numbers

export interface PolicyNumberParts {
  orgCode: string;
  productCode: string;
  year: number;
  sequence: number;
}

export type NumberingFailureCode = 'POLICY_NUMBER_PART_INVALID' | 'POLICY_NUMBER_FORMAT' | 'POLICY_NUMBER_CHECK' | 'POLICY_DATE_INVALID';
export interface NumberingFailure {
  ok: false;
  code: NumberingFailureCode;
  field: string;
  message: Message;
}
export type NumberingResult<T> = { ok: true; value: T } | NumberingFailure;

const CODE = /^[A-Z][A-Z0-9_]{0,31}$/;
export const MAX_SEQUENCE = 99_999_999;
const NUMBER = /^P-([A-Z][A-Z0-9_]{0,31})-([A-Z][A-Z0-9_]{0,31})-(\d{4})(\d{8})([0-9A-Z]{2})$/;

const failN = (code: NumberingFailureCode, field: string, zh: string, en: string): NumberingFailure => ({ ok: false, code, field, message: { zh, en } });

/** The policy number for one sequence value. Refuses parts that would not parse back. */
export function formatPolicyNumber(parts: PolicyNumberParts): NumberingResult<string> {
  const { orgCode, productCode, year, sequence } = parts;
  if (!CODE.test(orgCode)) return failN('POLICY_NUMBER_PART_INVALID', 'orgCode', '机构代码只能由大写字母、数字和下划线组成（以字母开头，最长 32 位）', 'org code must be A-Z, 0-9, _ (starting with a letter, ≤ 32)');
  if (!CODE.test(productCode)) return failN('POLICY_NUMBER_PART_INVALID', 'productCode', '产品代码只能由大写字母、数字和下划线组成（以字母开头，最长 32 位）', 'product code must be A-Z, 0-9, _ (starting with a letter, ≤ 32)');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return failN('POLICY_NUMBER_PART_INVALID', 'year', '年份必须是四位数', 'year must have four digits');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) return failN('POLICY_NUMBER_PART_INVALID', 'sequence', `流水号必须在 1 到 ${MAX_SEQUENCE} 之间`, `sequence must be 1..${MAX_SEQUENCE}`);
  const body = `P-${orgCode}-${productCode}-${year}${String(sequence).padStart(8, '0')}`;
  return { ok: true, value: body + checkCharacters(body) };
}

/** Reads a policy number as typed (surrounding spaces ignored, lower case accepted) and verifies its check characters. */
export function parsePolicyNumber(input: string): NumberingResult<PolicyNumberParts & { number: string }> {
  const s = input.trim().toUpperCase();
  const m = NUMBER.exec(s);
  if (!m) return failN('POLICY_NUMBER_FORMAT', 'policyNo', '保单号格式不正确（P-机构-产品-年份流水号校验码）', 'not a policy number (P-ORG-PRODUCT-YYYYSSSSSSSSCC)');
  if (checkCharacters(s.slice(0, -2)) !== m[5]) return failN('POLICY_NUMBER_CHECK', 'policyNo', '保单号校验码不符，请检查是否输错', 'the check characters do not match: probably a typo');
  const sequence = Number(m[4]);
  if (sequence < 1) return failN('POLICY_NUMBER_FORMAT', 'policyNo', '保单号流水号不能为 0', 'the sequence cannot be 0');
  return { ok: true, value: { number: s, orgCode: m[1]!, productCode: m[2]!, year: Number(m[3]), sequence } };
}

export const isValidPolicyNumber = (input: string): boolean => parsePolicyNumber(input).ok;

/** The numbering year of an issue instant: the year of its Asia/Shanghai date (2026-12-31T16:00Z → 2027). */
export const numberingYear = (issuedAt: Date): number => Number(shanghaiDate(issuedAt).slice(0, 4));

// ---------------------------------------------------------------- dates

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date written YYYY-MM-DD. */
export function isBusinessDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === s;
}

const ymd = (s: string): [number, number, number] => s.split('-').map(Number) as [number, number, number];
const fromUtc = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** date + n calendar days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = ymd(date);
  return fromUtc(Date.UTC(y, m - 1, d) + n * DAY_MS);
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The n-th anniversary of a date. 29 February's anniversary in a common year is 1 March, so a
 * policy starting on a leap day never loses a day of cover (ends 28 February 24:00).
 */
export function anniversary(date: string, n: number): string {
  const [y, m, d] = ymd(date);
  const ty = y + n;
  if (m === 2 && d === 29 && !isLeap(ty)) return `${String(ty).padStart(4, '0')}-03-01`;
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 00:00 Asia/Shanghai at the start of a business date, as an instant (= 16:00 UTC the day before). */
export function shanghaiStartOfDay(date: string): Date {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS);
}

export interface PolicyPeriod {
  /** First day of cover, from 00:00. */
  startDate: string;
  /** Last day of cover, until 24:00 (the day before the anniversary). */
  endDate: string;
  /** Instants: 00:00 Asia/Shanghai on startDate, and 24:00 on endDate (= 00:00 of the anniversary). */
  startsAt: Date;
  endsAt: Date;
}

/**
 * Cover of `years` whole years (P&C annual policies: 1) from 00:00 Asia/Shanghai on `startDate` to
 * 24:00 of the day before the anniversary: 自 2026-03-15 零时起至 2027-03-14 二十四时止.
 */
export function policyPeriod(startDate: string, years = 1): NumberingResult<PolicyPeriod> {
  if (!isBusinessDate(startDate)) return failN('POLICY_DATE_INVALID', 'startDate', '起保日期无效', 'the start date is invalid');
  if (!Number.isInteger(years) || years < 1 || years > 150) return failN('POLICY_DATE_INVALID', 'years', '保险期间必须是 1 到 150 年', 'the term must be 1..150 years');
  const next = anniversary(startDate, years);
  return { ok: true, value: { startDate, endDate: addDays(next, -1), startsAt: shanghaiStartOfDay(startDate), endsAt: shanghaiStartOfDay(next) } };
}

/** Whether an instant falls within cover (start inclusive, end exclusive). */
export const coveredAt = (period: PolicyPeriod, at: Date): boolean => at.getTime() >= period.startsAt.getTime() && at.getTime() < period.endsAt.getTime();

/**
 * Cooling-off days for a channel from a product version's definition; null when the version is not
 * sold through that channel (the proposal should not have got this far).
 */
export function coolingOffDaysFor(definition: Pick<ProductDefinition, 'channels' | 'coolingOffDays'>, channel: Channel): number | null {
  if (!definition.channels.includes(channel)) return null;
  return definition.coolingOffDays[channel] ?? null;
}

/**
 * Last day of the cooling-off period (犹豫期): counted from the day after the policyholder receives
 * (签收) the policy — the day of receipt is not counted (民法典 art. 201) — so the end is
 * receiptDate + days, until 24:00. 0 days → null (no cooling-off). The holiday extension of art. 203
 * needs a holiday calendar and is the service's job.
 */
export function coolingOffEndDate(receiptDate: string, days: number): NumberingResult<string | null> {
  if (!isBusinessDate(receiptDate)) return failN('POLICY_DATE_INVALID', 'receiptDate', '签收日期无效', 'the receipt date is invalid');
  if (!Number.isInteger(days) || days < 0 || days > 60) return failN('POLICY_DATE_INVALID', 'coolingOffDays', '犹豫期必须是 0 到 60 天', 'cooling-off days must be 0..60');
  return { ok: true, value: days === 0 ? null : addDays(receiptDate, days) };
}
