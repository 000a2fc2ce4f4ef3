import { describe, expect, it } from 'vitest';
import type { ProposalData } from '../../../contracts/policy';
import { HEALTH_QUESTION_CODES } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import { definitionTemplate } from '../product/catalogue.rules';
import { blocksPricing, coverageYears, validateProposal, type ExistingCover, type PartyFacts } from './proposal.validation';

const TODAY = '2026-11-24';
const people: PartyFacts[] = [
  { id: 'holder', kind: 'PERSON', name: '张建华', sex: 'M', birthDate: '1986-03-15' },
  { id: 'spouse', kind: 'PERSON', name: '李雪梅', sex: 'F', birthDate: '1988-06-20' },
  { id: 'child', kind: 'PERSON', name: '张小宝', sex: 'M', birthDate: '2015-01-01' },
  { id: 'employer', kind: 'ORGANIZATION', name: '上海某某有限公司', sex: null, birthDate: null },
  { id: 'turning18', kind: 'PERSON', name: '成年', sex: 'F', birthDate: '2008-12-01' },
  { id: 'turning61', kind: 'PERSON', name: '六十一', sex: 'M', birthDate: '1965-12-01' },
  { id: 'nobirth', kind: 'PERSON', name: '无生日', sex: null, birthDate: null },
];
const parties = new Map(people.map((p) => [p.id, p]));
const health = HEALTH_QUESTION_CODES.map((code) => ({ code, answer: false }));

const lifeData = (o: Partial<ProposalData> = {}): ProposalData => ({
  policyholderId: 'holder', insuredId: 'holder', insuredRelation: 'SELF', beneficiaries: [], startDate: '2026-12-01',
  sumAssured: '300000.00', coverageTerm: 20, paymentMode: 'ANNUAL', paymentTerm: 20, life: { occupationClass: 1, health }, ...o,
});
const motorData = (o: Partial<ProposalData> = {}, vehicle: Record<string, unknown> = {}): ProposalData => ({
  policyholderId: 'holder', insuredId: 'holder', startDate: '2026-11-25', paymentMode: 'SINGLE',
  motor: { vehicle: { plateNo: '沪A12345', vin: '1M8GDM9AXKP042788', engineNo: null, brandModel: null, usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000.00', ...vehicle }, region: '上海', coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }] },
  ...o,
});
const check = (line: ProductLine, data: ProposalData, existing: ExistingCover[] = []) =>
  validateProposal({ today: TODAY, line, channel: 'DIRECT', definition: definitionTemplate(line), data, parties, existing });
const fields = (ps: { code: string; field: string }[]) => ps.map((p) => `${p.code}@${p.field}`);

describe('单据校验 — life', () => {
  it('finds nothing wrong with a complete proposal', () => {
    expect(check('TERM_LIFE', lifeData())).toEqual([]);
  });

  it('answers every problem at once, each naming its field in Chinese', () => {
    const ps = check('TERM_LIFE', lifeData({ startDate: '2026-11-23', sumAssured: '5000.00', coverageTerm: 15, paymentMode: 'MONTHLY', insuredId: 'spouse', insuredRelation: null, life: { occupationClass: 1, health: [{ code: 'HOSPITAL_2Y', answer: true }] } }));
    expect(fields(ps)).toEqual([
      'PROPOSAL_START_DATE_INVALID@startDate',
      'PROPOSAL_SUM_ASSURED_OUT_OF_RANGE@sumAssured',
      'PROPOSAL_PAYMENT_MODE_NOT_OFFERED@paymentMode',
      'PROPOSAL_TERM_NOT_OFFERED@coverageTerm',
      'PROPOSAL_FIELD_REQUIRED@insuredRelation',
      'PROPOSAL_FIELD_REQUIRED@life.health',
      'PROPOSAL_FIELD_REQUIRED@life.health',
      'PROPOSAL_FIELD_REQUIRED@life.health',
      'PROPOSAL_FIELD_REQUIRED@life.health',
      'PROPOSAL_HEALTH_DETAIL_REQUIRED@life.health.0.detail',
    ]);
    expect(ps[0]!.message).toBe('起保日期：不能早于今天（2026-11-24）');
    expect(ps[1]!.message).toContain('保险金额');
    expect(ps[4]!.message).toMatch(/^被保险人与投保人关系：/);
  });

  it('requires the parties, dates and terms of an empty form', () => {
    const ps = check('TERM_LIFE', {});
    expect(fields(ps).slice(0, 6)).toEqual([
      'PROPOSAL_FIELD_REQUIRED@policyholderId',
      'PROPOSAL_FIELD_REQUIRED@insuredId',
      'PROPOSAL_FIELD_REQUIRED@startDate',
      'PROPOSAL_FIELD_REQUIRED@sumAssured',
      'PROPOSAL_FIELD_REQUIRED@paymentMode',
      'PROPOSAL_FIELD_REQUIRED@coverageTerm',
    ]);
    expect(ps.filter(blocksPricing).length).toBeGreaterThan(0);
  });

  it('counts age in whole years at the start date, inclusive at both limits (18–60)', () => {
    // Turns 18 on 2026-12-01: a start that day is 18, the day before 17.
    expect(check('TERM_LIFE', lifeData({ insuredId: 'turning18', insuredRelation: 'OTHER_CONSENTED', startDate: '2026-12-01' }))).toEqual([]);
    expect(fields(check('TERM_LIFE', lifeData({ insuredId: 'turning18', insuredRelation: 'OTHER_CONSENTED', startDate: '2026-11-30' })))).toContain('PROPOSAL_AGE_OUT_OF_RANGE@insuredId');
    // Turns 61 on 2026-12-01: 60 the day before, out of range that day.
    expect(check('TERM_LIFE', lifeData({ insuredId: 'turning61', insuredRelation: 'PARENT', startDate: '2026-11-30' }))).toEqual([]);
    const ps = check('TERM_LIFE', lifeData({ insuredId: 'turning61', insuredRelation: 'PARENT', startDate: '2026-12-01' }));
    expect(ps.map((p) => p.message)).toEqual(['被保险人：起保时 61 周岁，本产品承保年龄为 18–60 周岁']);
  });

  it('keeps the start date within today … 90 days ahead', () => {
    expect(check('TERM_LIFE', lifeData({ startDate: TODAY }))).toEqual([]);
    expect(check('TERM_LIFE', lifeData({ startDate: '2027-02-22' }))).toEqual([]);
    expect(fields(check('TERM_LIFE', lifeData({ startDate: '2027-02-23' })))).toEqual(['PROPOSAL_START_DATE_INVALID@startDate']);
  });

  it('checks insurable interest: SELF only for the same party, employees for employers, parents for minors', () => {
    expect(fields(check('TERM_LIFE', lifeData({ insuredRelation: 'SPOUSE' })))).toEqual(['PROPOSAL_INSURABLE_INTEREST@insuredRelation']);
    expect(fields(check('TERM_LIFE', lifeData({ insuredId: 'spouse', insuredRelation: 'SELF' })))).toEqual(['PROPOSAL_INSURABLE_INTEREST@insuredRelation']);
    expect(check('TERM_LIFE', lifeData({ insuredId: 'spouse', insuredRelation: 'SPOUSE' }))).toEqual([]);
    expect(fields(check('TERM_LIFE', lifeData({ policyholderId: 'employer', insuredId: 'spouse', insuredRelation: 'SPOUSE' })))).toEqual(['PROPOSAL_INSURABLE_INTEREST@insuredRelation']);
    expect(check('TERM_LIFE', lifeData({ policyholderId: 'employer', insuredId: 'spouse', insuredRelation: 'EMPLOYEE' }))).toEqual([]);
    // A child (11) under a product from age 0: only a parent may insure a minor's life.
    const def = { ...definitionTemplate('TERM_LIFE'), minAge: 0 };
    const run = (rel: 'CHILD' | 'OTHER_CONSENTED') =>
      validateProposal({ today: TODAY, line: 'TERM_LIFE', channel: 'DIRECT', definition: def, parties, existing: [], data: lifeData({ insuredId: 'child', insuredRelation: rel }) });
    expect(run('CHILD')).toEqual([]);
    expect(fields(run('OTHER_CONSENTED'))).toEqual(['PROPOSAL_INSURABLE_INTEREST@insuredRelation']);
  });

  it('wants the insured to be a person with a birth date and sex, and named parties to exist', () => {
    expect(fields(check('TERM_LIFE', lifeData({ insuredId: 'employer', insuredRelation: 'SELF', policyholderId: 'employer' })))).toEqual(['PROPOSAL_PARTY_NOT_PERSON@insuredId']);
    expect(fields(check('TERM_LIFE', lifeData({ insuredId: 'nobirth', insuredRelation: 'OTHER_CONSENTED' })))).toEqual(['PROPOSAL_IDENTITY_INVALID@insuredId']);
    expect(fields(check('TERM_LIFE', lifeData({ policyholderId: 'ghost', insuredId: 'ghost' })))).toEqual(['PROPOSAL_PARTY_NOT_FOUND@policyholderId', 'PROPOSAL_PARTY_NOT_FOUND@insuredId']);
  });

  it('adds beneficiary shares per order exactly (33.33 + 33.33 + 33.34 = 100)', () => {
    const ben = (partyId: string, order: number, sharePercent: string) => ({ partyId, relation: 'CHILD' as const, order, sharePercent });
    expect(check('TERM_LIFE', lifeData({ beneficiaries: [ben('spouse', 1, '33.33'), ben('child', 1, '33.33'), ben('turning18', 1, '33.34'), ben('spouse', 2, '100')] }))).toEqual([]);
    const ps = check('TERM_LIFE', lifeData({ beneficiaries: [ben('spouse', 1, '33.33'), ben('child', 1, '33.33'), ben('turning18', 1, '33.33'), ben('spouse', 2, '0'), ben('holder', 3, '100')] }));
    expect(fields(ps)).toEqual([
      'PROPOSAL_BENEFICIARY_SHARES@beneficiaries.3.sharePercent',
      'PROPOSAL_BENEFICIARY_IS_INSURED@beneficiaries.4.partyId',
      'PROPOSAL_BENEFICIARY_SHARES@beneficiaries.0.sharePercent',
    ]);
    expect(ps[2]!.message).toContain('第 1 顺序受益人的受益比例合计为 99.99%');
  });

  it('limits beneficiaries of employer-paid cover to near relatives (保险法 art. 39)', () => {
    const ps = check('TERM_LIFE', lifeData({ policyholderId: 'employer', insuredId: 'spouse', insuredRelation: 'EMPLOYEE', beneficiaries: [{ partyId: 'child', relation: 'CHILD', order: 1, sharePercent: '50' }, { partyId: 'holder', relation: 'OTHER', order: 1, sharePercent: '50' }] }));
    expect(fields(ps)).toEqual(['PROPOSAL_BENEFICIARY_NOT_RELATIVE@beneficiaries.1.relation']);
  });

  it('names the policy already covering the insured', () => {
    const ps = check('TERM_LIFE', lifeData(), [{ kind: 'POLICY', number: 'P-SH-TERM-202600000001AB', reason: 'SAME_INSURED', startDate: '2026-01-01', endDate: '2045-12-31' }]);
    expect(ps).toEqual([{ code: 'PROPOSAL_DUPLICATE_POLICY', field: 'insuredId', message: expect.stringContaining('P-SH-TERM-202600000001AB') }]);
  });
});

describe('单据校验 — motor', () => {
  it('accepts a complete 交强险 and 商业车险 form', () => {
    expect(check('CTPL', motorData())).toEqual([]);
    expect(check('COMMERCIAL_MOTOR', motorData())).toEqual([]);
  });

  it('checks the VIN check digit, the plate, and the vehicle fields each usage needs', () => {
    const ps = check('COMMERCIAL_MOTOR', motorData({}, { vin: '1M8GDM9A1KP042788', plateNo: '沪12345', seats: undefined, actualValue: undefined }));
    expect(fields(ps)).toEqual([
      'PROPOSAL_VIN_INVALID@motor.vehicle.vin',
      'PROPOSAL_PLATE_INVALID@motor.vehicle.plateNo',
      'PROPOSAL_FIELD_REQUIRED@motor.vehicle.seats',
      'PROPOSAL_FIELD_REQUIRED@motor.vehicle.actualValue',
    ]);
    expect(ps[0]!.message).toContain('第 9 位校验位');
    expect(fields(check('CTPL', motorData({}, { usage: 'TRUCK_BUSINESS', seats: undefined })))).toEqual(['PROPOSAL_FIELD_REQUIRED@motor.vehicle.tonnage']);
    expect(fields(check('CTPL', motorData({}, { plateNo: null })))).toEqual([]);
    expect(fields(check('COMMERCIAL_MOTOR', motorData({ motor: { vehicle: motorData().motor!.vehicle, region: '', coverages: [] } })))).toEqual([
      'PROPOSAL_FIELD_REQUIRED@motor.region',
      'PROPOSAL_FIELD_REQUIRED@motor.coverages',
    ]);
  });

  it('refuses a 交强险 for a vehicle that already has one, naming the policy', () => {
    const ps = check('CTPL', motorData(), [{ kind: 'POLICY', number: 'P-A-B-202600000009ZZ', reason: 'SAME_VEHICLE', ctpl: true, startDate: '2026-06-01', endDate: '2027-05-31' }]);
    expect(ps).toEqual([{ code: 'PROPOSAL_DUPLICATE_POLICY', field: 'motor.vehicle.vin', message: '车架号：该车辆已有交强险保单 P-A-B-202600000009ZZ（2026-06-01 至 2027-05-31），保险期间重叠' }]);
  });

  it('covers motor for one year and life for its term (null = whole of life)', () => {
    expect(coverageYears('CTPL', { coverageTerm: 3 })).toBe(1);
    expect(coverageYears('TERM_LIFE', { coverageTerm: 20 })).toBe(20);
    expect(coverageYears('WHOLE_LIFE', { coverageTerm: null })).toBeNull();
    expect(coverageYears('ACCIDENT', {})).toBe(1);
  });
});
