import { describe, expect, it } from 'vitest';
import { isValidBankAccount, isValidPhone as serverPhone } from '../../../server/modules/party/rules';
import { isValidMobile } from '../../../server/modules/party/identity';
import { accountNumberProblem, isValidPhone, luhnValid, MOBILE_PATTERN, normalizeAccountNumber, normalizeDate, normalizeIdText } from './validation';

// The form's checks must agree with the server's, or the clerk sees a 422 the form said was fine.
describe('customer form checks', () => {
  it('Luhn: a known card number passes, any one-digit change fails', () => {
    const card = '6222021234567890128';
    const body = card.slice(0, -1);
    const passing = [...'0123456789'].filter((d) => luhnValid(body + d));
    expect(passing).toHaveLength(1);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('bank account numbers: the same verdict as the server for cards, short accounts and junk', () => {
    for (const n of ['4111111111111111', '4111111111111112', '123456', '12345', '6222021234567890', '1234567890123456789012', '12ab5678', '4111 1111 1111 1111']) {
      expect(accountNumberProblem(n) === null, n).toBe(isValidBankAccount(normalizeAccountNumber(n)));
    }
    expect(accountNumberProblem('4111111111111112')).toBe('LUHN');
    expect(accountNumberProblem('12ab5678')).toBe('FORMAT');
  });

  it('mobiles and phones: the same verdict as the server', () => {
    for (const m of ['13912345678', '12345678901', '1391234567', '19912345678', '139123456789']) {
      expect(MOBILE_PATTERN.test(m), m).toBe(isValidMobile(m));
    }
    for (const p of ['025-84561234', '02584561234', '84561234', '13912345678', '025-8456', 'abc', '+8602584561234']) {
      expect(isValidPhone(p), p).toBe(serverPhone(p));
    }
  });

  it('dates typed in the usual ways become YYYY-MM-DD; impossible dates are refused', () => {
    expect(normalizeDate('19900131')).toBe('1990-01-31');
    expect(normalizeDate('1990-1-3')).toBe('1990-01-03');
    expect(normalizeDate('1990/01/31')).toBe('1990-01-31');
    expect(normalizeDate('1990年1月31日')).toBe('1990-01-31');
    expect(normalizeDate('1990-02-30')).toBeUndefined();
    expect(normalizeDate('1990131')).toBeUndefined();
    expect(normalizeDate('')).toBeUndefined();
  });

  it('ID text: spaces dropped, x upper-cased', () => {
    expect(normalizeIdText(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdText('1101 0519 4912 3100 2X')).toBe('11010519491231002X');
  });
});
