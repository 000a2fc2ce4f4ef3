// Error codes of 保全, renewal and the claim history (docs/api-policy.md). Messages name the field in Chinese.
import { ENDORSEMENT_STATES, POLICY_STATES, type EndorsementState, type PolicyState } from '../../../contracts/policy';
import { AppError, type Message } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import type { PolicyTransition } from './lifecycle.rules';
import type { ServicingFailure } from './servicing.rules';

const unprocessable = (code: string, field: string, text: Message, details: Record<string, unknown> = {}) => new AppError('unprocessable', code, text, { field, ...details });

export const servicingErrors = {
  policyNotFound: () => new AppError('not_found', 'POLICY_NOT_FOUND', { zh: '保单不存在或无权访问', en: 'policy not found' }),
  notFound: () => new AppError('not_found', 'ENDORSEMENT_NOT_FOUND', { zh: '保全记录不存在或无权访问', en: 'servicing item not found' }),
  /** An illegal or guarded policy transition from lifecycle.rules, naming the current state. */
  transition: (t: Extract<PolicyTransition, { ok: false }>) =>
    new AppError('conflict', t.code, t.message, { state: t.from, stateLabel: POLICY_STATES[t.from].zh, action: t.action, ...('guard' in t ? { guard: t.guard } : {}) }),
  /** A refusal of the 保全 money rules (servicing.rules) — `field` mapped to the request's. */
  rule: (f: ServicingFailure, field: string) => unprocessable(f.code, field, f.message),
  /** A problem of the new-business checks (beneficiaries), with its own code and field. */
  problem: (p: { code: string; field: string; message: Message }) => unprocessable(p.code, p.field, p.message),
  required: (field: string, label: string) => unprocessable('ENDORSEMENT_FIELD_REQUIRED', field, { zh: `${label}：必须填写`, en: `${field}: required` }),
  notApplicable: (item: string, why: Message) => unprocessable('ENDORSEMENT_ITEM_NOT_APPLICABLE', 'item', why, { item }),
  effectiveDate: (why: Message) => unprocessable('ENDORSEMENT_EFFECTIVE_DATE_INVALID', 'effectiveDate', { zh: `生效日期：${why.zh}`, en: `effectiveDate: ${why.en}` }),
  mobile: () => unprocessable('ENDORSEMENT_MOBILE_INVALID', 'contact.mobile', { zh: '手机号：应为 11 位手机号码', en: 'mobile: must be an 11-digit mobile number' }),
  email: () => unprocessable('ENDORSEMENT_EMAIL_INVALID', 'contact.email', { zh: '电子邮箱：格式不正确', en: 'email: invalid address' }),
  contactParty: () => unprocessable('ENDORSEMENT_CONTACT_PARTY', 'contact.partyId', { zh: '客户：只能变更本保单投保人或被保险人的联系方式', en: 'partyId: must be the policyholder or the insured' }),
  contactEmpty: () => unprocessable('ENDORSEMENT_FIELD_REQUIRED', 'contact', { zh: '联系方式：请至少填写手机号、电子邮箱或地址之一', en: 'contact: give a mobile, an e-mail or an address' }),
  partyNotFound: (field: string) => unprocessable('ENDORSEMENT_PARTY_NOT_FOUND', field, { zh: '客户：不存在', en: `${field}: no such customer` }),
  noChange: (field: string, zh: string) => unprocessable('ENDORSEMENT_NO_CHANGE', field, { zh, en: `${field}: nothing changes` }),
  relation: (zh: string) => unprocessable('ENDORSEMENT_RELATION_INVALID', 'policyholder.relation', { zh: `与被保险人关系：${zh}`, en: 'relation: does not fit the parties' }),
  noPricingBasis: () => unprocessable('ENDORSEMENT_NO_PRICING_BASIS', 'item', { zh: '本产品不是按生命表定价的寿险产品，无法计算现金价值', en: 'the product has no life pricing basis for a cash value' }),
  stale: (expected: string, actual: string) =>
    new AppError('conflict', 'ENDORSEMENT_TRIAL_STALE', { zh: `试算金额已变化（试算 ${expected} 元，现为 ${actual} 元），请重新试算后确认`, en: `the amount changed from ${expected} to ${actual}; run the trial again` }, { field: 'expectedAmount', expected, actual }),
  pendingExists: () => new AppError('conflict', 'ENDORSEMENT_PENDING_EXISTS', { zh: '该保单已有一笔保全在处理中（待审批或待缴费），请先处理完毕', en: 'another servicing item of this policy is still open' }),
  notPending: (state: EndorsementState) =>
    new AppError('conflict', 'ENDORSEMENT_NOT_PENDING', { zh: `保全当前状态为「${ENDORSEMENT_STATES[state].zh}」，不能再审批或撤销`, en: `the item is ${ENDORSEMENT_STATES[state].en.toLowerCase()}` }, { state }),
  selfApproval: () => new AppError('forbidden', 'ENDORSEMENT_SELF_APPROVAL', { zh: '不能审批自己申请的保全（须由他人审批）', en: 'you cannot decide on an item you requested' }),
  notRequester: () => new AppError('forbidden', 'ENDORSEMENT_NOT_REQUESTER', { zh: '只有申请人可以撤销该保全申请', en: 'only the requester may withdraw the item' }),
  noMoney: () => new AppError('conflict', 'ENDORSEMENT_NO_BILLING', { zh: '该保全没有待收付的款项', en: 'the item moves no money' }),
  referenceRequired: () => unprocessable('BILLING_REFERENCE_REQUIRED', 'reference', { zh: '交易流水号：非现金收付必须填写', en: 'reference: required unless cash' }),
  receivedOnFuture: () => unprocessable('BILLING_DATE_INVALID', 'receivedOn', { zh: '收付日期：不能晚于今天', en: 'receivedOn: cannot be in the future' }),
  claimDate: (zh: string) => unprocessable('CLAIM_RECORD_DATE_INVALID', 'lossDate', { zh: `出险日期：${zh}`, en: 'lossDate: outside the policy period or in the future' }),
  amount: (field: string) => unprocessable('AMOUNT_INVALID', field, { zh: '金额：须为不小于 0 的金额，最多两位小数', en: `${field}: an amount ≥ 0 with at most 2 decimals` }),
  stateLabel: (s: PolicyState) => POLICY_STATES[s].zh,
};

// The service checks first under the policy's row lock; the index is the backstop.
registerConstraint('endorsement_one_pending', 'conflict', 'ENDORSEMENT_PENDING_EXISTS', { zh: '该保单已有一笔保全在处理中（待审批或待缴费），请先处理完毕', en: 'another servicing item of this policy is still open' });
registerConstraint('endorsement_maker_checker', 'forbidden', 'ENDORSEMENT_SELF_APPROVAL', { zh: '不能审批自己申请的保全（须由他人审批）', en: 'you cannot decide on an item you requested' });
