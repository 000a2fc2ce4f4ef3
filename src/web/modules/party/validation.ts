// Client-side checks of the customer forms. They mirror the server's rules
// (src/server/modules/party/identity.ts) so the clerk sees a problem while typing; the server
// still decides, and its 422s land under the same fields.

/** Mainland mobile: 11 digits, 1 then 3–9 (as the server's isValidMobile). */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** A contact phone of an organisation: a mobile or a landline such as 025-84561234 (as the server's isValidPhone). */
export function isValidPhone(value: string): boolean {
  const p = value.normalize('NFKC').replace(/[\s-]/g, '');
  return MOBILE_PATTERN.test(p) || /^(\+?86)?(0\d{2,3})?\d{7,8}(ext\d{1,6}|#\d{1,6})?$/.test(p);
}

export const POSTCODE_PATTERN = /^\d{6}$/;

/** A date typed as 19900101, 1990-1-1 or 1990/01/01 → 1990-01-01; undefined when it is not a calendar date. */
export function normalizeDate(text: string | undefined): string | undefined {
  const raw = text?.trim();
  if (!raw) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw) ?? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Resident ID / credit code as typed: spaces dropped, x → X. */
export function normalizeIdText(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, '').toUpperCase();
}

/** Account number as typed (clerks copy "6222 0212 3456 7890 128"): digits only. */
export function normalizeAccountNumber(value: string | undefined): string {
  return (value ?? '').replace(/[\s-]+/g, '');
}

/** The Luhn (mod 10) check of bank card numbers. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type AccountProblem = 'FORMAT' | 'LUHN';

/**
 * What is wrong with a bank account number: digits only (6–32); a card number (16–19 digits)
 * must also pass Luhn. Corporate settlement accounts of other lengths carry no check digit.
 */
export function accountNumberProblem(value: string): AccountProblem | null {
  const digits = normalizeAccountNumber(value);
  if (!/^\d{6,32}$/.test(digits)) return 'FORMAT';
  if (digits.length >= 16 && digits.length <= 19 && !luhnValid(digits)) return 'LUHN';
  return null;
}

/** Empty text is "not given". */
export function optionalText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
