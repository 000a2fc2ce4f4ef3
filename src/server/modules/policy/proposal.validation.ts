// 单据校验: every problem of a proposal at once, each naming its field, from facts the service has
// loaded (the form, the product version, the parties, existing cover, today). Pure. Pricing comes
// after (proposal.service.ts), only when the form is complete enough to price.
import Decimal from 'decimal.js';
import {
  HEALTH_QUESTION_CODES,
  HEALTH_QUESTIONS,
  NEAR_RELATIVES,
  type ProposalData,
  type ValidationProblem,
} from '../../../contracts/policy';
import { PAYMENT_MODES, type Channel, type ProductDefinition, type ProductLine } from '../../../contracts/product';
import { addDays, isBusinessDate } from './numbering.rules';
import { beneficiaryProblems } from './servicing.rules';
import { wholeYears } from './proposal.rating';
import { MOTOR_LINES, PERSONAL_LINES } from './underwriting.rules';
import { isValidPlate, vinProblem, VIN_PROBLEM_TEXT } from './vin.rules';

/** Lines with a life-table premium and a health disclosure. */
export const LIFE_LINES: readonly ProductLine[] = ['TERM_LIFE', 'WHOLE_LIFE', 'ENDOWMENT', 'ANNUITY'];
/** How far ahead a start date may be. */
export const MAX_START_DAYS_AHEAD = 90;

const PASSENGER_USAGES = ['FAMILY', 'ENTERPRISE', 'GOVERNMENT', 'TAXI_RENTAL', 'CITY_BUS', 'COACH'];
const TRUCK_USAGES = ['TRUCK_NONBUSINESS', 'TRUCK_BUSINESS'];

export interface PartyFacts {
  id: string;
  kind: 'PERSON' | 'ORGANIZATION';
  name: string;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
}

/** A policy or open proposal whose cover would overlap this one's. */
export interface ExistingCover {
  kind: 'POLICY' | 'PROPOSAL';
  number: string;
  /** Same insured and product (personal lines), or the same vehicle (motor: same product; 交强险: any). */
  reason: 'SAME_INSURED' | 'SAME_VEHICLE';
  /** The existing cover is 交强险. */
  ctpl?: boolean;
  startDate: string;
  endDate: string | null;
}

export interface ValidationInput {
  today: string;
  line: ProductLine;
  channel: Channel;
  definition: ProductDefinition;
  data: ProposalData;
  /** The parties the form names that exist. */
  parties: ReadonlyMap<string, PartyFacts>;
  existing: readonly ExistingCover[];
}

/** Chinese names of the form's fields, for messages. */
export const FORM_FIELDS: Record<string, string> = {
  productVersionId: '产品版本',
  channel: '销售渠道',
  orgId: '出单机构',
  policyholderId: '投保人',
  insuredId: '被保险人',
  insuredRelation: '被保险人与投保人关系',
  beneficiaries: '受益人',
  startDate: '起保日期',
  sumAssured: '保险金额',
  coverageTerm: '保险期间',
  paymentMode: '缴费方式',
  paymentTerm: '缴费期间',
  'motor.region': '投保地区',
  'motor.coverages': '投保险别',
  'motor.vehicle.vin': '车架号',
  'motor.vehicle.plateNo': '号牌号码',
  'motor.vehicle.usage': '使用性质',
  'motor.vehicle.registrationDate': '初次登记日期',
  'motor.vehicle.seats': '核定座位数',
  'motor.vehicle.tonnage': '核定载质量',
  'motor.vehicle.engineCc': '排气量',
  'motor.vehicle.actualValue': '车辆实际价值',
  'motor.vehicle.ownerId': '行驶证车主',
  'life.health': '健康告知',
  'life.occupationClass': '职业类别',
};

/** The label of a form field path ('beneficiaries.1.sharePercent' → '第 2 位受益人的受益份额'). */
export function formFieldLabel(field: string): string {
  const b = /^beneficiaries\.(\d+)\.(\w+)$/.exec(field);
  if (b) return `第 ${Number(b[1]) + 1} 位受益人的${{ partyId: '客户', relation: '与被保险人关系', order: '受益顺序', sharePercent: '受益份额' }[b[2]!] ?? b[2]}`;
  const h = /^life\.health\.(\d+)\.(\w+)$/.exec(field);
  if (h) return `健康告知第 ${Number(h[1]) + 1} 项${h[2] === 'detail' ? '的说明' : ''}`;
  if (FORM_FIELDS[field]) return FORM_FIELDS[field]!;
  const c = /^motor\.coverages\.(\d+)\.(\w+)$/.exec(field);
  if (c) return `第 ${Number(c[1]) + 1} 项险别`;
  return field;
}

const problem = (code: string, field: string, what: string): ValidationProblem => ({ code, field, message: `${formFieldLabel(field)}：${what}` });

/** Years of cover: motor 1; life as entered (null = whole of life); other lines as entered, else 1. */
export function coverageYears(line: ProductLine, data: Pick<ProposalData, 'coverageTerm'>): number | null {
  if (MOTOR_LINES.includes(line)) return 1;
  if (LIFE_LINES.includes(line)) return data.coverageTerm ?? null;
  return data.coverageTerm ?? 1;
}

const isMoney = (s: string) => /^\d{1,14}(\.\d{1,2})?$/.test(s);

/** Every problem of the proposal, in the form's order. */
export function validateProposal(v: ValidationInput): ValidationProblem[] {
  const { data, definition: def, line, parties, today } = v;
  const out: ValidationProblem[] = [];
  const add = (code: string, field: string, what: string) => out.push(problem(code, field, what));
  const required = (field: string, what = '必须填写') => add('PROPOSAL_FIELD_REQUIRED', field, what);
  const personal = PERSONAL_LINES.includes(line);
  const life = LIFE_LINES.includes(line);
  const motor = MOTOR_LINES.includes(line);

  // ---- parties
  const party = (field: string, id: string | null | undefined): PartyFacts | null => {
    if (!id) return null;
    const p = parties.get(id);
    if (!p) add('PROPOSAL_PARTY_NOT_FOUND', field, '客户不存在，请重新选择');
    return p ?? null;
  };
  if (!data.policyholderId) required('policyholderId');
  if (!data.insuredId) required('insuredId');
  const holder = party('policyholderId', data.policyholderId);
  const insured = party('insuredId', data.insuredId);
  if (data.motor?.vehicle?.ownerId) party('motor.vehicle.ownerId', data.motor.vehicle.ownerId);

  let age: number | null = null;
  if (insured && personal) {
    if (insured.kind !== 'PERSON') add('PROPOSAL_PARTY_NOT_PERSON', 'insuredId', '人身保险的被保险人必须是个人客户');
    else if (!insured.birthDate || !insured.sex) add('PROPOSAL_IDENTITY_INVALID', 'insuredId', '客户资料缺少出生日期或性别，请先补全客户信息');
    else if (data.startDate && isBusinessDate(data.startDate)) age = wholeYears(insured.birthDate, data.startDate);
  }

  // ---- dates
  if (!data.startDate) required('startDate');
  else if (data.startDate < today) add('PROPOSAL_START_DATE_INVALID', 'startDate', `不能早于今天（${today}）`);
  else if (data.startDate > addDays(today, MAX_START_DAYS_AHEAD)) add('PROPOSAL_START_DATE_INVALID', 'startDate', `最多只能提前 ${MAX_START_DAYS_AHEAD} 天投保（不晚于 ${addDays(today, MAX_START_DAYS_AHEAD)}）`);

  // ---- product limits
  if (age !== null && ((def.minAge !== null && age < def.minAge) || (def.maxAge !== null && age > def.maxAge))) {
    add('PROPOSAL_AGE_OUT_OF_RANGE', 'insuredId', `起保时 ${age} 周岁，本产品承保年龄为 ${def.minAge ?? 0}–${def.maxAge ?? '不限'} 周岁`);
  }
  if (personal || line === 'PROPERTY') {
    if (!data.sumAssured) required('sumAssured');
    else if (!isMoney(data.sumAssured) || new Decimal(data.sumAssured).isZero()) add('PROPOSAL_SUM_ASSURED_OUT_OF_RANGE', 'sumAssured', '必须是大于 0 的金额，最多两位小数');
    else {
      const s = new Decimal(data.sumAssured);
      if ((def.minSumAssured !== null && s.lt(def.minSumAssured)) || (def.maxSumAssured !== null && s.gt(def.maxSumAssured))) {
        add('PROPOSAL_SUM_ASSURED_OUT_OF_RANGE', 'sumAssured', `本产品保额范围为 ${def.minSumAssured ?? '0'}–${def.maxSumAssured ?? '不限'} 元`);
      }
    }
  }
  if (!data.paymentMode) required('paymentMode');
  else if (!def.paymentModes.includes(data.paymentMode)) add('PROPOSAL_PAYMENT_MODE_NOT_OFFERED', 'paymentMode', `本产品的缴费方式为：${def.paymentModes.map((m) => PAYMENT_MODES[m].zh).join('、')}`);
  const terms = def.coverageTerms;
  if (data.coverageTerm != null) {
    if (terms.length > 0 && !terms.includes(data.coverageTerm)) add('PROPOSAL_TERM_NOT_OFFERED', 'coverageTerm', `请选择本产品提供的保险期间：${terms.join('、')} 年`);
  } else if (life && terms.length > 0) required('coverageTerm', `请选择保险期间（${terms.join('、')} 年）`);
  if (life && data.paymentMode && data.paymentMode !== 'SINGLE') {
    if (data.paymentTerm == null) required('paymentTerm', def.paymentTerms.length > 0 ? `请选择缴费期间（${def.paymentTerms.join('、')} 年）` : '必须填写');
    else if (def.paymentTerms.length > 0 && !def.paymentTerms.includes(data.paymentTerm)) add('PROPOSAL_TERM_NOT_OFFERED', 'paymentTerm', `请选择本产品提供的缴费期间：${def.paymentTerms.join('、')} 年`);
    else if (data.coverageTerm != null && (terms.length === 0 || terms.includes(data.coverageTerm)) && data.paymentTerm > data.coverageTerm) add('PROPOSAL_TERM_NOT_OFFERED', 'paymentTerm', `不能长于保险期间（${data.coverageTerm} 年）`);
  }

  // ---- insurable interest (保险法 art. 31, 33) and beneficiaries (art. 39, 40)
  if (personal && holder && insured) {
    const same = holder.id === insured.id;
    const rel = data.insuredRelation ?? null;
    if (same) {
      if (rel !== null && rel !== 'SELF') add('PROPOSAL_INSURABLE_INTEREST', 'insuredRelation', '投保人与被保险人为同一人，关系应为“本人”');
    } else if (rel === null) required('insuredRelation', '投保人与被保险人不是同一人，必须填写关系');
    else if (rel === 'SELF') add('PROPOSAL_INSURABLE_INTEREST', 'insuredRelation', '投保人与被保险人不是同一人，关系不能为“本人”');
    else if (holder.kind === 'ORGANIZATION' && rel !== 'EMPLOYEE') add('PROPOSAL_INSURABLE_INTEREST', 'insuredRelation', '单位投保人只能为与其有劳动关系的员工投保（关系应为“雇员”）');
    else if (life && age !== null && age < 18 && rel !== 'CHILD') add('PROPOSAL_INSURABLE_INTEREST', 'insuredRelation', '被保险人未成年，含身故责任的人身保险只能由其父母投保（保险法第三十三条）');
  }
  const bens = data.beneficiaries ?? [];
  if (personal && bens.length > 0) {
    bens.forEach((b, i) => party(`beneficiaries.${i}.partyId`, b.partyId));
    const employerPaid = holder?.kind === 'ORGANIZATION';
    for (const p of beneficiaryProblems(bens, { insuredId: insured?.id ?? '', employerPaid, nearRelatives: NEAR_RELATIVES })) out.push({ code: p.code, field: p.field, message: p.message.zh });
  }

  // ---- health disclosure (健康告知)
  if (life || line === 'HEALTH') {
    const answers = data.life?.health ?? [];
    for (const code of HEALTH_QUESTION_CODES) {
      if (!answers.some((a) => a.code === code)) required('life.health', `未回答“${HEALTH_QUESTIONS[code].zh}”`);
    }
    for (const [i, a] of answers.entries()) {
      if (a.answer && !a.detail?.trim()) add('PROPOSAL_HEALTH_DETAIL_REQUIRED', `life.health.${i}.detail`, `回答“是”时须说明情况（${HEALTH_QUESTIONS[a.code]?.zh ?? a.code}）`);
    }
  }

  // ---- the vehicle
  if (motor) {
    const m = data.motor;
    const veh = m?.vehicle;
    if (!veh?.vin) required('motor.vehicle.vin');
    else {
      const why = vinProblem(veh.vin);
      if (why) add('PROPOSAL_VIN_INVALID', 'motor.vehicle.vin', VIN_PROBLEM_TEXT[why].zh);
    }
    if (veh?.plateNo && !isValidPlate(veh.plateNo)) add('PROPOSAL_PLATE_INVALID', 'motor.vehicle.plateNo', '格式不正确（省份简称 + 发牌机关字母 + 5 位号码，新能源车 6 位）；新车未上牌请不填');
    if (!veh?.usage) required('motor.vehicle.usage');
    else if (PASSENGER_USAGES.includes(veh.usage) && veh.seats == null) required('motor.vehicle.seats', '客车必须填写核定座位数');
    else if (TRUCK_USAGES.includes(veh.usage) && veh.tonnage == null) required('motor.vehicle.tonnage', '货车必须填写核定载质量');
    else if (veh.usage === 'MOTORCYCLE' && veh.engineCc == null) required('motor.vehicle.engineCc', '摩托车必须填写排气量');
    if (!veh?.registrationDate) required('motor.vehicle.registrationDate');
    else if (veh.registrationDate > today || (data.startDate && veh.registrationDate > data.startDate)) add('PROPOSAL_REGISTRATION_DATE_INVALID', 'motor.vehicle.registrationDate', '不能晚于今天和起保日期');
    if (!m?.region) required('motor.region');
    if (line === 'COMMERCIAL_MOTOR') {
      const covs = m?.coverages ?? [];
      if (covs.length === 0) required('motor.coverages', '请至少选择一项险别');
      if (covs.some((c) => c.code === 'CAR_DAMAGE') && !veh?.actualValue) required('motor.vehicle.actualValue', '投保机动车损失保险必须填写车辆实际价值');
    }
  }

  out.push(...existingCoverProblems(v.existing));
  return out;
}

/** PROPOSAL_DUPLICATE_POLICY for each policy or open proposal whose period overlaps, naming its number. */
export function existingCoverProblems(existing: readonly ExistingCover[]): ValidationProblem[] {
  return existing.map((e) => {
    const what = e.kind === 'POLICY' ? `保单 ${e.number}` : `投保单 ${e.number}`;
    const period = `${e.startDate} 至 ${e.endDate ?? '终身'}`;
    return e.reason === 'SAME_VEHICLE'
      ? problem('PROPOSAL_DUPLICATE_POLICY', 'motor.vehicle.vin', `该车辆已有${e.ctpl ? '交强险' : '本产品的'}${what}（${period}），保险期间重叠`)
      : problem('PROPOSAL_DUPLICATE_POLICY', 'insuredId', `被保险人已有本产品的${what}（${period}），保险期间重叠`);
  });
}

const INCOMPLETE = new Set(['PROPOSAL_FIELD_REQUIRED', 'PROPOSAL_PARTY_NOT_FOUND', 'PROPOSAL_PARTY_NOT_PERSON', 'PROPOSAL_IDENTITY_INVALID']);
const NOT_PRICED = /^(life\.health|beneficiaries|insuredRelation|policyholderId|motor\.vehicle\.(vin|ownerId))/;

/** Whether a problem leaves the form unpriceable (a missing rating input): no quote is attempted then. */
export const blocksPricing = (p: ValidationProblem): boolean => INCOMPLETE.has(p.code) && !NOT_PRICED.test(p.field);
