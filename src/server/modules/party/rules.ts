// Pure rules of the party module: identity documents, name search keys, contact checks,
// relationship kinds. No I/O.
import { pinyin } from 'pinyin-pro';
import type { PartyKind, PersonIdType, RelationshipType, Sex } from '../../../contracts/party';
import { checkResidentId, checkUscc, isValidMobile, luhnValid, residentCheckChar, type ResidentIdReason } from './identity';

// ---------------------------------------------------------------- names

/** Names as stored: NFKC (full-width letters and digits to half-width), spaces collapsed. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The form grams are cut from: normalized and lower-cased. */
const searchForm = (s: string) => normalizeName(s).toLowerCase();

/**
 * Search keys of a name: every character and every pair of adjacent characters (spaces count as
 * separators, not characters). 李桂兰 → 李 桂 兰 李桂 桂兰. Any substring of two or more characters
 * is found through its pairs, a single character through itself.
 */
export function nameGrams(name: string): string[] {
  const grams = new Set<string>();
  for (const word of searchForm(name).split(' ')) {
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams];
}

/** The grams a search term must all be among: its pairs (or the character itself). */
export function termGrams(term: string): string[] {
  const grams = new Set<string>();
  for (const word of searchForm(term).split(' ')) {
    const chars = [...word];
    if (chars.length === 1) grams.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return [...grams];
}

const HAN = /\p{Script=Han}/u;

/**
 * Pinyin initials, lower case: 李桂兰 → lgl; surnames read as surnames (单 → s, 曾 → z).
 * Latin words contribute their first letter (John Smith → js); other characters nothing.
 */
export function nameInitials(name: string): string {
  const n = normalizeName(name);
  if (!HAN.test(n)) return (n.match(/[A-Za-z]+/g) ?? []).map((w) => w[0]!.toLowerCase()).join('');
  const chars = [...n];
  const letters = pinyin(n, { pattern: 'first', toneType: 'none', surname: 'head', type: 'array' });
  // pinyin-pro answers one entry per character; non-Han characters come back as themselves.
  let out = '';
  chars.forEach((c, i) => {
    if (HAN.test(c)) out += (letters[i] ?? '').toLowerCase().replace(/[^a-z]/g, '');
    else if (/[A-Za-z]/.test(c) && (i === 0 || !/[A-Za-z]/.test(chars[i - 1]!))) out += c.toLowerCase();
  });
  return out;
}

// ---------------------------------------------------------------- the search box

export type SearchTerm =
  | { kind: 'id'; normalized: string }
  | { kind: 'phone'; normalized: string }
  | { kind: 'letters'; initials: string; grams: string[]; contains: string }
  | { kind: 'name'; grams: string[]; contains: string };

/**
 * What a search box entry is: a full ID number or credit code (exact lookup by keyed hash),
 * an 11-digit mobile, Latin letters (pinyin initials or a Latin name), or part of a name.
 */
export function classifySearch(q: string): SearchTerm | undefined {
  const t = normalizeName(q);
  if (!t) return undefined;
  const compact = t.replace(/[\s-]/g, '').toUpperCase();
  if (isValidMobile(compact)) return { kind: 'phone', normalized: compact };
  if (/^\d{15}$/.test(compact) || /^\d{17}[\dX]$/.test(compact)) return { kind: 'id', normalized: upgradeLegacy(compact) };
  if (/^[0-9A-Z]{5,20}$/.test(compact) && /\d/.test(compact)) return { kind: 'id', normalized: compact };
  if (/^[A-Za-z]+$/.test(t)) return { kind: 'letters', initials: t.toLowerCase(), grams: termGrams(t), contains: t.toLowerCase() };
  return { kind: 'name', grams: termGrams(t), contains: searchForm(t) };
}

/** A 15-digit legacy resident ID upgraded to 18 characters (unchanged if it cannot be). */
function upgradeLegacy(n: string): string {
  if (n.length !== 15) return n;
  const body = `${n.slice(0, 6)}19${n.slice(6)}`;
  return body + residentCheckChar(body);
}

// ---------------------------------------------------------------- identity documents

export type IdReason = ResidentIdReason;

export type IdentityResult =
  | {
      valid: true;
      /** The number as stored. */
      normalized: string;
      /** Numbers of one family identify one person whatever the declared type. */
      family: string;
      /** Read from the number (resident ID, HMT residence permit). */
      sex?: Sex;
      birthDate?: string;
    }
  | { valid: false; reason: IdReason };

const compactId = (s: string) => s.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();

/**
 * Validates a person's identity document. Resident IDs and HMT residence permits share the
 * GB 11643 algorithm and one number space (permits are 81/82/83…), so they are one family: the
 * same number entered under either type is the same person. Passports are unique per issuing
 * country (`nationality`); other documents per type.
 */
export function checkPersonId(idType: PersonIdType, input: string, today: string, nationality = 'CHN'): IdentityResult {
  const n = compactId(input);
  switch (idType) {
    case 'RESIDENT_ID': {
      const r = checkResidentId(n, today);
      return r.valid ? { valid: true, normalized: r.normalized, family: 'CN_ID', sex: r.sex, birthDate: r.birthDate } : r;
    }
    case 'HMT_RESIDENCE_PERMIT': {
      if (n.length !== 18) return { valid: false, reason: 'LENGTH' };
      const r = checkResidentId(n, today);
      if (!r.valid) return r;
      if (!['81', '82', '83'].includes(n.slice(0, 2))) return { valid: false, reason: 'REGION' };
      return { valid: true, normalized: r.normalized, family: 'CN_ID', sex: r.sex, birthDate: r.birthDate };
    }
    case 'PASSPORT':
      if (n.length < 5 || n.length > 20) return { valid: false, reason: 'LENGTH' };
      if (!/^[0-9A-Z]+$/.test(n)) return { valid: false, reason: 'FORMAT' };
      return { valid: true, normalized: n, family: `PASSPORT:${nationality}` };
    case 'HK_MACAO_PASS':
      // 回乡证: H (Hong Kong) or M (Macao), then 8 digits (10 on cards before 2013).
      if (n.length !== 9 && n.length !== 11) return { valid: false, reason: 'LENGTH' };
      if (!/^[HM]\d+$/.test(n)) return { valid: false, reason: 'FORMAT' };
      return { valid: true, normalized: n, family: idType };
    case 'TAIWAN_PASS':
      // 台胞证: 8 digits (since 2015); older booklets 10 digits, sometimes with a letter suffix.
      if (n.length < 8 || n.length > 11) return { valid: false, reason: 'LENGTH' };
      if (!/^(\d{8}|\d{10}|\d{10}[A-Z])$/.test(n)) return { valid: false, reason: 'FORMAT' };
      return { valid: true, normalized: n, family: idType };
    case 'FOREIGN_PERMANENT_ID':
      // 2004 card: 3-letter nationality + 12 digits; 2023 card: 18 characters starting with 9,
      // GB 11643 check character.
      if (n.length === 15) return /^[A-Z]{3}\d{12}$/.test(n) ? { valid: true, normalized: n, family: idType } : { valid: false, reason: 'FORMAT' };
      if (n.length !== 18) return { valid: false, reason: 'LENGTH' };
      if (!/^9\d{16}[\dX]$/.test(n)) return { valid: false, reason: 'FORMAT' };
      if (residentCheckChar(n.slice(0, 17)) !== n[17]) return { valid: false, reason: 'CHECKSUM' };
      return { valid: true, normalized: n, family: idType };
    case 'OTHER':
      if (n.length < 1 || n.length > 40) return { valid: false, reason: 'LENGTH' };
      if (!/^[\p{L}\p{N}()（）]+$/u.test(n)) return { valid: false, reason: 'FORMAT' };
      return { valid: true, normalized: n, family: idType };
  }
}

export function checkOrgId(input: string): IdentityResult {
  const n = compactId(input);
  const r = checkUscc(n);
  return r.valid ? { valid: true, normalized: n, family: 'USCC' } : r;
}

/** The hash domain of an identity (family + number) and of a bare number (lookup). */
export const idHashDomain = (family: string) => `id:${family}`;
export const ID_SEARCH_DOMAIN = 'id-search';
export const PHONE_DOMAIN = 'phone';

// ---------------------------------------------------------------- contacts

export const normalizePhone = (s: string) => s.normalize('NFKC').replace(/[\s-]/g, '');

/** A landline or mobile for an organization's contact: digits with an optional area code / extension. */
export function isValidPhone(s: string): boolean {
  const p = normalizePhone(s);
  return isValidMobile(p) || /^(\+?86)?(0\d{2,3})?\d{7,8}(ext\d{1,6}|#\d{1,6})?$/.test(p);
}

export function isValidEmail(s: string): boolean {
  return s.length <= 120 && /^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/.test(s.trim());
}

/** Bank account: 6–32 digits; cards (16–19 digits) must also pass Luhn. */
export function isValidBankAccount(s: string): boolean {
  const n = s.replace(/\s+/g, '');
  if (!/^\d{6,32}$/.test(n)) return false;
  return n.length < 16 || n.length > 19 || luhnValid(n);
}

// ---------------------------------------------------------------- relationships

/** Which kinds of party each side of a relationship may be. */
export const RELATIONSHIP_KINDS: Record<RelationshipType, { from: PartyKind[]; to: PartyKind[]; symmetric: boolean }> = {
  SPOUSE: { from: ['PERSON'], to: ['PERSON'], symmetric: true },
  PARENT_OF: { from: ['PERSON'], to: ['PERSON'], symmetric: false },
  EMPLOYER_OF: { from: ['ORGANIZATION', 'PERSON'], to: ['PERSON'], symmetric: false },
  // A guardian may be an organization (居委会, 民政部门).
  GUARDIAN_OF: { from: ['PERSON', 'ORGANIZATION'], to: ['PERSON'], symmetric: false },
  BENEFICIARY_OF: { from: ['PERSON', 'ORGANIZATION'], to: ['PERSON'], symmetric: false },
  AGENT_OF: { from: ['PERSON', 'ORGANIZATION'], to: ['PERSON', 'ORGANIZATION'], symmetric: false },
};

export function relationshipKindsAllowed(type: RelationshipType, from: PartyKind, to: PartyKind): boolean {
  const r = RELATIONSHIP_KINDS[type];
  return r.from.includes(from) && r.to.includes(to);
}
