// 保全 (policy servicing): trial calculation, request, approval (maker-checker), application to the
// policy, and the money each item moves. One function (`compute`) prices and checks an item against
// the policy as it is now; the trial shows its answer, the request stores it, and applying — at once
// or at approval, under the policy's row lock — computes it again, so an item never applies on stale
// figures. Money rules are servicing.rules.ts; state moves lifecycle.rules.ts (nextPolicyState).
//
// Reinstatement (复效) is the one item whose effect waits for money: confirming it raises the back
// premium receivable (state APPLIED, appliedAt null = 待缴费); the payment that settles it applies
// the reinstatement (中止 → 有效, paid-to date advanced) in the same transaction.
import Decimal from 'decimal.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import { scopePredicate, widestScope, requirePermission, orgInScope, type Actor } from '../../platform/access';
import { writeAudit, type AuditActor } from '../../platform/audit';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { errors } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { mask } from '../../platform/mask';
import { publishEvent } from '../../platform/outbox';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import { ADDRESS_TYPES } from '../../../contracts/party';
import {
  BENEFICIARY_RELATIONS,
  ENDORSEMENT_ITEMS,
  INSURED_RELATIONS,
  NEAR_RELATIVES,
  POLICY_STATES,
  type BeneficiaryInput,
  type EndorsementDetail,
  type EndorsementInput,
  type EndorsementItem,
  type EndorsementState,
  type EndorsementSummary,
  type EndorsementTrial,
  type PaymentInput,
  type PolicyAction,
  type PolicyCoverage,
  type PolicyState,
  type ProposalData,
  type ServicingSettings,
} from '../../../contracts/policy';
import { PRODUCT_LINES, type ProductDefinition, type ProductLine } from '../../../contracts/product';
import type { PolicyDeps } from './deps';
import { findPolicy, type PolicyRow } from './policy.rows';
import { nextPolicyState, type PolicyContext } from './lifecycle.rules';
import { addDays, anniversary, shanghaiStartOfDay } from './numbering.rules';
import { P } from './permissions';
import { wholeYears } from './proposal.rating';
import { servicingErrors as E } from './servicing.errors';
import type { EndorsementListQueryT } from './servicing.schemas';
import {
  beneficiaryProblems,
  coolingOffCancellation,
  isLifeLine,
  lapseDateOf,
  lifeSurrender,
  missedInstalmentsOf,
  needsApproval,
  notStartedSurrender,
  proRataSurrender,
  reduceSumAssured,
  reinstatement,
  reinstatementDeadline,
  shortRateSurrender,
  type LifeSurrenderInput,
  type ServicingFailure,
} from './servicing.rules';
import { loadSetting } from './settings';
import { recordEvent } from './timeline';

type Executor = Kysely<DB> | Transaction<DB>;

/** A contact kept on the policy for its correspondence (the customer record itself is the party module's). */
export interface PolicyContact {
  mobile: string | null;
  email: string | null;
  address: { type: string; detail: string; postcode?: string | null } | null;
  changedOn: string;
}
/** The policy's form as issued and then endorsed. */
export type PolicyData = ProposalData & { contacts?: Record<string, PolicyContact> };

/** What applying an item writes to the policy besides its state. */
interface PolicyPatch {
  endedOn?: string;
  sumAssured?: string;
  premium?: string;
  paidToDate?: string;
  policyholderId?: string;
  data?: PolicyData;
  coverages?: PolicyCoverage[];
  documentVersion?: boolean;
  /** proposal_party rows naming the policy's parties as they now stand. */
  beneficiaryIds?: string[];
}

interface Computed {
  trial: EndorsementTrial;
  patch: PolicyPatch;
}

const ACTION_OF: Record<EndorsementItem, PolicyAction> = {
  CONTACT_CHANGE: 'endorse',
  BENEFICIARY_CHANGE: 'endorse',
  POLICYHOLDER_CHANGE: 'endorse',
  COOLING_OFF_CANCELLATION: 'cancel-cooling-off',
  SURRENDER: 'surrender',
  REINSTATEMENT: 'reinstate',
  SUM_ASSURED_REDUCTION: 'endorse',
  DOCUMENT_REISSUE: 'endorse',
};
/** Items that move money: effective no later than today (no refund computed on days not yet run). */
const MONEY_ITEMS: ReadonlySet<EndorsementItem> = new Set(['COOLING_OFF_CANCELLATION', 'SURRENDER', 'REINSTATEMENT', 'SUM_ASSURED_REDUCTION']);
/** Items that may end a policy issued but not started yet (issued today, cover from tomorrow). */
const BEFORE_START_ITEMS: ReadonlySet<EndorsementItem> = new Set(['COOLING_OFF_CANCELLATION', 'SURRENDER']);

const MOBILE = /^1[3-9][0-9]{9}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const yuan = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A refusal of servicing.rules, its field named as the request names it. */
function ruleError(f: ServicingFailure) {
  const map: Record<string, string> = { requestDate: 'effectiveDate', effectiveDate: 'effectiveDate', duration: 'effectiveDate', newSumAssured: 'newSumAssured' };
  return E.rule(f, map[f.field] ?? 'item');
}

export function createServicingService(deps: PolicyDeps) {
  const { db, clock, billing, engines } = deps;
  const today = () => shanghaiDate(clock.now());

  // ---------------------------------------------------------------- the calculation

  async function party(ex: Executor, id: string) {
    return ex.selectFrom('party').select(['id', 'name', 'kind', 'sex', 'birth_date', 'phone_masked', 'email', 'addresses']).where('id', '=', id).executeTakeFirst();
  }

  /** The cash-value basis of a life policy: its product version's pricing (table by the insured's sex, interest, benefit) and terms. */
  async function lifeBasisOf(ex: Executor, p: PolicyRow): Promise<{ basis: Omit<LifeSurrenderInput, 'duration'>; minSumAssured: string | null }> {
    const v = await ex.selectFrom('product_version').select('definition').where('id', '=', p.product_version_id).executeTakeFirstOrThrow();
    const def = v.definition as ProductDefinition;
    const r = def.rating;
    if (r.method !== 'LIFE_NET' && r.method !== 'LIFE_GROSS') throw E.noPricingBasis();
    const insured = await party(ex, p.insured_id);
    if (!insured?.birth_date) throw E.noPricingBasis();
    const table = await engines.actuarial.table(insured.sex === 'F' ? r.tableFemale : r.tableMale);
    return {
      basis: {
        table,
        benefit: r.benefit,
        age: wholeYears(insured.birth_date, p.start_date),
        ...(r.benefit === 'WHOLE_LIFE' || p.coverage_term === null ? {} : { term: p.coverage_term }),
        ...(p.payment_mode === 'SINGLE' ? { paymentTerm: 1 } : p.payment_term ? { paymentTerm: p.payment_term } : {}),
        interest: r.interest,
        sumAssured: p.sum_assured ?? '0',
      },
      minSumAssured: def.minSumAssured,
    };
  }

  /** Premium actually collected at issue: the proposal's receipts, else the premium the policy states. */
  async function premiumPaid(ex: Executor, p: PolicyRow): Promise<string> {
    const r = await ex.selectFrom('proposal as pp').leftJoin('billing_item as b', 'b.id', 'pp.receivable_id').select('b.settled_amount').where('pp.id', '=', p.proposal_id).executeTakeFirst();
    if (r?.settled_amount && !new Decimal(r.settled_amount).isZero()) return yuan(r.settled_amount);
    return yuan(new Decimal(p.premium).plus(p.extra_premium));
  }

  const beneficiaryText = async (ex: Executor, list: readonly BeneficiaryInput[] | undefined, zh: boolean): Promise<string> => {
    if (!list?.length) return zh ? '法定受益人' : 'legal heirs';
    const names = new Map((await ex.selectFrom('party').select(['id', 'name']).where('id', 'in', list.map((b) => b.partyId)).execute()).map((r) => [r.id, r.name]));
    return list
      .map((b) => (zh ? `${names.get(b.partyId) ?? b.partyId}（${BENEFICIARY_RELATIONS[b.relation].zh}，第 ${b.order} 顺序，${b.sharePercent}%）` : `${names.get(b.partyId) ?? b.partyId} (${b.relation}, order ${b.order}, ${b.sharePercent}%)`))
      .join('；');
  };

  /**
   * Checks and prices `input` against the policy as it is now. Throws 409 when the policy's state
   * does not admit the item, 422 naming the field for bad input. Changes nothing.
   */
  async function compute(ex: Executor, p: PolicyRow, input: EndorsementInput, s: ServicingSettings, now: string, lang: 'zh' | 'en'): Promise<Computed> {
    const zh = lang === 'zh';
    const item = input.item;
    const state = p.state as PolicyState;
    const line = p.line as ProductLine;
    const life = isLifeLine(line);
    const eff = input.effectiveDate;
    const data = p.data as PolicyData;
    const label = (z: string, e: string) => (zh ? z : e);

    // 1. The policy's state admits the item (409 naming the state), with the item's date guards.
    let lapse: string | null = null;
    const context: PolicyContext = { onDate: eff };
    if (item === 'COOLING_OFF_CANCELLATION') context.coolingOffEnd = p.cooling_off_end;
    if (item === 'REINSTATEMENT' && p.paid_to_date) {
      lapse = lapseDateOf(p.paid_to_date, s.graceDays);
      context.reinstatementDeadline = reinstatementDeadline(lapse, s.reinstatementYears);
    }
    let after: PolicyState = state;
    // A lapsed policy keeps its contact details current without leaving 中止 (endorsementItemsFor).
    if (!(item === 'CONTACT_CHANGE' && state === 'LAPSED')) {
      const t = nextPolicyState(state, ACTION_OF[item], context);
      if (!t.ok) throw E.transition(t);
      after = t.to;
    }
    // 2. The effective date. Before the start date only 犹豫期撤单 and 退保, from the day of issue on.
    const notStarted = eff < p.start_date;
    if (notStarted && !BEFORE_START_ITEMS.has(item)) throw E.effectiveDate({ zh: `不能早于保单生效日 ${p.start_date}`, en: `before the policy start ${p.start_date}` });
    if (notStarted && eff < shanghaiDate(p.issued_at)) throw E.effectiveDate({ zh: `不能早于出单日 ${shanghaiDate(p.issued_at)}`, en: `before the policy was issued (${shanghaiDate(p.issued_at)})` });
    if (MONEY_ITEMS.has(item) && eff > now) throw E.effectiveDate({ zh: `涉及收付费的保全不能晚于今天（${now}）`, en: `cannot be after today (${now}) for an item that moves money` });
    if (!MONEY_ITEMS.has(item) && p.end_date && eff > p.end_date) throw E.effectiveDate({ zh: `不能晚于保险期间的最后一天 ${p.end_date}`, en: `after the last day of cover ${p.end_date}` });

    let amount = new Decimal(0);
    let direction: EndorsementTrial['direction'] = null;
    const explanation: string[] = [
      `保单 ${p.policy_no}（${PRODUCT_LINES[line]?.zh ?? line}），保全项目：${ENDORSEMENT_ITEMS[item].zh}（${ENDORSEMENT_ITEMS[item].code}），生效日期 ${eff}`,
    ];
    const figures: Record<string, string | number | null> = {};
    const changes: EndorsementTrial['changes'] = [];
    const patch: PolicyPatch = {};

    switch (item) {
      case 'CONTACT_CHANGE': {
        const c = input.contact;
        if (!c) throw E.required('contact', '联系方式');
        if (c.partyId !== p.policyholder_id && c.partyId !== p.insured_id) throw E.contactParty();
        if (c.mobile === undefined && c.email === undefined && c.address === undefined) throw E.contactEmpty();
        if (c.address && !c.address.detail.trim()) throw E.required('contact.address.detail', '详细地址');
        const mobile = c.mobile?.trim() || null;
        const email = c.email?.trim() || null;
        if (mobile !== null && !MOBILE.test(mobile)) throw E.mobile();
        if (email !== null && !EMAIL.test(email)) throw E.email();
        const who = await party(ex, c.partyId);
        const old: PolicyContact = data.contacts?.[c.partyId] ?? {
          mobile: null,
          email: who?.email ?? null,
          address: ((who?.addresses ?? []) as PolicyContact['address'][])[0] ?? null,
          changedOn: p.start_date,
        };
        // Masked on both sides: the change list is shown and audited.
        const oldMobile = data.contacts?.[c.partyId] ? mask('mobile', old.mobile) : (who?.phone_masked ?? null);
        const next: PolicyContact = {
          mobile: c.mobile === undefined ? old.mobile : mobile,
          email: c.email === undefined ? old.email : email,
          address: c.address === undefined ? old.address : c.address ? { type: c.address.type, detail: c.address.detail.trim(), postcode: c.address.postcode ?? null } : null,
          changedOn: eff,
        };
        const addr = (a: PolicyContact['address']) => (a ? `${ADDRESS_TYPES[a.type as keyof typeof ADDRESS_TYPES]?.[lang] ?? a.type}：${a.detail}${a.postcode ? `（${a.postcode}）` : ''}` : null);
        if (c.mobile !== undefined) changes.push({ field: label('手机号', 'Mobile'), before: oldMobile, after: mask('mobile', next.mobile) });
        if (c.email !== undefined) changes.push({ field: label('电子邮箱', 'E-mail'), before: mask('email', old.email), after: mask('email', next.email) });
        if (c.address !== undefined) changes.push({ field: label('地址', 'Address'), before: addr(old.address), after: addr(next.address) });
        patch.data = { ...data, contacts: { ...data.contacts, [c.partyId]: next } };
        const role = c.partyId === p.policyholder_id ? '投保人' : '被保险人';
        explanation.push(`变更${role} ${who?.name ?? ''} 在本保单上的联系方式（客户资料本身不变）`, '不涉及收付费');
        break;
      }
      case 'BENEFICIARY_CHANGE': {
        if (!life) throw E.notApplicable(item, { zh: '受益人变更只适用于人身保险保单', en: 'only life policies have beneficiaries' });
        const list = (input.beneficiaries ?? []).map((b) => ({ ...b, sharePercent: b.sharePercent.trim() }));
        const parties = list.length ? await ex.selectFrom('party').select('id').where('id', 'in', list.map((b) => b.partyId)).execute() : [];
        const found = new Set(parties.map((r) => r.id));
        const missing = list.findIndex((b) => !found.has(b.partyId));
        if (missing >= 0) throw E.partyNotFound(`beneficiaries.${missing}.partyId`);
        const holder = await party(ex, p.policyholder_id);
        const problems = beneficiaryProblems(list, { insuredId: p.insured_id, employerPaid: holder?.kind === 'ORGANIZATION' || data.insuredRelation === 'EMPLOYEE', nearRelatives: NEAR_RELATIVES });
        if (problems[0]) throw E.problem(problems[0]);
        changes.push({ field: label('受益人', 'Beneficiaries'), before: await beneficiaryText(ex, data.beneficiaries, zh), after: await beneficiaryText(ex, list, zh) });
        patch.data = { ...data, beneficiaries: list };
        patch.beneficiaryIds = list.map((b) => b.partyId);
        explanation.push(list.length ? `指定受益人 ${list.length} 位，各顺序受益比例合计 100%` : '改为法定受益人', '不涉及收付费');
        break;
      }
      case 'POLICYHOLDER_CHANGE': {
        const h = input.policyholder;
        if (!h) throw E.required('policyholder', '新投保人');
        if (h.partyId === p.policyholder_id) throw E.noChange('policyholder.partyId', '新投保人：与现投保人相同');
        const holder = await party(ex, h.partyId);
        if (!holder) throw E.partyNotFound('policyholder.partyId');
        if ((h.relation === 'SELF') !== (h.partyId === p.insured_id)) throw E.relation(h.relation === 'SELF' ? '新投保人不是被保险人本人，不能选择“本人”' : '新投保人就是被保险人，请选择“本人”');
        if (holder.kind === 'ORGANIZATION' && h.relation !== 'EMPLOYEE') throw E.relation('单位作为投保人时，被保险人须为其雇员（劳动关系）');
        if (holder.kind === 'ORGANIZATION' && data.beneficiaries?.length) {
          const problems = beneficiaryProblems(data.beneficiaries, { insuredId: p.insured_id, employerPaid: true, nearRelatives: NEAR_RELATIVES });
          if (problems[0]) {
            throw E.problem({ code: problems[0].code, field: 'policyholder.partyId', message: { zh: '新投保人：为用人单位时，现有受益人须为被保险人的近亲属（保险法第三十九条），请先变更受益人', en: 'an employer may not keep beneficiaries who are not near relatives' } });
          }
        }
        const old = await party(ex, p.policyholder_id);
        changes.push(
          { field: label('投保人', 'Policyholder'), before: old?.name ?? null, after: holder.name },
          { field: label('被保险人与投保人关系', 'Relation of the insured'), before: data.insuredRelation ? INSURED_RELATIONS[data.insuredRelation][lang] : null, after: INSURED_RELATIONS[h.relation][lang] },
        );
        patch.policyholderId = h.partyId;
        patch.data = { ...data, policyholderId: h.partyId, insuredRelation: h.relation };
        explanation.push(`投保人由 ${old?.name ?? ''} 变更为 ${holder.name}（被保险人为其${INSURED_RELATIONS[h.relation].zh}），自 ${eff} 起由新投保人承担缴费义务`, '不涉及收付费');
        break;
      }
      case 'COOLING_OFF_CANCELLATION': {
        const r = coolingOffCancellation({ premiumPaid: await premiumPaid(ex, p), coolingOffEnd: p.cooling_off_end!, requestDate: eff, fee: { fixed: s.coolingOffFee } });
        if (!r.ok) throw ruleError(r);
        if (notStarted) explanation.push(`保险责任自 ${p.start_date} 0 时开始，撤单时尚未开始`);
        explanation.push(...r.value.explanation);
        Object.assign(figures, { premiumPaid: yuan(r.value.premiumPaid), fee: yuan(r.value.fee), refund: yuan(r.value.refund) });
        amount = r.value.refund;
        direction = 'PAYABLE';
        patch.endedOn = eff;
        break;
      }
      case 'SURRENDER': {
        if (notStarted) {
          const r = notStartedSurrender({ premiumPaid: await premiumPaid(ex, p), startDate: p.start_date, effectiveDate: eff });
          if (!r.ok) throw ruleError(r);
          explanation.push(...r.value.explanation);
          Object.assign(figures, { premiumPaid: yuan(r.value.premiumPaid), refund: yuan(r.value.refund), daysInForce: 0 });
          amount = r.value.refund;
        } else if (life) {
          const { basis } = await lifeBasisOf(ex, p);
          const duration = wholeYears(p.start_date, eff);
          const r = lifeSurrender({ ...basis, duration });
          if (!r.ok) throw ruleError(r);
          explanation.push(`已满保单年度 ${duration} 年（${p.start_date} 至 ${eff}），按第 ${duration} 保单年度末计算现金价值`, ...r.value.explanation);
          Object.assign(figures, { duration, age: basis.age, table: basis.table.code, reserve: yuan(r.value.reserve), charge: yuan(r.value.charge), cashValue: yuan(r.value.cashValue), netPremium: yuan(r.value.netPremium) });
          amount = r.value.cashValue;
        } else {
          const method = s.pcSurrenderMethod.byProduct[p.product_code] ?? s.pcSurrenderMethod.default;
          const base = { premium: yuan(new Decimal(p.premium).plus(p.extra_premium)), startDate: p.start_date, endDate: p.end_date!, effectiveDate: eff };
          const r = method === 'PRO_RATA' ? proRataSurrender(base) : shortRateSurrender({ ...base, shortRateTable: s.shortRateTable });
          if (!r.ok) throw ruleError(r);
          explanation.push(method === 'PRO_RATA' ? '退保方式：按日比例退还未满期保费' : '退保方式：按短期费率表收取已赚保费', ...r.value.explanation);
          Object.assign(figures, { method, premium: yuan(r.value.premium), earned: yuan(r.value.earned), refund: yuan(r.value.refund), termDays: r.value.termDays, daysInForce: r.value.daysInForce });
          if ('monthsInForce' in r.value) {
            const v = r.value as typeof r.value & { monthsInForce: number; percentRetained: Decimal };
            Object.assign(figures, { monthsInForce: v.monthsInForce, percentRetained: v.percentRetained.toString() });
          }
          amount = r.value.refund;
        }
        direction = 'PAYABLE';
        patch.endedOn = eff;
        break;
      }
      case 'REINSTATEMENT': {
        if (!p.paid_to_date || !lapse) throw E.notApplicable(item, { zh: '该保单没有续期应缴日，无法复效', en: 'the policy has no premium due date' });
        const paymentEnd = p.payment_mode !== 'SINGLE' && p.payment_term ? anniversary(p.start_date, p.payment_term) : null;
        const due = missedInstalmentsOf({ paidToDate: p.paid_to_date, paymentMode: p.payment_mode, paymentEnd, onDate: eff, amount: yuan(new Decimal(p.premium).plus(p.extra_premium)) });
        const r = reinstatement({ lapseDate: lapse, requestDate: eff, periodYears: s.reinstatementYears, missedInstalments: due.instalments, interestRate: s.reinstatementInterest });
        if (!r.ok) throw ruleError(r);
        explanation.push(`宽限期 ${s.graceDays} 天，保费应缴日 ${p.paid_to_date}，自 ${lapse} 起效力中止`, ...r.value.explanation, '补缴款项结清后保单恢复效力');
        Object.assign(figures, { lapseDate: lapse, lastDay: r.value.lastDay, instalments: due.instalments.length, backPremium: yuan(r.value.premium), interest: yuan(r.value.interest), total: yuan(r.value.total) });
        changes.push({ field: label('交费至', 'Paid to'), before: p.paid_to_date, after: due.paidTo });
        amount = r.value.total;
        direction = 'RECEIVABLE';
        patch.paidToDate = due.paidTo;
        break;
      }
      case 'SUM_ASSURED_REDUCTION': {
        if (!life || !p.sum_assured) throw E.notApplicable(item, { zh: '减少保额只适用于有保额的人身保险保单', en: 'only life policies with a sum assured' });
        if (!input.newSumAssured) throw E.required('newSumAssured', '减保后保额');
        const { basis, minSumAssured } = await lifeBasisOf(ex, p);
        const duration = wholeYears(p.start_date, eff);
        const r = reduceSumAssured({ ...basis, duration, newSumAssured: input.newSumAssured, minSumAssured, currentPremium: p.premium });
        if (!r.ok) throw ruleError(r);
        const newSum = yuan(input.newSumAssured);
        explanation.push(`已满保单年度 ${duration} 年，按第 ${duration} 保单年度末计算现金价值`, ...r.value.explanation);
        Object.assign(figures, { duration, cashValue: yuan(r.value.cashValue), fraction: r.value.fraction.toSignificantDigits(10).toString(), refund: yuan(r.value.refund), newPremium: yuan(r.value.newPremium) });
        changes.push({ field: label('保险金额', 'Sum assured'), before: yuan(p.sum_assured), after: newSum }, { field: label('每期保费', 'Premium'), before: yuan(p.premium), after: yuan(r.value.newPremium) });
        amount = r.value.refund;
        direction = 'PAYABLE';
        patch.sumAssured = newSum;
        patch.premium = yuan(r.value.newPremium);
        patch.data = { ...data, sumAssured: newSum };
        patch.coverages = (p.coverages as PolicyCoverage[]).map((c) => (c.sumInsured !== null && new Decimal(c.sumInsured).eq(p.sum_assured!) ? { ...c, sumInsured: newSum } : c));
        break;
      }
      case 'DOCUMENT_REISSUE': {
        changes.push({ field: label('保单版本', 'Document version'), before: String(p.document_version), after: String(p.document_version + 1) });
        patch.documentVersion = true;
        explanation.push(`补发保单，打印版本由第 ${p.document_version} 版变为第 ${p.document_version + 1} 版（原保单作废）`, '不涉及收付费');
        break;
      }
    }

    if (amount.isZero()) direction = null;
    if (after !== state) {
      changes.push({ field: label('保单状态', 'Policy state'), before: POLICY_STATES[state][lang], after: POLICY_STATES[after][lang] });
      explanation.push(`保单状态：${POLICY_STATES[state].zh} → ${POLICY_STATES[after].zh}${item === 'REINSTATEMENT' ? '（补缴款项结清时）' : ''}`);
    }
    const threshold = s.approvalThresholds[item] ?? null;
    const approval = needsApproval(threshold, amount);
    if (direction) explanation.push(`${direction === 'PAYABLE' ? '应退' : '应收'}金额 ${yuan(amount)} 元`);
    if (approval) explanation.push(new Decimal(threshold!).isZero() ? '本项目须经审批后生效' : `金额超过审批限额 ${yuan(threshold!)} 元，须经审批后生效`);
    return {
      trial: { item, effectiveDate: eff, amount: yuan(amount), direction, needsApproval: approval, explanation, figures, changes, policyStateAfter: after },
      patch,
    };
  }

  // ---------------------------------------------------------------- applying

  interface EndorsementRow {
    id: string;
    endorsement_no: string;
    item: string;
    effective_date: string;
    amount: string;
    direction: 'RECEIVABLE' | 'PAYABLE' | null;
    reason: string | null;
  }

  /** Confirmed (at once or approved): raises the money; every item but reinstatement applies now. */
  async function confirm(trx: Transaction<DB>, actor: AuditActor, e: EndorsementRow, p: PolicyRow, c: Computed, now: Date): Promise<void> {
    let billingItemId: string | null = null;
    if (c.trial.direction) {
      billingItemId = await billing.raise(
        trx,
        {
          direction: c.trial.direction,
          sourceType: 'ENDORSEMENT',
          sourceId: e.id,
          orgId: p.org_id,
          partyId: p.policyholder_id,
          amount: c.trial.amount,
          description: `保全 ${e.endorsement_no} ${ENDORSEMENT_ITEMS[e.item as EndorsementItem].zh}（保单 ${p.policy_no}）`,
          createdBy: actor.userId,
        },
        now,
      );
    }
    await trx.updateTable('endorsement').set({ state: 'APPLIED', billing_item_id: billingItemId }).where('id', '=', e.id).execute();
    if (e.item !== 'REINSTATEMENT') await applyToPolicy(trx, actor, e, p, c, now);
  }

  /** Writes the item's effect on the policy, its timeline entry, audit and outbox event. */
  async function applyToPolicy(trx: Transaction<DB>, actor: AuditActor, e: EndorsementRow, p: PolicyRow, c: Computed, now: Date): Promise<void> {
    const x = c.patch;
    const after = c.trial.policyStateAfter;
    await trx
      .updateTable('policy')
      .set((eb) => ({
        state: after,
        ...(x.endedOn ? { ended_on: x.endedOn } : {}),
        ...(x.sumAssured ? { sum_assured: x.sumAssured } : {}),
        ...(x.premium ? { premium: x.premium } : {}),
        ...(x.paidToDate ? { paid_to_date: x.paidToDate } : {}),
        ...(x.policyholderId ? { policyholder_id: x.policyholderId } : {}),
        ...(x.data ? { data: JSON.stringify(x.data) } : {}),
        ...(x.coverages ? { coverages: JSON.stringify(x.coverages) } : {}),
        ...(x.documentVersion ? { document_version: eb('document_version', '+', 1) } : {}),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', p.id)
      .execute();
    // proposal_party names the policy's parties as they stand, for "policies of this customer".
    if (x.policyholderId) {
      await trx.updateTable('proposal_party').set({ party_id: x.policyholderId }).where('proposal_id', '=', p.proposal_id).where('role', '=', 'POLICYHOLDER').execute();
    }
    if (x.beneficiaryIds) {
      await trx.deleteFrom('proposal_party').where('proposal_id', '=', p.proposal_id).where('role', '=', 'BENEFICIARY').execute();
      if (x.beneficiaryIds.length) {
        await trx.insertInto('proposal_party').values(x.beneficiaryIds.map((party_id, k) => ({ proposal_id: p.proposal_id, role: 'BENEFICIARY' as const, seq: k + 1, party_id }))).execute();
      }
    }
    await trx.updateTable('endorsement').set({ applied_at: now }).where('id', '=', e.id).execute();
    const details = { endorsementId: e.id, endorsementNo: e.endorsement_no, amount: c.trial.amount, direction: c.trial.direction, changes: c.trial.changes };
    await recordEvent(trx, { proposalId: p.proposal_id, policyId: p.id, action: `endorsement.${e.item}`, fromState: p.state, toState: after, actorId: actor.userId, note: e.reason, details }, now);
    await writeAudit(
      trx,
      actor,
      {
        action: 'endorsement.apply',
        objectType: 'endorsement',
        objectId: e.id,
        before: { policyNo: p.policy_no, state: p.state, sumAssured: p.sum_assured, premium: p.premium, paidToDate: p.paid_to_date, documentVersion: p.document_version },
        after: { state: after, ...(x.sumAssured ? { sumAssured: x.sumAssured } : {}), ...(x.premium ? { premium: x.premium } : {}), ...(x.paidToDate ? { paidToDate: x.paidToDate } : {}), ...(x.documentVersion ? { documentVersion: p.document_version + 1 } : {}) },
        details,
      },
      now,
    );
    await publishEvent(
      trx,
      {
        type: 'policy.endorsed',
        aggregateType: 'policy',
        aggregateId: p.id,
        payload: { policyId: p.id, policyNo: p.policy_no, endorsementId: e.id, endorsementNo: e.endorsement_no, item: e.item, effectiveDate: e.effective_date, amount: c.trial.amount, direction: c.trial.direction, policyStateAfter: after, changes: c.trial.changes },
      },
      now,
    );
  }

  /** An item still open on the policy: waiting for approval, or a reinstatement waiting for its money. */
  async function openItemExists(ex: Executor, policyId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('endorsement')
      .select('id')
      .where('policy_id', '=', policyId)
      .where((eb) => eb.or([eb('state', '=', 'PENDING_APPROVAL'), eb.and([eb('state', '=', 'APPLIED'), eb('applied_at', 'is', null), eb('item', '=', 'REINSTATEMENT')])]))
      .executeTakeFirst();
    return !!row;
  }

  // ---------------------------------------------------------------- reads

  const summaryQuery = (ex: Executor) =>
    ex
      .selectFrom('endorsement as e')
      .innerJoin('policy as p', 'p.id', 'e.policy_id')
      .innerJoin('org as o', 'o.id', 'e.org_id')
      .innerJoin('app_user as ru', 'ru.id', 'e.requested_by')
      .leftJoin('app_user as du', 'du.id', 'e.decided_by')
      .select([
        'e.id', 'e.endorsement_no', 'e.policy_id', 'p.policy_no', 'e.item', 'e.state', 'e.effective_date', 'e.amount', 'e.direction', 'e.requested_at', 'e.decided_at', 'e.decision_note', 'e.applied_at',
        'e.org_id', 'o.path as org_path', 'e.requested_by', 'ru.username as r_username', 'ru.name as r_name', 'du.id as d_id', 'du.username as d_username', 'du.name as d_name',
      ]);
  type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

  const toSummary = (r: SummaryRow): EndorsementSummary => ({
    id: r.id,
    endorsementNo: r.endorsement_no,
    policyId: r.policy_id,
    policyNo: r.policy_no,
    item: r.item as EndorsementItem,
    state: r.state,
    effectiveDate: r.effective_date,
    amount: yuan(r.amount),
    direction: r.direction,
    requestedBy: { id: r.requested_by, username: r.r_username, name: r.r_name },
    requestedAt: iso(r.requested_at)!,
    decidedBy: r.d_id ? { id: r.d_id, username: r.d_username!, name: r.d_name! } : null,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    appliedAt: iso(r.applied_at),
  });

  /** The scope in which the caller sees servicing items: the wider of request and approve (403 with neither). */
  function readScope(actor: Actor): DataScope {
    const a = actor.grants.get(P.endorsementRequest);
    const b = actor.grants.get(P.endorsementApprove);
    if (!a && !b) throw errors.forbidden(P.endorsementRequest);
    return a && b ? widestScope(a, b) : (a ?? b)!;
  }

  function filtered(ex: Executor, actor: Actor, scope: DataScope, q: EndorsementListQueryT) {
    let query = summaryQuery(ex).where(scopePredicate(actor, scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('e.org_id'), ownerId: sql.ref('e.requested_by') }));
    if (q.state?.length) query = query.where('e.state', 'in', q.state as EndorsementState[]);
    if (q.item) query = query.where('e.item', '=', q.item);
    if (q.policyId) query = query.where('e.policy_id', '=', q.policyId);
    const term = q.q?.trim().toUpperCase();
    if (term) {
      const prefix = `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = /^BQ\d/.test(term) ? query.where('e.endorsement_no', 'like', prefix) : query.where('p.policy_no', 'like', prefix);
    }
    if (q.dateFrom) query = query.where('e.requested_at', '>=', shanghaiStartOfDay(q.dateFrom));
    if (q.dateTo) query = query.where('e.requested_at', '<', shanghaiStartOfDay(addDays(q.dateTo, 1)));
    return query;
  }

  const COUNT_CAP = 10_000;

  async function detail(ex: Executor, id: string): Promise<EndorsementDetail> {
    const r = await summaryQuery(ex).select(['e.input', 'e.calculation', 'e.reason', 'e.billing_item_id']).where('e.id', '=', id).executeTakeFirstOrThrow();
    return {
      ...toSummary(r),
      input: r.input as EndorsementInput,
      calculation: r.calculation as EndorsementTrial,
      reason: r.reason,
      billing: r.billing_item_id ? await billing.collection(ex, r.billing_item_id) : null,
    };
  }

  /** The item if it is in the caller's scope (404 otherwise). */
  async function endorsementInScope(ex: Executor, actor: Actor, scope: DataScope, id: string) {
    const r = await ex.selectFrom('endorsement as e').innerJoin('org as o', 'o.id', 'e.org_id').select(['e.id', 'e.policy_id', 'e.org_id', 'o.path', 'e.requested_by']).where('e.id', '=', id).executeTakeFirst();
    if (!r || !orgInScope(actor, scope, { id: r.org_id, path: r.path }) || (scope === 'self' && r.requested_by !== actor.userId)) throw E.notFound();
    return r;
  }

  const lockEndorsement = (trx: Transaction<DB>, id: string) => trx.selectFrom('endorsement').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();

  /**
   * Locks the item's policy, then the item (always this order, as requests do), and checks it is
   * still pending and decided by someone else.
   */
  async function lockPending(trx: Transaction<DB>, ctx: RequestContext, id: string, policyId: string, decide: boolean) {
    const p = await findPolicy(trx, policyId, { lock: true });
    const e = await lockEndorsement(trx, id);
    if (e.state !== 'PENDING_APPROVAL') throw E.notPending(e.state);
    if (decide && e.requested_by === ctx.actor.userId) throw E.selfApproval();
    return { p, e };
  }

  const service = {
    compute,

    /** 试算: the item priced and checked against the policy now; changes nothing. */
    async trial(ctx: RequestContext, policyId: string, input: EndorsementInput): Promise<EndorsementTrial> {
      const scope = requirePermission(ctx.actor, P.endorsementRequest);
      const p = await findPolicy(db, policyId, { access: { actor: ctx.actor, scope } });
      return (await compute(db, p, input, await loadSetting(db, 'servicing'), today(), ctx.lang)).trial;
    },

    /**
     * 申请: re-computes under the policy's row lock; 409 ENDORSEMENT_TRIAL_STALE when the amount is not
     * the one the user confirmed. Within the item's threshold it applies at once, else waits for approval.
     */
    async request(ctx: RequestContext, policyId: string, body: EndorsementInput & { expectedAmount: string }): Promise<EndorsementDetail> {
      const scope = requirePermission(ctx.actor, P.endorsementRequest);
      const { expectedAmount, ...input } = body;
      const now = clock.now();
      const actor = auditActorOf(ctx);
      const id = await db.transaction().execute(async (trx) => {
        const p = await findPolicy(trx, policyId, { access: { actor: ctx.actor, scope }, lock: true });
        const c = await compute(trx, p, input, await loadSetting(trx, 'servicing'), shanghaiDate(now), ctx.lang);
        if (c.trial.amount !== yuan(expectedAmount)) throw E.stale(yuan(expectedAmount), c.trial.amount);
        if (await openItemExists(trx, p.id)) throw E.pendingExists();
        const id = uuidv7(now.getTime());
        const { rows } = await sql<{ n: string }>`select nextval('endorsement_no_seq')::text as n`.execute(trx);
        const e: EndorsementRow = {
          id,
          endorsement_no: `BQ${shanghaiDate(now).slice(0, 4)}${rows[0]!.n.padStart(8, '0')}`,
          item: input.item,
          effective_date: input.effectiveDate,
          amount: c.trial.amount,
          direction: c.trial.direction,
          reason: input.reason?.trim() || null,
        };
        await trx
          .insertInto('endorsement')
          .values({
            ...e,
            policy_id: p.id,
            org_id: p.org_id,
            state: 'PENDING_APPROVAL',
            input: JSON.stringify(input),
            calculation: JSON.stringify(c.trial),
            requested_by: ctx.actor.userId,
            requested_at: now,
          })
          .execute();
        await writeAudit(trx, actor, { action: 'endorsement.request', objectType: 'endorsement', objectId: id, after: { endorsementNo: e.endorsement_no, policyNo: p.policy_no, item: e.item, effectiveDate: e.effective_date, amount: e.amount, direction: e.direction, needsApproval: c.trial.needsApproval, changes: c.trial.changes } }, now);
        if (!c.trial.needsApproval) await confirm(trx, actor, e, p, c, now);
        return id;
      });
      return detail(db, id);
    },

    /** 审批通过: applies the item (re-checked against the policy now); approver ≠ requester. */
    async approve(ctx: RequestContext, id: string, note: string | null): Promise<EndorsementDetail> {
      const scope = requirePermission(ctx.actor, P.endorsementApprove);
      const found = await endorsementInScope(db, ctx.actor, scope, id);
      const now = clock.now();
      const actor = auditActorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const { p, e } = await lockPending(trx, ctx, id, found.policy_id, true);
        const c = await compute(trx, p, e.input as EndorsementInput, await loadSetting(trx, 'servicing'), shanghaiDate(now), ctx.lang);
        if (c.trial.amount !== yuan(e.amount)) throw E.stale(yuan(e.amount), c.trial.amount);
        await trx.updateTable('endorsement').set({ decided_by: ctx.actor.userId, decided_at: now, decision_note: note?.trim() || null }).where('id', '=', id).execute();
        await writeAudit(trx, actor, { action: 'endorsement.approve', objectType: 'endorsement', objectId: id, before: { state: 'PENDING_APPROVAL' }, after: { state: 'APPLIED' }, details: { endorsementNo: e.endorsement_no, amount: yuan(e.amount), note } }, now);
        await confirm(trx, actor, e, p, c, now);
      });
      return detail(db, id);
    },

    /** 审批不通过 (a note is required); nothing changes on the policy. */
    async reject(ctx: RequestContext, id: string, note: string): Promise<EndorsementDetail> {
      const scope = requirePermission(ctx.actor, P.endorsementApprove);
      const found = await endorsementInScope(db, ctx.actor, scope, id);
      if (!note.trim()) throw E.required('note', '审批意见');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const { e } = await lockPending(trx, ctx, id, found.policy_id, true);
        await trx.updateTable('endorsement').set({ state: 'REJECTED', decided_by: ctx.actor.userId, decided_at: now, decision_note: note.trim() }).where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'endorsement.reject', objectType: 'endorsement', objectId: id, before: { state: 'PENDING_APPROVAL' }, after: { state: 'REJECTED' }, details: { endorsementNo: e.endorsement_no, note: note.trim() } }, now);
      });
      return detail(db, id);
    },

    /** The requester withdraws an item still waiting for approval. */
    async withdraw(ctx: RequestContext, id: string): Promise<EndorsementDetail> {
      const scope = requirePermission(ctx.actor, P.endorsementRequest);
      const found = await endorsementInScope(db, ctx.actor, scope, id);
      if (found.requested_by !== ctx.actor.userId) throw E.notRequester();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const { e } = await lockPending(trx, ctx, id, found.policy_id, false);
        await trx.updateTable('endorsement').set({ state: 'WITHDRAWN' }).where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'endorsement.withdraw', objectType: 'endorsement', objectId: id, before: { state: 'PENDING_APPROVAL' }, after: { state: 'WITHDRAWN' }, details: { endorsementNo: e.endorsement_no } }, now);
      });
      return detail(db, id);
    },

    /**
     * Records the refund paid out or the premium received for the item's billing item. The payment
     * that settles a reinstatement's back premium reinstates the policy in the same transaction.
     */
    async recordPayment(ctx: RequestContext, id: string, input: PaymentInput): Promise<EndorsementDetail> {
      const scope = requirePermission(ctx.actor, P.proposalCollect);
      const found = await endorsementInScope(db, ctx.actor, scope, id);
      const reference = input.reference?.trim() || null;
      if (input.method !== 'CASH' && !reference) throw E.referenceRequired();
      if (input.receivedOn > today()) throw E.receivedOnFuture();
      const now = clock.now();
      const actor = auditActorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const p = await findPolicy(trx, found.policy_id, { lock: true });
        const e = await lockEndorsement(trx, id);
        if (!e.billing_item_id) throw E.noMoney();
        // A reinstatement must still be possible before its money is taken.
        const awaiting = e.item === 'REINSTATEMENT' && e.applied_at === null;
        const c = awaiting ? await compute(trx, p, e.input as EndorsementInput, await loadSetting(trx, 'servicing'), shanghaiDate(now), ctx.lang) : null;
        const collection = await billing.record(trx, e.billing_item_id, { amount: input.amount, method: input.method, reference, receivedOn: input.receivedOn, recordedBy: ctx.actor.userId }, now);
        await writeAudit(trx, actor, { action: 'endorsement.payment', objectType: 'endorsement', objectId: id, details: { endorsementNo: e.endorsement_no, direction: e.direction, amount: yuan(input.amount), method: input.method, reference, receivedOn: input.receivedOn, outstanding: collection.outstanding } }, now);
        if (c && collection.status === 'SETTLED') await applyToPolicy(trx, actor, e, p, c, now);
      });
      return detail(db, id);
    },

    async get(ctx: RequestContext, id: string): Promise<EndorsementDetail> {
      await endorsementInScope(db, ctx.actor, readScope(ctx.actor), id);
      return detail(db, id);
    },

    /** One page, newest first; total exact up to a cap; keyset `nextCursor` for any depth. */
    async list(ctx: RequestContext, q: EndorsementListQueryT) {
      const scope = readScope(ctx.actor);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      const query = filtered(db, ctx.actor, scope, q);
      const pageQuery = cursor
        ? query.where(({ ref }) => afterCursor(ref('e.requested_at'), ref('e.id'), 'desc', cursor))
        : query.offset((page - 1) * pageSize);
      const [rows, count] = await Promise.all([
        pageQuery.orderBy('e.requested_at', 'desc').orderBy('e.id', 'desc').limit(pageSize + 1).execute(),
        db.selectFrom(query.clearSelect().select(sql<number>`1`.as('x')).limit(COUNT_CAP + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      const more = rows.length > pageSize;
      const items = rows.slice(0, pageSize);
      const last = items.at(-1);
      const n = Number(count.n);
      return {
        items: items.map(toSummary),
        total: Math.min(n, COUNT_CAP),
        totalCapped: n > COUNT_CAP,
        page,
        pageSize,
        nextCursor: more && last ? encodeCursor({ v: new Date(last.requested_at).toISOString(), id: last.id }) : null,
      };
    },

    /** Every matching item for the export (capped), audited. */
    async exportRows(ctx: RequestContext, q: EndorsementListQueryT): Promise<EndorsementSummary[]> {
      const scope = readScope(ctx.actor);
      const rows = await filtered(db, ctx.actor, scope, q).orderBy('e.requested_at', 'desc').orderBy('e.id', 'desc').limit(50_000).execute();
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'endorsement.export', objectType: 'endorsement', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(toSummary);
    },

    /** The policy's items, newest first (for the policy detail). */
    async ofPolicy(ex: Executor, policyId: string): Promise<EndorsementSummary[]> {
      return (await summaryQuery(ex).where('e.policy_id', '=', policyId).orderBy('e.requested_at', 'desc').orderBy('e.id', 'desc').execute()).map(toSummary);
    },
  };
  return service;
}

export type ServicingService = ReturnType<typeof createServicingService>;
