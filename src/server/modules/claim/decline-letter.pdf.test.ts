import { describe, expect, it } from 'vitest';
import { renderDeclineLetter, type DeclineLetterData } from './decline-letter.pdf';

const letter: DeclineLetterData = {
  companyName: '保业财产保险股份有限公司',
  orgName: '上海分公司',
  claimNo: 'BA20261124SH0100012',
  policyNo: 'P-SH01-CTPL-202600000042AB',
  productName: '机动车交通事故责任强制保险',
  insuredName: '张建华',
  reportedDate: '2026-11-20',
  lossDate: '2026-11-19',
  lossPlace: '上海市浦东新区世纪大道 100 号',
  reason: { code: 'EXCLUSION', text: '属于责任免除情形' },
  note: '事故发生时驾驶人饮酒后驾驶，属于保险条款第二十四条约定的责任免除情形。',
  declinedAt: new Date('2026-11-24T02:00:00Z'),
};

describe('renderDeclineLetter (拒赔通知书)', () => {
  it('is an A4 PDF with the Chinese font embedded and the claim number in its info', async () => {
    const pdf = await renderDeclineLetter(letter);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(text).toContain(`(${letter.claimNo})`); // the Subject
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('gives the same bytes for the same decision, other bytes for another', async () => {
    const a = await renderDeclineLetter(letter);
    const b = await renderDeclineLetter({ ...letter, reason: { ...letter.reason } });
    expect(a.equals(b)).toBe(true);
    const other = await renderDeclineLetter({ ...letter, reason: { code: 'FRAUD', text: '虚构保险事故或故意制造损失' } });
    expect(other.equals(a)).toBe(false);
  });
});
