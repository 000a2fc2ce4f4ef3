import { describe, expect, it } from 'vitest';
import { HEALTH_QUESTION_CODES } from '../../../contracts/policy';
import { lifeFieldOf, lifeFormValues, lifeProposalInput, type LifeFormValues } from './lifeForm';
import { fromFen, sumMoney, toFen, twoDecimals } from './money';
import { motorFieldOf, motorFormValues, motorProposalInput, type MotorFormValues } from './motorForm';
import { placeProblems, problemPath } from './problems';
import { isValidPlate as serverIsValidPlate, vinCheckCharacter, vinProblem as serverVinProblem } from '../../../server/modules/policy/vin.rules';
import { isValidPlate, normalizePlate, normalizeVin, vinProblem } from './vehicle';

const OFFERED = [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY' }, { code: 'DRIVER' }, { code: 'PASSENGER' }];

function motorValues(over: Partial<MotorFormValues> = {}): MotorFormValues {
  return {
    ctplVersionId: 'v-ctpl',
    commercialVersionId: 'v-auto',
    sellCtpl: true,
    sellCommercial: true,
    policyholderId: 'p-holder',
    insuredSame: true,
    ownerSame: true,
    motor: {
      vehicle: { plateNo: '苏a 12345', vin: 'lsvab4187 2n2 10123', usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000' },
      region: '江苏',
      ctplHistory: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false },
      ncdHistory: { claimsLast3Years: 0, consecutiveInsuredYears: 2 },
      // 车损 and 三者 chosen; 司机 chosen; 乘客 not — the list sent is CAR_DAMAGE, THIRD_PARTY, DRIVER.
      coverageChoices: { CAR_DAMAGE: { selected: true }, THIRD_PARTY: { selected: true, limit: '1000000' }, DRIVER: { selected: true, sumInsured: '10000' }, PASSENGER: { selected: false, sumInsured: '10000', seats: 4 } },
      pricingCoefficient: '1.00',
    },
    startDate: '2026-12-01',
    channel: 'DIRECT',
    ...over,
  };
}

describe('motor wizard form ↔ proposals', () => {
  it('one form gives the 交强险 and the 商业车险 proposal for the same vehicle, each with only its own part', () => {
    const values = motorValues();
    const ctpl = motorProposalInput('CTPL', values, OFFERED);
    const auto = motorProposalInput('COMMERCIAL_MOTOR', values, OFFERED);
    expect(ctpl.productVersionId).toBe('v-ctpl');
    expect(auto.productVersionId).toBe('v-auto');
    for (const p of [ctpl, auto]) {
      expect(p.motor?.vehicle).toMatchObject({ plateNo: '苏A12345', vin: 'LSVAB41872N210123', usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000', ownerId: null });
      expect(p).toMatchObject({ policyholderId: 'p-holder', insuredId: 'p-holder', insuredRelation: 'SELF', startDate: '2026-12-01', channel: 'DIRECT', coverageTerm: 1, paymentMode: 'SINGLE' });
    }
    expect(ctpl.motor?.ctplHistory).toEqual({ claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false });
    expect(ctpl.motor?.coverages).toBeUndefined();
    expect(auto.motor?.coverages).toEqual([{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }, { code: 'DRIVER', sumInsured: '10000' }]);
    expect(auto.motor?.ncdHistory).toEqual({ claimsLast3Years: 0, consecutiveInsuredYears: 2 });
    expect(auto.motor?.pricingCoefficient).toBe('1.00');
  });

  it('a new vehicle has no plate; a different insured and owner are sent as picked', () => {
    const values = motorValues({ insuredSame: false, insuredId: 'p-spouse', ownerSame: false });
    values.motor.vehicle = { ...values.motor.vehicle, unregistered: true, ownerId: 'p-owner' };
    const input = motorProposalInput('CTPL', values, OFFERED);
    expect(input.motor?.vehicle.plateNo).toBeNull();
    expect(input.motor?.vehicle.ownerId).toBe('p-owner');
    expect(input.insuredId).toBe('p-spouse');
    expect(input.insuredRelation).toBeNull();
  });

  it('resuming a draft bundle gives back the form it came from', () => {
    const values = motorValues();
    const parts = (['CTPL', 'COMMERCIAL_MOTOR'] as const).map((line) => {
      const { productVersionId, channel, ...data } = motorProposalInput(line, values, OFFERED);
      return { line, versionId: productVersionId, channel, data };
    });
    const back = motorFormValues(parts);
    expect(motorProposalInput('CTPL', back, OFFERED)).toEqual(motorProposalInput('CTPL', values, OFFERED));
    expect(motorProposalInput('COMMERCIAL_MOTOR', back, OFFERED)).toEqual(motorProposalInput('COMMERCIAL_MOTOR', values, OFFERED));
  });

  it('problems land under the fields the clerk sees: coverages by index → by code, folded party fields', () => {
    const values = motorValues();
    const field = (line: 'CTPL' | 'COMMERCIAL_MOTOR', path: string) => motorFieldOf(line, problemPath(path), values, OFFERED);
    expect(field('CTPL', 'motor.vehicle.vin')).toEqual(['motor', 'vehicle', 'vin']);
    // The second coverage sent is THIRD_PARTY (PASSENGER was not chosen).
    expect(field('COMMERCIAL_MOTOR', 'motor.coverages.1.limit')).toEqual(['motor', 'coverageChoices', 'THIRD_PARTY', 'limit']);
    expect(field('COMMERCIAL_MOTOR', 'motor.coverages[2].sumInsured')).toEqual(['motor', 'coverageChoices', 'DRIVER', 'sumInsured']);
    expect(field('COMMERCIAL_MOTOR', 'motor.coverages.0.code')).toEqual(['motor', 'coverageChoices', 'CAR_DAMAGE', 'selected']);
    expect(field('CTPL', 'insuredId')).toEqual(['policyholderId']);
    expect(field('CTPL', 'motor.vehicle.ownerId')).toEqual(['policyholderId']);
    expect(field('CTPL', 'motor.ctplHistory.claimFreeYears')).toEqual(['motor', 'ctplHistory', 'claimFreeYears']);
    expect(field('COMMERCIAL_MOTOR', 'productVersionId')).toEqual(['commercialVersionId']);
    expect(field('CTPL', 'somethingElse')).toBeNull();
  });
});

function lifeValues(over: Partial<LifeFormValues> = {}): LifeFormValues {
  return {
    productVersionId: 'v-term',
    channel: 'AGENT',
    policyholderId: 'p-holder',
    insuredRelation: 'SPOUSE',
    insuredId: 'p-spouse',
    beneficiaries: [
      { partyId: 'p-child', relation: 'CHILD', order: 1, sharePercent: '60' },
      { partyId: 'p-holder', relation: 'SPOUSE', order: 1, sharePercent: '40' },
    ],
    sumAssured: '500000.00',
    coverageTerm: 20,
    paymentMode: 'ANNUAL',
    paymentTerm: 20,
    startDate: '2026-12-01',
    life: { occupationClass: 2, health: Object.fromEntries(HEALTH_QUESTION_CODES.map((code) => [code, { answer: code === 'SURGERY_5Y', detail: code === 'SURGERY_5Y' ? '2023 年阑尾炎手术' : 'ignored' }])) },
    ...over,
  };
}

describe('life wizard form ↔ proposal', () => {
  it('sends every health answer in the question order, details only for yes', () => {
    const input = lifeProposalInput(lifeValues());
    expect(input.life?.health.map((h) => h.code)).toEqual(HEALTH_QUESTION_CODES);
    expect(input.life?.health.find((h) => h.code === 'SURGERY_5Y')).toEqual({ code: 'SURGERY_5Y', answer: true, detail: '2023 年阑尾炎手术' });
    expect(input.life?.health.find((h) => h.code === 'HOSPITAL_2Y')).toEqual({ code: 'HOSPITAL_2Y', answer: false, detail: null });
    expect(input).toMatchObject({ insuredId: 'p-spouse', insuredRelation: 'SPOUSE', sumAssured: '500000.00', coverageTerm: 20, paymentTerm: 20 });
  });

  it('本人: the insured is the policyholder; 趸交 has no payment term; no beneficiaries = 法定', () => {
    const input = lifeProposalInput(lifeValues({ insuredRelation: 'SELF', insuredId: 'p-other', paymentMode: 'SINGLE', beneficiaries: [] }));
    expect(input.insuredId).toBe('p-holder');
    expect(input.paymentTerm).toBeNull();
    expect(input.beneficiaries).toEqual([]);
  });

  it('resuming a draft gives back the same proposal', () => {
    const values = lifeValues();
    const { productVersionId, channel, ...data } = lifeProposalInput(values);
    expect(lifeProposalInput(lifeFormValues(productVersionId, channel, data))).toEqual(lifeProposalInput(values));
  });

  it('problems land under beneficiary rows, health answers by index or code, the folded insured', () => {
    const values = lifeValues();
    const field = (path: string, v = values) => lifeFieldOf(problemPath(path), v);
    expect(field('beneficiaries.1.sharePercent')).toEqual(['beneficiaries', 1, 'sharePercent']);
    expect(field('beneficiaries.0')).toEqual(['beneficiaries', 0, 'partyId']);
    expect(field('life.health.2.detail')).toEqual(['life', 'health', 'SURGERY_5Y', 'detail']);
    expect(field('life.health.SERIOUS_ILLNESS')).toEqual(['life', 'health', 'SERIOUS_ILLNESS', 'answer']);
    expect(field('insuredId')).toEqual(['insuredId']);
    expect(field('insuredId', { ...values, insuredRelation: 'SELF' })).toEqual(['policyholderId']);
    expect(field('motor.vehicle.vin')).toBeNull();
  });

  it('placeProblems merges messages per field and keeps the rest for the list above the form', () => {
    const placed = placeProblems(
      [
        { code: 'PROPOSAL_BENEFICIARY_SHARES', field: 'beneficiaries.0.sharePercent', message: '第一顺序受益比例合计应为 100%' },
        { code: 'X', field: 'beneficiaries.0.sharePercent', message: '另一条' },
        { code: 'PROPOSAL_DUPLICATE_POLICY', field: 'somewhere', message: '重复投保' },
      ],
      (path) => lifeFieldOf(path, values()),
    );
    expect(placed.fields).toEqual([{ name: ['beneficiaries', 0, 'sharePercent'], errors: ['第一顺序受益比例合计应为 100%', '另一条'] }]);
    expect(placed.unplaced.map((p) => p.code)).toEqual(['PROPOSAL_DUPLICATE_POLICY']);
    function values() {
      return lifeValues();
    }
  });
});

describe('money and vehicle checks', () => {
  it('amounts add up in fen, never through floats', () => {
    expect(sumMoney('0.10', '0.20')).toBe('0.30');
    expect(sumMoney('950.00', '2345.67', '-0.67')).toBe('3295.00');
    expect(sumMoney('1.234')).toBeNull();
    expect(toFen('12')).toBe(1200n);
    expect(fromFen(-5n)).toBe('-0.05');
    expect(twoDecimals('1234.5')).toBe('1234.50');
  });

  it('VIN and plate checks: the same verdict as the server (check digit at position 9, GA 36 plates)', () => {
    const good = 'LSVAB4187C2101238'.slice(0, 8) + vinCheckCharacter('LSVAB4187C2101238') + 'LSVAB4187C2101238'.slice(9);
    for (const v of [good, good.slice(0, 16), good.replace('S', 'I'), good.slice(0, 8) + (good[8] === '1' ? '2' : '1') + good.slice(9), '1HGCM82633A004352', 'LSGPC52U6AF102554']) {
      expect(vinProblem(v) === null, v).toBe(serverVinProblem(v) === null);
    }
    expect(vinProblem(good)).toBeNull();
    expect(vinProblem(normalizeVin(` ${good.slice(0, 5).toLowerCase()} ${good.slice(5)}`))).toBeNull();
    expect(vinProblem(good.slice(0, 16))).toBe('LENGTH');
    expect(vinProblem(good.replace('S', 'I'))).toBe('CHARS');
    for (const p of ['苏A12345', '苏AD12345', '苏A12345D', '沪A1234挂', '苏I12345', 'A12345', '苏A1234', '粤BD1234X', '京AF0236']) {
      expect(isValidPlate(p), p).toBe(serverIsValidPlate(p));
    }
    expect(isValidPlate(normalizePlate('苏A·12345'))).toBe(true);
  });
});
