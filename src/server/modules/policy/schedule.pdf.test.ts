import { describe, expect, it } from 'vitest';
import { amountInWords, documentLabel, moneyFigures, periodText, renderSchedule, type ScheduleData } from './schedule.pdf';

describe('amountInWords (中文大写金额)', () => {
  it.each([
    ['0.00', '零元整'],
    ['10.00', '壹拾元整'],
    ['100.05', '壹佰元零伍分'],
    ['1004.50', '壹仟零肆元伍角整'],
    ['1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    ['100000000.00', '壹亿元整'],
    // Zeros inside the number: one 零 for a run, none before 元 when the units are zero.
    ['1234.56', '壹仟贰佰叁拾肆元伍角陆分'],
    ['1010.00', '壹仟零壹拾元整'],
    ['1000.05', '壹仟元零伍分'],
    ['100000.00', '壹拾万元整'],
    ['1000010.00', '壹佰万零壹拾元整'],
    ['100050000.00', '壹亿零伍万元整'],
    ['110000000.00', '壹亿壹仟万元整'],
    ['100001234.00', '壹亿零壹仟贰佰叁拾肆元整'],
    ['1000100000000.00', '壹万零壹亿元整'],
    ['0.50', '伍角整'],
    ['0.05', '伍分'],
    ['0.56', '伍角陆分'],
    ['950', '玖佰伍拾元整'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('rounds half-up to the fen and refuses negative amounts', () => {
    expect(amountInWords('1.005')).toBe('壹元零壹分');
    expect(() => amountInWords('-1.00')).toThrow();
  });
});

describe('schedule texts', () => {
  it('prints figures with thousands separators, the period in Chinese and original/reissue', () => {
    expect(moneyFigures('1234567.8')).toBe('1,234,567.80');
    expect(moneyFigures('950')).toBe('950.00');
    expect(periodText('2026-03-15', '2027-03-14')).toBe('自 2026年03月15日零时起至 2027年03月14日二十四时止');
    expect(periodText('2026-03-15', null)).toBe('自 2026年03月15日零时起，终身');
    expect(documentLabel(1)).toBe('正本');
    expect(documentLabel(3)).toBe('补发第2次');
  });
});

const sample: ScheduleData = {
  companyName: '保业财产保险股份有限公司',
  orgName: '上海分公司',
  policyNo: 'P-SH01-TERM-202600000042AB',
  documentVersion: 1,
  productName: '安心定期寿险',
  lineLabel: '定期寿险',
  filingNo: '保业人寿〔2026〕定期寿险001号',
  channelLabel: '直销',
  policyholder: { name: '张建华', idTypeLabel: '居民身份证', idNumberMasked: '310***********1234' },
  insured: { name: '李雪梅', idTypeLabel: '居民身份证', idNumberMasked: '310***********5678', relationLabel: '配偶' },
  beneficiaries: [{ name: '张小宝', relationLabel: '子女', order: 1, sharePercent: '100' }],
  vehicle: null,
  startDate: '2026-11-25',
  endDate: '2046-11-24',
  sumAssured: '500000.00',
  coverages: [{ name: '身故保险金', limit: '500000.00', deductible: null, premium: '1200.00' }],
  premium: '1200.00',
  extraPremium: '34.50',
  paymentModeLabel: '年交',
  single: false,
  paymentTerm: 20,
  coolingOffEnd: '2026-12-10',
  specialConditions: '被保险人因既往高血压引起的保险事故不承担保险责任。',
  issuedAt: new Date('2026-11-24T02:00:00Z'),
};

describe('renderSchedule', () => {
  it('is a PDF with the Chinese font embedded (subset), byte-identical for the same policy and document version', async () => {
    const a = await renderSchedule(sample);
    const b = await renderSchedule({ ...sample, coverages: sample.coverages.map((c) => ({ ...c })) });
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = a.toString('latin1');
    expect(text).toContain('/FontFile2');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    // Subset, not the 10 MB font file.
    expect(a.length).toBeLessThan(400_000);
    expect(a.equals(b)).toBe(true);
    // Another document version is another document.
    const reissued = await renderSchedule({ ...sample, documentVersion: 2 });
    expect(reissued.equals(a)).toBe(false);
  });

  it('numbers the pages when the schedule runs over one page', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `附加险责任第${i + 1}项`, limit: '10000.00', deductible: '500.00', premium: '12.00' }));
    const long = await renderSchedule({ ...sample, coverages: many });
    const pages = long.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
    const one = (await renderSchedule(sample)).toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(one.length).toBe(1);
  });
});
