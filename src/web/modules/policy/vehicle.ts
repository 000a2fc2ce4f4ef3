// Live checks of the motor wizard's vehicle fields. They show a mistake while the clerk types; the
// server's 单据校验 still decides (PROPOSAL_VIN_INVALID / PROPOSAL_PLATE_INVALID land under the
// same fields).

/** VIN / 车架号 as typed: spaces dropped, upper case. */
export function normalizeVin(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, '').toUpperCase();
}

/** Plate as typed: spaces, dots and hyphens dropped (沪A·12345), upper case. */
export function normalizePlate(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s·.\-]+/g, '').toUpperCase();
}

export type VinProblem = 'LENGTH' | 'CHARS' | 'CHECK_DIGIT';

const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * 17 characters, digits and letters except I, O and Q; position 9 is the check character GB 16735
 * makes mandatory (Σ value × weight mod 11, 10 written X) — as the server's vin.rules.ts.
 */
export function vinProblem(vin: string): VinProblem | null {
  if (vin.length !== 17) return 'LENGTH';
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'CHARS';
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    sum += (c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c]) * WEIGHTS[i];
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return check === vin[8] ? null : 'CHECK_DIGIT';
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'A-HJ-NP-Z';
const ORDINARY = new RegExp(`^[${PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警]$`);
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][${L}](?:[DF][${L}0-9][0-9]{4}|[0-9]{5}[DF])$`);

/**
 * A mainland plate (GA 36): province character, issuing-authority letter, then 5 characters
 * (ordinary; the last may be 挂/学/警) or 6 for new-energy vehicles (D/F first for small cars, last
 * for large ones). I and O are never used.
 */
export function isValidPlate(plate: string): boolean {
  return ORDINARY.test(plate) || NEW_ENERGY.test(plate);
}
