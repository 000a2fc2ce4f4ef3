// Which loss types a policy coverage answers for (报案 lists what can respond; reserves and
// calculation sheets are per coverage and loss type). Pure. Codes are the catalogue's
// (product/catalogue.rules.ts definitionTemplate); unknown codes answer nothing.
import type { LossType } from '../../../contracts/claim';
import type { ProductLine } from '../../../contracts/product';

const BY_CODE: Record<string, LossType[]> = {
  // 交强险: three heads (DOMAIN.md §2).
  DEATH_DISABILITY: ['INJURY'],
  MEDICAL: ['INJURY'],
  PROPERTY: ['PROPERTY'],
  // 商业车险
  CAR_DAMAGE: ['VEHICLE'],
  THIRD_PARTY: ['INJURY', 'PROPERTY'],
  DRIVER: ['INJURY'],
  PASSENGER: ['INJURY'],
  // 人身险
  DEATH: ['DEATH'],
  ACCIDENT_DEATH: ['DEATH', 'DISABILITY'],
  PROPERTY_DAMAGE: ['PROPERTY'],
};

/** Health products' MEDICAL coverage is medical expenses, not the 交强险 head of the same code. */
export function lossTypesOf(line: ProductLine, coverageCode: string): LossType[] {
  if (coverageCode === 'MEDICAL' && line !== 'CTPL') return ['MEDICAL'];
  return BY_CODE[coverageCode] ?? [];
}

export const MOTOR_CLAIM_LINES: readonly ProductLine[] = ['CTPL', 'COMMERCIAL_MOTOR'];
