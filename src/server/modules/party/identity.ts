// Identity numbers (DOMAIN.md §1): resident ID (GB 11643-1999), Unified Social Credit Code
// (GB 32100-2015), mobile numbers and bank cards. Pure functions, no I/O; every checker trims
// surrounding whitespace and never throws, whatever the input.

/**
 * Why a resident ID is rejected, in the order the checks run; the first failing check is reported.
 * Structure first (LENGTH, FORMAT), then what the number says (REGION, DATE), the checksum last:
 * a number with an unknown province or an impossible birth date is wrong whatever its check
 * character, and naming that field tells the clerk more than "check character wrong".
 */
export const RESIDENT_ID_REASONS = ['LENGTH', 'FORMAT', 'REGION', 'DATE', 'CHECKSUM'] as const;
export type ResidentIdReason = (typeof RESIDENT_ID_REASONS)[number];

export type ResidentIdResult =
  | { valid: true; normalized: string; birthDate: string; sex: 'M' | 'F'; province: string }
  | { valid: false; reason: ResidentIdReason };

/** Province-level prefixes (first two digits) and their names; 81–83 are residence permits. */
export const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古',
  '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东',
  '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏',
  '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆',
  '71': '台湾', '81': '香港', '82': '澳门', '83': '台湾（居住证）',
};

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

const isDigit = (c: number) => c >= 48 && c <= 57;
function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** The check character of a 17-digit body (caller guarantees 17 ASCII digits). */
export function residentCheckChar(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (body17.charCodeAt(i) - 48) * RESIDENT_WEIGHTS[i]!;
  return RESIDENT_CHECK[s % 11]!;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Checks a resident identity number against `today` (YYYY-MM-DD, the Asia/Shanghai business date):
 * 18 characters, or a legacy 15-digit number, which is upgraded to 18 (`normalized`).
 */
export function checkResidentId(input: string, today: string): ResidentIdResult {
  const raw = input.trim();
  const legacy = raw.length === 15;
  if (!legacy && raw.length !== 18) return { valid: false, reason: 'LENGTH' };
  if (legacy ? !allDigits(raw, 0, 15) : !allDigits(raw, 0, 17) || !/[0-9Xx]/.test(raw[17]!)) return { valid: false, reason: 'FORMAT' };

  // Legacy numbers were issued to people born in the 1900s: the century is implied.
  const body = legacy ? `${raw.slice(0, 6)}19${raw.slice(6)}` : raw.slice(0, 17);
  const province = PROVINCES[body.slice(0, 2)];
  if (!province) return { valid: false, reason: 'REGION' };

  const year = Number(body.slice(6, 10));
  const month = Number(body.slice(10, 12));
  const day = Number(body.slice(12, 14));
  const birthDate = `${body.slice(6, 10)}-${body.slice(10, 12)}-${body.slice(12, 14)}`;
  // Same fixed-width format, so string order is date order.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || birthDate > today) return { valid: false, reason: 'DATE' };

  const check = residentCheckChar(body);
  if (!legacy && raw[17]!.toUpperCase() !== check) return { valid: false, reason: 'CHECKSUM' };

  return { valid: true, normalized: body + check, birthDate, sex: (body.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F', province };
}

export const USCC_REASONS = ['LENGTH', 'FORMAT', 'CHECKSUM'] as const;
export type UsccReason = (typeof USCC_REASONS)[number];
export type UsccResult = { valid: true } | { valid: false; reason: UsccReason };

// No I, O, Z, S, V: they read like 1, 0, 2, 5, U.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a well-formed USCC. */
export function usccCheckChar(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += USCC_ALPHABET.indexOf(body17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (s % 31)) % 31]!;
}

/**
 * Unified Social Credit Code (GB 32100-2015) as DOMAIN.md §1 states it: positions 1–8 digits,
 * 9–18 from the 31-character alphabet. Reasons in order LENGTH, FORMAT, CHECKSUM.
 */
export function checkUscc(code: string): UsccResult {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return { valid: false, reason: 'LENGTH' };
  if (!allDigits(c, 0, 8)) return { valid: false, reason: 'FORMAT' };
  for (let i = 8; i < 18; i++) if (!USCC_ALPHABET.includes(c[i]!)) return { valid: false, reason: 'FORMAT' };
  return c[17] === usccCheckChar(c) ? { valid: true } : { valid: false, reason: 'CHECKSUM' };
}

/** Mainland mobile number: 11 digits, 1 then 3–9 (no 10/11/12 number ranges are assigned). */
export function isValidMobile(mobile: string): boolean {
  return /^1[3-9][0-9]{9}$/.test(mobile.trim());
}

/** Bank card number: 12–19 digits passing the Luhn check. */
export function luhnValid(cardNumber: string): boolean {
  const n = cardNumber.trim();
  if (n.length < 12 || n.length > 19 || !allDigits(n, 0, n.length)) return false;
  let sum = 0;
  for (let i = n.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = n.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}
