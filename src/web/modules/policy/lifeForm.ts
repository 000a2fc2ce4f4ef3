// The life wizard's form and its mapping to and from ProposalInput. Pure, so it is unit-tested.
import {
  HEALTH_QUESTION_CODES,
  type BeneficiaryRelation,
  type HealthQuestion,
  type InsuredRelation,
  type ProposalData,
  type ProposalInput,
} from '../../../contracts/policy';
import type { Channel, PaymentMode } from '../../../contracts/product';
import { normalizeDate } from '../party/validation';
import type { FieldName } from './problems';

export interface BeneficiaryValues {
  partyId?: string;
  relation?: BeneficiaryRelation;
  order?: number;
  sharePercent?: string;
}

export interface LifeFormValues {
  productVersionId?: string;
  channel?: Channel;
  policyholderId?: string;
  /** SELF: the policyholder is the insured (the insured picker is hidden). */
  insuredRelation?: InsuredRelation;
  insuredId?: string;
  beneficiaries?: BeneficiaryValues[];
  sumAssured?: string;
  coverageTerm?: number;
  paymentMode?: PaymentMode;
  paymentTerm?: number;
  startDate?: string;
  life: {
    occupationClass?: number | null;
    occupationName?: string;
    annualIncome?: string;
    /** One answer per question, keyed by code (the proposal sends them as a list in HEALTH_QUESTION_CODES order). */
    health: Partial<Record<HealthQuestion, { answer?: boolean; detail?: string }>>;
  };
  remark?: string;
}

const text = (value: string | undefined | null) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function lifeProposalInput(values: LifeFormValues): ProposalInput {
  const self = values.insuredRelation === 'SELF';
  const single = values.paymentMode === 'SINGLE';
  const health = values.life?.health ?? {};
  return {
    productVersionId: values.productVersionId ?? '',
    channel: values.channel as Channel,
    policyholderId: values.policyholderId ?? null,
    insuredId: (self ? values.policyholderId : values.insuredId) ?? null,
    insuredRelation: values.insuredRelation ?? null,
    beneficiaries: (values.beneficiaries ?? []).map((b) => ({
      partyId: b.partyId ?? '',
      relation: b.relation as BeneficiaryRelation,
      order: b.order ?? 1,
      sharePercent: b.sharePercent != null ? String(b.sharePercent) : '',
    })),
    startDate: normalizeDate(values.startDate) ?? null,
    sumAssured: values.sumAssured != null && values.sumAssured !== '' ? String(values.sumAssured) : null,
    coverageTerm: values.coverageTerm ?? null,
    paymentMode: values.paymentMode,
    paymentTerm: single ? null : (values.paymentTerm ?? null),
    life: {
      occupationClass: values.life?.occupationClass ?? null,
      occupationName: text(values.life?.occupationName),
      annualIncome: values.life?.annualIncome != null && values.life.annualIncome !== '' ? String(values.life.annualIncome) : null,
      health: HEALTH_QUESTION_CODES.filter((code) => health[code]?.answer !== undefined).map((code) => ({
        code,
        answer: Boolean(health[code]?.answer),
        detail: health[code]?.answer ? text(health[code]?.detail) : null,
      })),
    },
    remark: text(values.remark),
  };
}

/** Form values from a stored proposal (resuming a draft). */
export function lifeFormValues(versionId: string, channel: Channel, data: ProposalData): LifeFormValues {
  const health: LifeFormValues['life']['health'] = {};
  for (const h of data.life?.health ?? []) health[h.code] = { answer: h.answer, detail: h.detail ?? undefined };
  return {
    productVersionId: versionId,
    channel,
    policyholderId: data.policyholderId ?? undefined,
    insuredRelation: data.insuredRelation ?? undefined,
    insuredId: data.insuredId ?? undefined,
    beneficiaries: (data.beneficiaries ?? []).map((b) => ({ ...b })),
    sumAssured: data.sumAssured ?? undefined,
    coverageTerm: data.coverageTerm ?? undefined,
    paymentMode: data.paymentMode,
    paymentTerm: data.paymentTerm ?? undefined,
    startDate: data.startDate ?? undefined,
    life: {
      occupationClass: data.life?.occupationClass ?? null,
      occupationName: data.life?.occupationName ?? undefined,
      annualIncome: data.life?.annualIncome ?? undefined,
      health,
    },
    remark: data.remark ?? undefined,
  };
}

/**
 * The form field of a problem path. Health answers come back by their index in the list sent (or
 * by code); the insured, when it is the policyholder, is shown by the policyholder field.
 */
export function lifeFieldOf(path: FieldName, values: LifeFormValues): FieldName | null {
  const [head, second, third, ...rest] = path;
  const self = values.insuredRelation === 'SELF';
  switch (head) {
    case 'insuredId':
      return self ? ['policyholderId'] : ['insuredId'];
    case 'productVersionId':
    case 'channel':
    case 'policyholderId':
    case 'insuredRelation':
    case 'sumAssured':
    case 'coverageTerm':
    case 'paymentMode':
    case 'paymentTerm':
    case 'startDate':
    case 'remark':
      return [head];
    case 'beneficiaries':
      if (typeof second !== 'number') return ['beneficiaries'];
      return third === undefined ? ['beneficiaries', second, 'partyId'] : ['beneficiaries', second, third];
    case 'life': {
      if (second === 'health') {
        const sent = lifeProposalInput(values).life?.health ?? [];
        const code = typeof third === 'number' ? sent[third]?.code : (HEALTH_QUESTION_CODES as readonly (string | number | undefined)[]).includes(third) ? (third as HealthQuestion) : undefined;
        if (!code) return null;
        return ['life', 'health', code, rest[0] === 'detail' ? 'detail' : 'answer'];
      }
      if (second === 'occupationClass' || second === 'occupationName' || second === 'annualIncome') return ['life', second];
      return null;
    }
    default:
      return null;
  }
}
