// Vehicle identifiers on motor proposals: 车架号 (VIN) and 号牌号码 (plate). Pure.
//
// VIN (GB 16735 / ISO 3779): 17 characters from 0-9 A-Z without I, O and Q; position 9 is a check
// character which GB 16735 makes mandatory for vehicles sold in China: Σ value × weight mod 11,
// 10 written as X (letters transliterate A=1 … H=8, J=1 … N=5, P=7, R=9, S=2 … Z=9).
// Plate (GA 36): 省、自治区、直辖市简称 + an issuing-authority letter + 5 characters (ordinary plates),
// or 6 for new-energy vehicles (D/F first for small cars, last for large ones). I and O are never used.

/** Upper case, without spaces, middle dots and hyphens people type into plates and VINs (沪A·12345). */
export function normalizeVehicleId(s: string): string {
  return s.replace(/[\s·•\-]/g, '').toUpperCase();
}

const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export type VinProblem = 'LENGTH' | 'CHARACTERS' | 'CHECK_DIGIT';

/** The check character position 9 must carry, for a 17-character VIN body of allowed characters. */
export function vinCheckCharacter(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const v = c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c]!;
    sum += v * WEIGHTS[i]!;
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** null when valid; else what is wrong. Expects a normalised VIN. */
export function vinProblem(vin: string): VinProblem | null {
  if (vin.length !== 17) return 'LENGTH';
  if (!/^[0-9A-HJ-NPR-Z]{17}$/.test(vin)) return 'CHARACTERS';
  return vinCheckCharacter(vin) === vin[8] ? null : 'CHECK_DIGIT';
}

export const VIN_PROBLEM_TEXT: Record<VinProblem, { zh: string; en: string }> = {
  LENGTH: { zh: '应为 17 位', en: 'must have 17 characters' },
  CHARACTERS: { zh: '只能由数字和字母组成，且不能含 I、O、Q', en: 'digits and letters only, without I, O and Q' },
  CHECK_DIGIT: { zh: '第 9 位校验位不正确（GB 16735），请核对行驶证', en: 'the check digit (position 9) does not match' },
};

/** 省、自治区、直辖市简称 as the first character of a plate. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

const L = 'A-HJ-NP-Z';
const ORDINARY = new RegExp(`^[${PLATE_PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警]$`);
const NEW_ENERGY = new RegExp(`^[${PLATE_PROVINCES}][${L}](?:[DF][${L}0-9][0-9]{4}|[0-9]{5}[DF])$`);

/** A plausible Chinese plate number (normalised): ordinary 7 characters or new-energy 8. */
export function isValidPlate(plate: string): boolean {
  return ORDINARY.test(plate) || NEW_ENERGY.test(plate);
}
