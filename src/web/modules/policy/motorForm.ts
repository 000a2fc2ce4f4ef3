// The motor wizard's form (交强险 + 商业车险 for one vehicle) and its mapping to and from the two
// proposals' ProposalInput. Pure, so it is unit-tested.
import type { MotorData, ProposalData, ProposalInput } from '../../../contracts/policy';
import type { Channel, Coverage } from '../../../contracts/product';
import type { CtplUsage } from '../../../contracts/rating';
import type { FieldName } from './problems';
import { normalizeDate } from '../party/validation';
import { normalizePlate, normalizeVin } from './vehicle';

export type MotorLine = 'CTPL' | 'COMMERCIAL_MOTOR';

export interface CoverageChoice {
  selected?: boolean;
  limit?: string;
  sumInsured?: string;
  seats?: number;
}

export interface MotorFormValues {
  ctplVersionId?: string;
  commercialVersionId?: string;
  sellCtpl: boolean;
  sellCommercial: boolean;
  policyholderId?: string;
  /** 被保险人同投保人. */
  insuredSame: boolean;
  insuredId?: string;
  /** 行驶证车主同被保险人. */
  ownerSame: boolean;
  motor: {
    vehicle: {
      /** 新车未上牌: no plate yet, the VIN identifies the vehicle. */
      unregistered?: boolean;
      plateNo?: string;
      vin?: string;
      engineNo?: string;
      brandModel?: string;
      usage?: CtplUsage;
      seats?: number;
      tonnage?: number;
      engineCc?: number;
      registrationDate?: string;
      actualValue?: string;
      ownerId?: string;
    };
    region?: string;
    ctplHistory: { claimFreeYears?: number; atFaultAccidentsLastYear?: number; fatalAtFaultLastYear?: boolean };
    ncdHistory: { claimsLast3Years?: number; consecutiveInsuredYears?: number; newOrTransferred?: boolean; lapseMonths?: number };
    /** 商业车险 coverages keyed by code (the proposal sends the chosen ones as a list). */
    coverageChoices: Record<string, CoverageChoice>;
    pricingCoefficient?: string;
  };
  startDate?: string;
  channel?: Channel;
  remark?: string;
}

/** How a 商业车险 coverage is sized: 第三者 by a limit, 车上人员 per seat, 车损 by the vehicle's value. */
export function coverageKind(code: string): 'limit' | 'perSeat' | 'seatsAndPerSeat' | 'none' {
  if (code === 'THIRD_PARTY') return 'limit';
  if (code === 'DRIVER') return 'perSeat';
  if (code === 'PASSENGER') return 'seatsAndPerSeat';
  return 'none';
}

/** The coverages chosen, in the product's order, each with only the amounts it is rated by. */
export function chosenCoverages(values: MotorFormValues, offered: readonly Pick<Coverage, 'code'>[]): NonNullable<MotorData['coverages']> {
  const choices = values.motor.coverageChoices ?? {};
  return offered
    .filter((c) => choices[c.code]?.selected)
    .map(({ code }) => {
      const c = choices[code];
      switch (coverageKind(code)) {
        case 'limit':
          return { code, ...(c.limit ? { limit: String(c.limit) } : {}) };
        case 'perSeat':
          return { code, ...(c.sumInsured ? { sumInsured: String(c.sumInsured) } : {}) };
        case 'seatsAndPerSeat':
          return { code, ...(c.sumInsured ? { sumInsured: String(c.sumInsured) } : {}), ...(c.seats != null ? { seats: c.seats } : {}) };
        default:
          return { code };
      }
    });
}

const text = (value: string | undefined | null) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The body of POST/PUT /proposals for one of the two lines (drafts may be incomplete). */
export function motorProposalInput(line: MotorLine, values: MotorFormValues, offered: readonly Pick<Coverage, 'code'>[]): ProposalInput {
  const v = values.motor.vehicle ?? {};
  const insuredId = values.insuredSame ? values.policyholderId : values.insuredId;
  const h = values.motor.ctplHistory ?? {};
  const n = values.motor.ncdHistory ?? {};
  // A draft may lack what MotorData requires; the server takes it as it is (单据校验 names what is missing).
  const motor: MotorData = {
    vehicle: {
      plateNo: v.unregistered ? null : text(normalizePlate(v.plateNo)),
      vin: (normalizeVin(v.vin) || undefined) as string,
      engineNo: text(v.engineNo),
      brandModel: text(v.brandModel),
      usage: v.usage as string,
      ...(v.seats != null ? { seats: v.seats } : {}),
      ...(v.tonnage != null ? { tonnage: v.tonnage } : {}),
      ...(v.engineCc != null ? { engineCc: v.engineCc } : {}),
      registrationDate: normalizeDate(v.registrationDate) as string,
      ...(v.actualValue != null && v.actualValue !== '' ? { actualValue: String(v.actualValue) } : {}),
      ownerId: values.ownerSame ? null : (v.ownerId ?? null),
    },
    region: (values.motor.region?.trim() || undefined) as string,
  };
  if (line === 'CTPL') {
    motor.ctplHistory = { claimFreeYears: h.claimFreeYears ?? 0, atFaultAccidentsLastYear: h.atFaultAccidentsLastYear ?? 0, fatalAtFaultLastYear: Boolean(h.fatalAtFaultLastYear) };
  } else {
    motor.ncdHistory = {
      claimsLast3Years: n.claimsLast3Years ?? 0,
      consecutiveInsuredYears: n.consecutiveInsuredYears ?? 0,
      ...(n.newOrTransferred ? { newOrTransferred: true } : {}),
      ...(n.lapseMonths ? { lapseMonths: n.lapseMonths } : {}),
    };
    motor.coverages = chosenCoverages(values, offered);
    const coefficient = values.motor.pricingCoefficient;
    if (coefficient != null && String(coefficient) !== '') motor.pricingCoefficient = String(coefficient);
  }
  return {
    productVersionId: (line === 'CTPL' ? values.ctplVersionId : values.commercialVersionId) ?? '',
    channel: values.channel as Channel,
    policyholderId: values.policyholderId ?? null,
    insuredId: insuredId ?? null,
    insuredRelation: values.insuredSame ? 'SELF' : null,
    startDate: normalizeDate(values.startDate) ?? null,
    coverageTerm: 1,
    paymentMode: 'SINGLE',
    motor,
    remark: text(values.remark),
  };
}

/** Form values from stored proposals (resuming a draft): the 交强险 one and/or the 商业车险 one. */
export function motorFormValues(parts: { line: MotorLine; versionId: string; channel: Channel; data: ProposalData }[]): MotorFormValues {
  const ctpl = parts.find((p) => p.line === 'CTPL');
  const commercial = parts.find((p) => p.line === 'COMMERCIAL_MOTOR');
  const first = (ctpl ?? commercial)!;
  const data = first.data;
  const m = data.motor;
  const v = m?.vehicle;
  const choices: Record<string, CoverageChoice> = {};
  for (const c of commercial?.data.motor?.coverages ?? []) {
    choices[c.code] = { selected: true, ...(c.limit ? { limit: c.limit } : {}), ...(c.sumInsured ? { sumInsured: c.sumInsured } : {}), ...(c.seats != null ? { seats: c.seats } : {}) };
  }
  const holder = data.policyholderId ?? undefined;
  const insured = data.insuredId ?? undefined;
  return {
    ctplVersionId: ctpl?.versionId,
    commercialVersionId: commercial?.versionId,
    sellCtpl: Boolean(ctpl),
    sellCommercial: Boolean(commercial),
    policyholderId: holder,
    insuredSame: !insured || insured === holder,
    insuredId: insured,
    ownerSame: !v?.ownerId,
    motor: {
      vehicle: {
        unregistered: Boolean(v && !v.plateNo),
        plateNo: v?.plateNo ?? undefined,
        vin: v?.vin || undefined,
        engineNo: v?.engineNo ?? undefined,
        brandModel: v?.brandModel ?? undefined,
        usage: (v?.usage || undefined) as CtplUsage | undefined,
        seats: v?.seats,
        tonnage: v?.tonnage,
        engineCc: v?.engineCc,
        registrationDate: v?.registrationDate || undefined,
        actualValue: v?.actualValue,
        ownerId: v?.ownerId ?? undefined,
      },
      region: m?.region || undefined,
      ctplHistory: { ...(ctpl?.data.motor?.ctplHistory ?? { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false }) },
      ncdHistory: { ...(commercial?.data.motor?.ncdHistory ?? { claimsLast3Years: 0, consecutiveInsuredYears: 0 }) },
      coverageChoices: choices,
      pricingCoefficient: commercial?.data.motor?.pricingCoefficient,
    },
    startDate: data.startDate ?? undefined,
    channel: first.channel,
    remark: data.remark ?? undefined,
  };
}

/**
 * The form field a problem of one line's proposal belongs to. Coverages come back by their index
 * in the list that was sent; the form keys them by code. Party fields the form folds away
 * (被保险人同投保人, 车主同被保险人) land on the field that stands for them.
 */
export function motorFieldOf(line: MotorLine, path: FieldName, values: MotorFormValues, offered: readonly Pick<Coverage, 'code'>[]): FieldName | null {
  const [head, second, third, ...rest] = path;
  if (head === 'productVersionId') return [line === 'CTPL' ? 'ctplVersionId' : 'commercialVersionId'];
  if (head === 'insuredId' || head === 'insuredRelation') return values.insuredSame ? ['policyholderId'] : ['insuredId'];
  if (head === 'coverageTerm' || head === 'paymentMode' || head === 'paymentTerm') return ['startDate'];
  if (head === 'startDate' || head === 'channel' || head === 'policyholderId' || head === 'remark') return [head];
  if (head !== 'motor') return null;
  if (second === 'coverages') {
    const sent = chosenCoverages(values, offered);
    const code = typeof third === 'number' ? sent[third]?.code : undefined;
    if (!code) return ['motor', 'coverageChoices', offered[0]?.code ?? 'CAR_DAMAGE', 'selected'];
    const key = rest[0];
    if (key === 'limit' || key === 'sumInsured' || key === 'seats') return ['motor', 'coverageChoices', code, key];
    return ['motor', 'coverageChoices', code, 'selected'];
  }
  if (second === 'vehicle') {
    if (third === 'ownerId') return values.ownerSame ? ['policyholderId'] : ['motor', 'vehicle', 'ownerId'];
    if (third === 'plateNo' && values.motor.vehicle?.unregistered) return ['motor', 'vehicle', 'vin'];
    if (third === 'trailer') return ['motor', 'vehicle', 'usage'];
    return third === undefined ? ['motor', 'vehicle', 'vin'] : ['motor', 'vehicle', third];
  }
  if (second === 'region' || second === 'pricingCoefficient') return ['motor', second];
  if ((second === 'ctplHistory' || second === 'ncdHistory') && third !== undefined) return ['motor', second, third];
  return null;
}
