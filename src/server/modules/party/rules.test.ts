import { describe, expect, it } from 'vitest';
import { createPiiCrypto } from '../../platform/pii-crypto';
import { residentCheckChar } from './identity';
import { checkOrgId, checkPersonId, classifySearch, isValidBankAccount, isValidPhone, nameGrams, nameInitials, relationshipKindsAllowed, termGrams } from './rules';

const TODAY = '2026-11-24';
const rid = (body17: string) => body17 + residentCheckChar(body17);

describe('name search keys', () => {
  it('grams are every character and every adjacent pair', () => {
    expect(nameGrams('李桂兰').sort()).toEqual(['兰', '李', '李桂', '桂', '桂兰'].sort());
    expect(nameGrams('欧阳娜娜').sort()).toEqual(['娜', '娜娜', '欧', '欧阳', '阳', '阳娜'].sort());
    expect(nameGrams('John  Smith')).toEqual(expect.arrayContaining(['j', 'jo', 'oh', 'hn', 's', 'sm', 'th']));
    expect(nameGrams('John Smith')).not.toContain('n ');
  });

  it('a search term needs its pairs (or its single character)', () => {
    expect(termGrams('桂兰')).toEqual(['桂兰']);
    expect(termGrams('李桂兰')).toEqual(['李桂', '桂兰']);
    expect(termGrams('兰')).toEqual(['兰']);
    // Every substring's grams are among the name's grams: that is why the GIN containment finds it.
    const name = '司马相如';
    for (let i = 0; i < 4; i++) for (let j = i + 1; j <= 4; j++) expect(nameGrams(name)).toEqual(expect.arrayContaining(termGrams(name.slice(i, j))));
  });

  it('full-width letters are folded (NFKC) and case is ignored', () => {
    expect(nameGrams('ＡＢ')).toEqual(['a', 'ab', 'b']);
  });

  it('pinyin initials: surnames read as surnames; Latin words give their first letter', () => {
    expect(nameInitials('李桂兰')).toBe('lgl');
    expect(nameInitials('单雄信')).toBe('sxx');
    expect(nameInitials('曾国藩')).toBe('zgf');
    expect(nameInitials('欧阳娜娜')).toBe('oynn');
    expect(nameInitials('John Smith')).toBe('js');
    expect(nameInitials('福州示例科技有限公司')).toBe('fzslkjyxgs');
  });
});

describe('the search box', () => {
  it('tells ID numbers, mobiles, letters and names apart', () => {
    expect(classifySearch('11010519491231002x')).toEqual({ kind: 'id', normalized: '11010519491231002X' });
    expect(classifySearch('110105491231002')).toEqual({ kind: 'id', normalized: '11010519491231002X' });
    expect(classifySearch('91350100m000100y43')).toEqual({ kind: 'id', normalized: '91350100M000100Y43' });
    expect(classifySearch('E12345678')).toEqual({ kind: 'id', normalized: 'E12345678' });
    expect(classifySearch('139 1234 5678')).toEqual({ kind: 'phone', normalized: '13912345678' });
    expect(classifySearch('LGL')).toMatchObject({ kind: 'letters', initials: 'lgl' });
    expect(classifySearch(' 桂兰 ')).toEqual({ kind: 'name', grams: ['桂兰'], contains: '桂兰' });
    expect(classifySearch('   ')).toBeUndefined();
  });
});

describe('identity documents', () => {
  it('resident ID: derived sex and birth date, family CN_ID', () => {
    expect(checkPersonId('RESIDENT_ID', '110105491231002', TODAY)).toEqual({ valid: true, normalized: '11010519491231002X', family: 'CN_ID', sex: 'F', birthDate: '1949-12-31' });
  });

  it('HMT residence permit: 18 characters, 81/82/83, same family as resident IDs', () => {
    expect(checkPersonId('HMT_RESIDENCE_PERMIT', rid('82000019900101001'), TODAY)).toMatchObject({ valid: true, family: 'CN_ID', sex: 'M' });
    expect(checkPersonId('HMT_RESIDENCE_PERMIT', rid('11000019900101001'), TODAY)).toEqual({ valid: false, reason: 'REGION' });
    expect(checkPersonId('HMT_RESIDENCE_PERMIT', '820000900101001', TODAY)).toEqual({ valid: false, reason: 'LENGTH' });
  });

  it('passports are per nationality; other documents by their formats', () => {
    expect(checkPersonId('PASSPORT', 'e1234 5678', TODAY, 'GBR')).toEqual({ valid: true, normalized: 'E12345678', family: 'PASSPORT:GBR' });
    expect(checkPersonId('PASSPORT', 'E12', TODAY)).toEqual({ valid: false, reason: 'LENGTH' });
    expect(checkPersonId('PASSPORT', 'E1234567#', TODAY)).toEqual({ valid: false, reason: 'FORMAT' });
    expect(checkPersonId('HK_MACAO_PASS', 'H12345678', TODAY)).toMatchObject({ valid: true });
    expect(checkPersonId('HK_MACAO_PASS', 'X12345678', TODAY)).toEqual({ valid: false, reason: 'FORMAT' });
    expect(checkPersonId('TAIWAN_PASS', '12345678', TODAY)).toMatchObject({ valid: true });
    expect(checkPersonId('FOREIGN_PERMANENT_ID', 'USA110012345678', TODAY)).toMatchObject({ valid: true });
    expect(checkPersonId('FOREIGN_PERMANENT_ID', rid('93310019800101001'), TODAY)).toMatchObject({ valid: true });
    const bad = rid('93310019800101001');
    expect(checkPersonId('FOREIGN_PERMANENT_ID', bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'), TODAY)).toEqual({ valid: false, reason: 'CHECKSUM' });
    expect(checkPersonId('OTHER', '军字第123号', TODAY)).toMatchObject({ valid: true });
    expect(checkPersonId('OTHER', '', TODAY)).toEqual({ valid: false, reason: 'LENGTH' });
  });

  it('credit codes: family USCC, upper-cased', () => {
    expect(checkOrgId(' 91350100m000100y43 ')).toEqual({ valid: true, normalized: '91350100M000100Y43', family: 'USCC' });
    expect(checkOrgId('91350100M000100Y44')).toEqual({ valid: false, reason: 'CHECKSUM' });
  });
});

describe('contacts and relationships', () => {
  it('phones and bank accounts', () => {
    expect(isValidPhone('0591-87654321')).toBe(true);
    expect(isValidPhone('13912345678')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidBankAccount('6222021234567890128')).toBe(true);
    expect(isValidBankAccount('6222021234567890129')).toBe(false); // a card failing Luhn
    expect(isValidBankAccount('1234567890')).toBe(true); // an account, not a card
    expect(isValidBankAccount('12345a')).toBe(false);
  });

  it('spouses and parents are persons; an organization may employ or be a guardian', () => {
    expect(relationshipKindsAllowed('SPOUSE', 'PERSON', 'ORGANIZATION')).toBe(false);
    expect(relationshipKindsAllowed('EMPLOYER_OF', 'ORGANIZATION', 'PERSON')).toBe(true);
    expect(relationshipKindsAllowed('GUARDIAN_OF', 'ORGANIZATION', 'PERSON')).toBe(true);
    expect(relationshipKindsAllowed('PARENT_OF', 'ORGANIZATION', 'PERSON')).toBe(false);
  });
});

describe('personal data crypto', () => {
  const pii = createPiiCrypto(Buffer.alloc(32, 7));
  it('hashes are keyed and domain-separated; encryption round-trips with a fresh IV', () => {
    expect(pii.hash('id:CN_ID', 'A').equals(pii.hash('id:CN_ID', 'A'))).toBe(true);
    expect(pii.hash('id:CN_ID', 'A').equals(pii.hash('id:USCC', 'A'))).toBe(false);
    expect(createPiiCrypto(Buffer.alloc(32, 8)).hash('id:CN_ID', 'A').equals(pii.hash('id:CN_ID', 'A'))).toBe(false);
    const a = pii.encrypt('11010519491231002X');
    expect(a.equals(pii.encrypt('11010519491231002X'))).toBe(false);
    expect(pii.decrypt(a)).toBe('11010519491231002X');
    a[a.length - 1]! ^= 1;
    expect(() => pii.decrypt(a)).toThrow();
  });
});
