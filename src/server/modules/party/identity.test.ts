import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVINCES, RESIDENT_ID_REASONS, USCC_REASONS, checkResidentId, checkUscc, isValidMobile, luhnValid } from './identity';

// Check characters are recomputed here from the standards' weights, independently of identity.ts,
// so a wrong table there cannot make its own vectors pass.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (body17: string) => '10X98765432'[[...body17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11]!;
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const usccCheck = (body17: string) => USCC_ALPHABET[(31 - ([...body17].reduce((s, c, i) => s + USCC_ALPHABET.indexOf(c) * USCC_WEIGHTS[i]!, 0) % 31)) % 31]!;

const TODAY = '2026-11-24';
const id = (body17: string) => body17 + idCheck(body17);
const check = (n: string) => checkResidentId(n, TODAY);

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the standard example and derives birth date, sex and province', () => {
    expect(idCheck('11010519491231002')).toBe('X');
    expect(check('11010519491231002X')).toEqual({ valid: true, normalized: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', province: '北京' });
  });

  it('reads lower-case x as X and trims whitespace', () => {
    expect(check('11010519491231002x')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
    expect(check(' \t11010519491231002X\n')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
  });

  it('upgrades a legacy 15-digit number: 19 after the division code, then the check character', () => {
    expect(check('110105491231002')).toEqual({ valid: true, normalized: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', province: '北京' });
    const male = '440301850101013';
    expect(check(male)).toEqual({ valid: true, normalized: id('44030119850101013'), birthDate: '1985-01-01', sex: 'M', province: '广东' });
  });

  it('odd sequence digit is male, even is female', () => {
    expect(check(id('31011519900307001'))).toMatchObject({ sex: 'M', province: '上海' });
    expect(check(id('31011519900307008'))).toMatchObject({ sex: 'F' });
  });

  it('knows every province prefix, including the residence permits, and rejects others as REGION', () => {
    const known = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'];
    expect(Object.keys(PROVINCES).sort()).toEqual(known);
    for (const p of known) expect(check(id(`${p}010519800101001`))).toMatchObject({ valid: true, province: PROVINCES[p] });
    expect(check(id('83000019800101001'))).toMatchObject({ province: '台湾（居住证）' });
    for (const p of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '84', '90', '99']) {
      expect(check(id(`${p}010519800101001`))).toEqual({ valid: false, reason: 'REGION' });
    }
  });

  it('rejects impossible and future birth dates as DATE', () => {
    expect(check(id('11010519990230001'))).toEqual({ valid: false, reason: 'DATE' }); // 30 February
    expect(check(id('11010519000229001'))).toEqual({ valid: false, reason: 'DATE' }); // 1900 is not a leap year
    expect(check(id('11010520000229001'))).toMatchObject({ valid: true, birthDate: '2000-02-29' });
    expect(check(id('11010519801301001'))).toEqual({ valid: false, reason: 'DATE' }); // month 13
    expect(check(id('11010519800001001'))).toEqual({ valid: false, reason: 'DATE' }); // month 0
    expect(check(id('11010519800400001'))).toEqual({ valid: false, reason: 'DATE' }); // day 0
    expect(check(id('11010519800431001'))).toEqual({ valid: false, reason: 'DATE' }); // 31 April
    expect(check(id('11010520261125001'))).toEqual({ valid: false, reason: 'DATE' }); // tomorrow
    expect(check(id('11010520261124001'))).toMatchObject({ valid: true, birthDate: '2026-11-24' }); // born today
    expect(checkResidentId(id('11010520261125001'), '2026-11-25')).toMatchObject({ valid: true });
    expect(check('110105490230002')).toEqual({ valid: false, reason: 'DATE' }); // legacy form too
  });

  it('rejects a wrong check character as CHECKSUM', () => {
    for (const c of '0123456789') expect(check(`11010519491231002${c}`)).toEqual({ valid: false, reason: 'CHECKSUM' });
  });

  it('rejects wrong lengths as LENGTH and non-digits as FORMAT', () => {
    for (const n of ['', '   ', '1101051949123100', '11010519491231002', '11010519491231002X1', '1101054912310']) {
      expect(check(n)).toEqual({ valid: false, reason: 'LENGTH' });
    }
    for (const n of ['1101051949123100XX', '11010519491231002Y', '1101051949 231002X', '11010549123100X', '１１０１０５１９４９１２３１００２X', 'abcdefghijklmnopqr']) {
      expect(check(n)).toEqual({ valid: false, reason: 'FORMAT' });
    }
  });

  it('reports the first failing check in the documented order LENGTH, FORMAT, REGION, DATE, CHECKSUM', () => {
    expect(RESIDENT_ID_REASONS).toEqual(['LENGTH', 'FORMAT', 'REGION', 'DATE', 'CHECKSUM']);
    const wrongCheck = (body17: string) => body17 + (idCheck(body17) === '0' ? '1' : '0');
    expect(check('99010519990230A01')).toMatchObject({ reason: 'LENGTH' });
    expect(check('99010519990230A010')).toMatchObject({ reason: 'FORMAT' }); // region, date, format all wrong
    expect(check(wrongCheck('99010519990230001'))).toMatchObject({ reason: 'REGION' }); // region, date, checksum wrong
    expect(check(wrongCheck('11010519990230001'))).toMatchObject({ reason: 'DATE' }); // date and checksum wrong
    expect(check(wrongCheck('11010519990228001'))).toMatchObject({ reason: 'CHECKSUM' });
  });

  // 17-digit bodies with a known province and a real birth date between 1900-01-01 and TODAY.
  const province = fc.constantFrom(...Object.keys(PROVINCES));
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
  const body = fc.tuple(province, digits(4), birth, digits(3)).map((p) => p.join(''));

  it('property: the computed check character always validates, every other character never does', () => {
    fc.assert(
      fc.property(body, fc.boolean(), (b, lower) => {
        const c = idCheck(b);
        const r = check(b + (lower ? c.toLowerCase() : c));
        expect(r).toMatchObject({ valid: true, normalized: b + c, birthDate: `${b.slice(6, 10)}-${b.slice(10, 12)}-${b.slice(12, 14)}` });
        for (const other of '0123456789X') if (other !== c) expect(check(b + other)).toEqual({ valid: false, reason: 'CHECKSUM' });
      }),
      { numRuns: 500 },
    );
  });

  it('property: a legacy number from the 1900s upgrades to the valid 18-character form', () => {
    const legacy = body.filter((b) => b.slice(6, 8) === '19');
    fc.assert(fc.property(legacy, (b) => void expect(check(b.slice(0, 6) + b.slice(8))).toMatchObject({ valid: true, normalized: id(b) })), { numRuns: 200 });
  });

  it('property: any string gets an answer, never an exception', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...'0123456789Xx -'), maxLength: 20 }));
    fc.assert(
      fc.property(anyText, (s) => {
        const r = check(s);
        if (!r.valid) expect(RESIDENT_ID_REASONS).toContain(r.reason);
        const u = checkUscc(s);
        if (!u.valid) expect(USCC_REASONS).toContain(u.reason);
        isValidMobile(s);
        luhnValid(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Unified Social Credit Code (GB 32100-2015)', () => {
  it('uses the weights 3^(i-1) mod 31 of the standard', () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('accepts the example 91350100M000100Y43, whose check character computes to 3', () => {
    expect(usccCheck('91350100M000100Y4')).toBe('3');
    expect(checkUscc('91350100M000100Y43')).toEqual({ valid: true });
    expect(checkUscc(' 91350100m000100y43 ')).toEqual({ valid: true }); // upper-cased and trimmed
  });

  it('rejects a wrong check character as CHECKSUM', () => {
    for (const c of USCC_ALPHABET.replace('3', '')) expect(checkUscc(`91350100M000100Y4${c}`)).toEqual({ valid: false, reason: 'CHECKSUM' });
  });

  it('rejects wrong lengths as LENGTH and characters outside the alphabet as FORMAT', () => {
    for (const c of ['', '91350100M000100Y4', '91350100M000100Y433']) expect(checkUscc(c)).toEqual({ valid: false, reason: 'LENGTH' });
    for (const bad of 'IOZSV') expect(checkUscc(`91350100M000100Y4${bad}`)).toEqual({ valid: false, reason: 'FORMAT' });
    expect(checkUscc('9135010AM000100Y43')).toEqual({ valid: false, reason: 'FORMAT' }); // positions 1–8 are digits
    expect(checkUscc('91350100M0001-0Y43')).toEqual({ valid: false, reason: 'FORMAT' });
  });

  it('property: the computed check character always validates, every other character never does', () => {
    const head = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 });
    const tail = fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(head, tail, (h, t) => {
        const c = usccCheck(h + t);
        expect(checkUscc(h + t + c)).toEqual({ valid: true });
        for (const other of USCC_ALPHABET) if (other !== c) expect(checkUscc(h + t + other)).toEqual({ valid: false, reason: 'CHECKSUM' });
      }),
      { numRuns: 300 },
    );
  });
});

describe('mobile numbers and bank cards', () => {
  it('mobile: 11 digits, 1 then 3–9', () => {
    expect(isValidMobile('13912345678')).toBe(true);
    expect(isValidMobile('19912345678')).toBe(true);
    for (const m of ['12912345678', '10912345678', '23912345678', '1391234567', '139123456789', '1391234567a', '+8613912345678']) expect(isValidMobile(m)).toBe(false);
  });

  it('bank card: 12–19 digits passing Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(luhnValid('0079927398713')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false); // Luhn fails
    expect(luhnValid('79927398713')).toBe(false); // Luhn passes, but 11 digits
    expect(luhnValid('62220212345678901280')).toBe(false); // 20 digits
    expect(luhnValid('4111 1111 1111 1111')).toBe(false); // digits only
  });
});
