// 理算 (the calculation sheet) of one coverage and loss type: pure, decimal.js, every figure a step
// with a label, so the handler and the approver see how the payable came about and can recompute it.
// The service resolves the facts (assessed loss from approved task items, limits from the policy or
// the 交强险 reference table, liability from the claim, prior payments from other claims); this file
// only applies them. Each step's running amount is rounded half-up to the fen; nothing goes below 0.
//
// Methods (methodOf picks one from the line and the loss type):
//
//   CTPL (交强险, DOMAIN.md §2) — no liability share and no deductible; the limit is the head's
//     (死亡伤残 / 医疗费用 / 财产损失) by fault from the schedule in force on the loss date:
//       payable = min(assessed − salvage, head limit − prior payments under the head)
//     at fault 180,000 / 18,000 / 2,000, not at fault 18,000 / 1,800 / 100. Unknown fault (null) is
//     treated as at fault: 无责 needs a finding.
//
//   MOTOR (商业车险, every coverage: 车损, 三者, 车上人员):
//       payable = min(max((assessed − salvage) × share × (1 − deductible rate) − deductible, 0),
//                     limit − prior payments)
//     share = 0 % when not at fault (无责: nothing is owed under a liability cover, and own damage
//     is recovered from the party at fault), else the liability share (全责 100 % when none is
//     given). Own damage (CAR_DAMAGE) follows the same share, as the 示范条款 pay by 事故责任比例;
//     a handler who pays own damage first and recovers later (代位求偿) enters the share he pays.
//     The limit of CAR_DAMAGE is its sum insured; of a liability cover its limit.
//
//   SUM_ASSURED (身故): payable = sum assured − prior death payments under the coverage.
//
//   MEDICAL (医疗费用 of health and life products):
//       payable = min(max(bills − deductible, 0) × (1 − co-payment rate), annual limit − prior payments)
//
//   INDEMNITY (other personal benefits, e.g. 伤残): min(assessed − salvage − deductible, limit − prior).
//
// "Prior payments" are what other claims on the same policy and coverage took from the limit in the
// period (the service decides which); this claim's own earlier sheets are never prior.
import Decimal from 'decimal.js';
import type { CalculationStep, LossType } from '../../../contracts/claim';
import type { ProductLine } from '../../../contracts/product';
import { anniversary } from '../policy/numbering.rules';

export type CalculationMethod = 'CTPL' | 'MOTOR' | 'SUM_ASSURED' | 'MEDICAL' | 'INDEMNITY';

/** The facts of one sheet, resolved by the service. Percentages are 0–100; money ≥ 0. */
export interface AdjustmentFacts {
  method: CalculationMethod;
  /** 核定损失 / 医疗费用合计 (ignored by SUM_ASSURED). */
  assessedLoss: Decimal.Value;
  salvage?: Decimal.Value | null;
  /** MOTOR: 有责 / 无责 and the share of liability. CTPL: picks the limit (the service passes it). */
  atFault?: boolean | null;
  liabilityShare?: Decimal.Value | null;
  deductible?: Decimal.Value | null;
  deductibleRate?: Decimal.Value | null;
  /** Limit, sum insured, head limit or annual limit; null = unlimited (only where no limit applies). */
  limit: Decimal.Value | null;
  priorPaid?: Decimal.Value | null;
  coPaymentRate?: Decimal.Value | null;
}

export interface AdjustmentResult {
  steps: CalculationStep[];
  payable: string;
}

type Lang = 'zh' | 'en';

/** Step codes and their labels; a stored sheet can be relabelled in another language by code. */
export const STEP_LABELS = {
  ASSESSED_LOSS: { zh: '核定损失金额', en: 'Assessed loss' },
  MEDICAL_BILLS: { zh: '医疗费用合计', en: 'Medical bills' },
  SALVAGE: { zh: '减：残值', en: 'Less salvage' },
  AT_FAULT_SHARE: { zh: '× 事故责任比例（有责）', en: '× liability share (at fault)' },
  NOT_AT_FAULT_SHARE: { zh: '× 事故责任比例（无责，不承担赔偿）', en: '× liability share (not at fault: nothing owed)' },
  DEDUCTIBLE_RATE: { zh: '× (1 − 免赔率)', en: '× (1 − deductible rate)' },
  DEDUCTIBLE: { zh: '减：绝对免赔额', en: 'Less deductible' },
  CO_PAYMENT: { zh: '× (1 − 自付比例)', en: '× (1 − co-payment rate)' },
  LIMIT: { zh: '赔偿限额', en: 'Limit' },
  CTPL_LIMIT_AT_FAULT: { zh: '交强险分项责任限额（有责）', en: 'CTPL head limit (at fault)' },
  CTPL_LIMIT_NOT_AT_FAULT: { zh: '交强险分项责任限额（无责）', en: 'CTPL head limit (not at fault)' },
  ANNUAL_LIMIT: { zh: '年度赔偿限额', en: 'Annual limit' },
  SUM_ASSURED: { zh: '基本保险金额', en: 'Sum assured' },
  PRIOR_PAID: { zh: '本保单该责任已赔付（其他赔案）', en: 'Paid under this coverage by other claims' },
  REMAINING_LIMIT: { zh: '以剩余限额为限（限额 − 已赔付）', en: 'Capped at the remaining limit (limit − paid)' },
  LESS_PRIOR_PAID: { zh: '减：已赔付', en: 'Less paid before' },
  PAYABLE: { zh: '应赔付金额', en: 'Payable' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type StepCode = keyof typeof STEP_LABELS;

/** Stored steps in another language (labels follow the code). */
export const localizeSteps = (steps: CalculationStep[], lang: Lang): CalculationStep[] =>
  steps.map((s) => ({ ...s, label: STEP_LABELS[s.code as StepCode]?.[lang] ?? s.label }));

const ZERO = new Decimal(0);
const fen = (d: Decimal.Value): Decimal => new Decimal(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const dec = (v: Decimal.Value | null | undefined): Decimal => (v === null || v === undefined || v === '' ? ZERO : new Decimal(v));
const pct = (v: Decimal): string => `${v.toString()}%`;

/** Which method a coverage's sheet uses. */
export function methodOf(line: ProductLine, lossType: LossType): CalculationMethod {
  if (line === 'CTPL') return 'CTPL';
  if (line === 'COMMERCIAL_MOTOR') return 'MOTOR';
  if (lossType === 'DEATH') return 'SUM_ASSURED';
  if (lossType === 'MEDICAL') return 'MEDICAL';
  return 'INDEMNITY';
}

/** The policy year a loss date falls in (an annual limit's period): [from, to). */
export function policyYear(startDate: string, lossDate: string): { from: string; to: string } {
  let n = Math.max(0, Number(lossDate.slice(0, 4)) - Number(startDate.slice(0, 4)));
  while (n > 0 && anniversary(startDate, n) > lossDate) n--;
  return { from: anniversary(startDate, n), to: anniversary(startDate, n + 1) };
}

export interface CtplLimits {
  fault: 'AT_FAULT' | 'NOT_AT_FAULT';
  death_disability: Decimal.Value;
  medical: Decimal.Value;
  property: Decimal.Value;
}

const CTPL_HEADS: Record<string, 'death_disability' | 'medical' | 'property'> = { DEATH_DISABILITY: 'death_disability', MEDICAL: 'medical', PROPERTY: 'property' };

/** The 交强险 head limit of a coverage by fault (null fault = at fault); null for a code that is no head. */
export function ctplHeadLimit(limits: CtplLimits[], coverageCode: string, atFault: boolean | null | undefined): string | null {
  const row = limits.find((l) => l.fault === (atFault === false ? 'NOT_AT_FAULT' : 'AT_FAULT'));
  const head = CTPL_HEADS[coverageCode];
  return row && head ? fen(row[head]).toFixed(2) : null;
}

/** Liability share applied by MOTOR: 0 when not at fault, else the share (100 when none is given). */
export function effectiveShare(atFault: boolean | null | undefined, share: Decimal.Value | null | undefined): Decimal {
  if (atFault === false) return ZERO;
  return share === null || share === undefined || share === '' ? new Decimal(100) : new Decimal(share);
}

/** The calculation sheet: steps and the payable, to the fen. */
export function calculate(f: AdjustmentFacts, lang: Lang = 'zh'): AdjustmentResult {
  const steps: CalculationStep[] = [];
  let amount = ZERO;
  const step = (code: StepCode, value: string | null, next: Decimal = amount) => {
    amount = Decimal.max(fen(next), ZERO);
    steps.push({ code, label: STEP_LABELS[code][lang], value, amount: amount.toFixed(2) });
  };
  const money = (d: Decimal) => fen(d).toFixed(2);
  const prior = fen(dec(f.priorPaid));
  /** The limit, what other claims took from it, and the cap at what remains. */
  const cap = (limitCode: StepCode) => {
    if (f.limit === null || f.limit === undefined) return;
    const limit = fen(f.limit);
    step(limitCode, money(limit));
    step('PRIOR_PAID', money(prior));
    const remaining = Decimal.max(limit.minus(prior), ZERO);
    step('REMAINING_LIMIT', money(remaining), Decimal.min(amount, remaining));
  };
  const lessSalvage = () => {
    if (dec(f.salvage).gt(0)) step('SALVAGE', money(dec(f.salvage)), amount.minus(dec(f.salvage)));
  };
  const deductibles = () => {
    if (dec(f.deductibleRate).gt(0)) step('DEDUCTIBLE_RATE', pct(dec(f.deductibleRate)), amount.times(new Decimal(100).minus(dec(f.deductibleRate))).div(100));
    if (dec(f.deductible).gt(0)) step('DEDUCTIBLE', money(dec(f.deductible)), amount.minus(dec(f.deductible)));
  };

  switch (f.method) {
    case 'SUM_ASSURED': {
      const sa = fen(dec(f.limit));
      step('SUM_ASSURED', money(sa), sa);
      step('LESS_PRIOR_PAID', money(prior), amount.minus(prior));
      break;
    }
    case 'CTPL':
      step('ASSESSED_LOSS', money(dec(f.assessedLoss)), dec(f.assessedLoss));
      lessSalvage();
      cap(f.atFault === false ? 'CTPL_LIMIT_NOT_AT_FAULT' : 'CTPL_LIMIT_AT_FAULT');
      break;
    case 'MOTOR': {
      step('ASSESSED_LOSS', money(dec(f.assessedLoss)), dec(f.assessedLoss));
      lessSalvage();
      const share = effectiveShare(f.atFault, f.liabilityShare);
      step(f.atFault === false ? 'NOT_AT_FAULT_SHARE' : 'AT_FAULT_SHARE', pct(share), amount.times(share).div(100));
      deductibles();
      cap('LIMIT');
      break;
    }
    case 'MEDICAL':
      step('MEDICAL_BILLS', money(dec(f.assessedLoss)), dec(f.assessedLoss));
      deductibles();
      if (dec(f.coPaymentRate).gt(0)) step('CO_PAYMENT', pct(dec(f.coPaymentRate)), amount.times(new Decimal(100).minus(dec(f.coPaymentRate))).div(100));
      cap('ANNUAL_LIMIT');
      break;
    case 'INDEMNITY':
      step('ASSESSED_LOSS', money(dec(f.assessedLoss)), dec(f.assessedLoss));
      lessSalvage();
      deductibles();
      cap('LIMIT');
      break;
  }
  step('PAYABLE', null);
  return { steps, payable: amount.toFixed(2) };
}
