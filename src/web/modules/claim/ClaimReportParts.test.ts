// The pure parts of the claim pages: the loss time as typed, the people as sent, and what the
// payment dialog offers to pay.
import { describe, expect, it } from 'vitest';
import type { ClaimDetail, ClaimPayment } from '../../../contracts/claim';
import { payableLeft } from './ClaimPaymentPanel';
import { lossDateOf, parseLossTime, partiesInput } from './ClaimReportParts';

describe('loss time typed from the keyboard', () => {
  it('takes the usual ways of typing a Beijing wall-clock time and answers the instant', () => {
    for (const typed of ['2026-11-24 09:30', '2026-11-24 9:30', '20261124 0930', '2026/11/24 09:30', '2026-11-24T09:30']) {
      expect(parseLossTime(typed)).toBe('2026-11-24T09:30:00+08:00');
    }
    // 00:30 in Beijing is the day before in UTC; the business date stays Beijing's.
    expect(new Date(parseLossTime('2026-11-24 00:30')!).toISOString()).toBe('2026-11-23T16:30:00.000Z');
    expect(lossDateOf('2026-11-24 00:30')).toBe('2026-11-24');
  });

  it('refuses what is not a real date and time', () => {
    for (const typed of ['', '2026-11-24', '2026-02-30 10:00', '2026-11-24 24:00', '2026-11-24 10:60', 'yesterday 10:00', undefined]) {
      expect(parseLossTime(typed)).toBeNull();
    }
    expect(lossDateOf('2026-13-01 10:00')).toBeUndefined();
  });
});

describe('people involved as the API takes them', () => {
  it('trims, upper-cases plates and ID letters, and sends empty optional fields as null', () => {
    expect(partiesInput([{ role: 'THIRD_PARTY', name: ' 李四 ', idNumber: ' 11010519491231002x ', phone: ' ', plateNo: '沪b12345 ', note: '' }])).toEqual([
      { role: 'THIRD_PARTY', name: '李四', idNumber: '11010519491231002X', phone: null, plateNo: '沪B12345', note: null },
    ]);
    expect(partiesInput(undefined)).toEqual([]);
  });
});

describe('what the payment dialog offers', () => {
  const payment = (amount: string, state: ClaimPayment['state']) => ({ amount, state }) as ClaimPayment;
  const claim = (approvedAmount: string, outstandingReserve: string, payments: ClaimPayment[]) => ({ approvedAmount, outstandingReserve, payments }) as ClaimDetail;

  it('pays what is approved less every payment not cancelled, to the fen', () => {
    const c = claim('10000.10', '0.00', [payment('3000.05', 'PAID'), payment('2000.00', 'PENDING'), payment('999.99', 'CANCELLED')]);
    expect(payableLeft(c, 'FINAL')).toBe('5000.05');
    expect(payableLeft(c, 'PARTIAL')).toBe('5000.05');
    expect(payableLeft(claim('100.00', '0.00', [payment('100.00', 'PAID')]), 'FINAL')).toBe('0.00');
  });

  it('advances up to the outstanding reserve less pending payments', () => {
    // Paid advances have already reduced the reserve; pending ones still hold part of it.
    expect(payableLeft(claim('0.00', '8000.00', [payment('1000.00', 'PAID'), payment('500.50', 'PENDING')]), 'ADVANCE')).toBe('7499.50');
    expect(payableLeft(claim('0.00', '100.00', [payment('300.00', 'PENDING')]), 'ADVANCE')).toBe('0.00');
  });
});
