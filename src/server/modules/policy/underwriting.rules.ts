// Underwriting (核保): the automatic rules that pass a validated proposal or refer it to an
// underwriter, and whether an underwriter's authority (核保权限) covers a proposal. Pure: the service
// loads the settings (settings.ts `underwriting`), the proposal's facts and the claim records.
import Decimal from 'decimal.js';
import type { AutoUnderwriting, HealthQuestion, UnderwritingRules } from '../../../contracts/policy';
import { HEALTH_QUESTIONS } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';

/** Lines covering a person's life or health: age, occupation and health rules apply to them. */
export const PERSONAL_LINES: readonly ProductLine[] = ['TERM_LIFE', 'WHOLE_LIFE', 'ENDOWMENT', 'ANNUITY', 'HEALTH', 'ACCIDENT'];
export const MOTOR_LINES: readonly ProductLine[] = ['CTPL', 'COMMERCIAL_MOTOR'];

export interface UnderwritingFacts {
  line: ProductLine;
  /** Yuan; null when the line has none (motor). */
  sumAssured: string | null;
  /** Insured's age in whole years at the start date. */
  age: number | null;
  occupationClass: number | null;
  health: { code: HealthQuestion; answer: boolean }[] | null;
  /** Whole years from first registration to the start date. */
  vehicleAgeYears: number | null;
  /** Claims in the 3 years before the start: the larger of what was declared and what is on record. */
  claimsLast3Years: number | null;
}

export type UwRule = 'SUM_ASSURED' | 'AGE' | 'OCCUPATION' | 'HEALTH' | 'VEHICLE_AGE' | 'CLAIMS';

/** Every rule that refers the proposal, with the field it concerns; none → PASS. */
export function autoUnderwrite(rules: UnderwritingRules, f: UnderwritingFacts): AutoUnderwriting {
  const reasons: AutoUnderwriting['reasons'] = [];
  const refer = (rule: UwRule, field: string, message: string) => reasons.push({ rule, field, message });

  const limit = rules.autoMaxSumAssured[f.line];
  if (limit !== undefined && f.sumAssured !== null && new Decimal(f.sumAssured).gt(limit)) {
    refer('SUM_ASSURED', 'sumAssured', `保险金额 ${new Decimal(f.sumAssured).toFixed(2)} 元超过自动核保限额 ${new Decimal(limit).toFixed(2)} 元，转人工核保`);
  }
  if (PERSONAL_LINES.includes(f.line)) {
    if (f.age !== null && (f.age < rules.autoMinAge || f.age > rules.autoMaxAge)) {
      refer('AGE', 'insuredId', `被保险人 ${f.age} 周岁，不在自动核保年龄 ${rules.autoMinAge}–${rules.autoMaxAge} 周岁内`);
    }
    if (f.occupationClass !== null && f.occupationClass > rules.maxOccupationClass) {
      refer('OCCUPATION', 'life.occupationClass', `职业类别 ${f.occupationClass} 类高于自动核保上限 ${rules.maxOccupationClass} 类`);
    }
    if (rules.referOnHealthDisclosure) {
      for (const [i, h] of (f.health ?? []).entries()) {
        if (h.answer) refer('HEALTH', `life.health.${i}.answer`, `健康告知有异常：${HEALTH_QUESTIONS[h.code]?.zh ?? h.code}`);
      }
    }
  }
  if (MOTOR_LINES.includes(f.line)) {
    if (f.vehicleAgeYears !== null && f.vehicleAgeYears > rules.maxVehicleAgeYears) {
      refer('VEHICLE_AGE', 'motor.vehicle.registrationDate', `车龄 ${f.vehicleAgeYears} 年超过 ${rules.maxVehicleAgeYears} 年`);
    }
    if (f.claimsLast3Years !== null && f.claimsLast3Years > rules.maxClaimsLast3Years) {
      refer('CLAIMS', f.line === 'CTPL' ? 'motor.ctplHistory' : 'motor.ncdHistory.claimsLast3Years', `近三年出险 ${f.claimsLast3Years} 次，超过 ${rules.maxClaimsLast3Years} 次`);
    }
  }
  return { outcome: reasons.length === 0 ? 'PASS' : 'REFER', reasons };
}

export interface AuthorityRow {
  line: string;
  maxSumAssured: string;
}

/**
 * The authority row that lets an underwriter decide this proposal: one for the line whose limit is
 * at least the sum assured (a proposal without a sum assured, e.g. motor: any row for the line).
 */
export function coveringAuthority(rows: readonly AuthorityRow[], line: string, sumAssured: string | null): AuthorityRow | null {
  const row = rows.find((r) => r.line === line);
  if (!row) return null;
  if (sumAssured === null) return row;
  return new Decimal(sumAssured).lte(row.maxSumAssured) ? row : null;
}
