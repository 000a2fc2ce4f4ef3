// Error codes of the proposal API (docs/api-policy.md, Proposals). Messages name the field in Chinese.
import { PROPOSAL_STATES, type ProposalState } from '../../../contracts/policy';
import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import type { ProposalTransition } from './lifecycle.rules';
import { formFieldLabel } from './proposal.validation';

const unprocessable = (code: string, field: string, zh: string, en: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, { zh: `${formFieldLabel(field)}：${zh}`, en: `${field}: ${en}` }, { field, ...details });

export const proposalErrors = {
  notFound: () => new AppError('not_found', 'PROPOSAL_NOT_FOUND', { zh: '投保单不存在或无权访问', en: 'proposal not found' }),
  notQuotable: (field = 'productVersionId') =>
    unprocessable('PRODUCT_NOT_QUOTABLE', field, '该产品版本未审批或不在销售期内，不能投保', 'the product version is not approved or not on sale today'),
  versionFixed: () => unprocessable('PROPOSAL_VERSION_FIXED', 'productVersionId', '编号登记后不能更换产品版本，请撤回后重新登记', 'the product version is fixed at registration'),
  orgFixed: () => unprocessable('PROPOSAL_ORG_FIXED', 'orgId', '编号登记后不能更换出单机构', 'the org is fixed at registration'),
  channelNotAllowed: (names: string) => unprocessable('PRODUCT_CHANNEL_NOT_ALLOWED', 'channel', `本产品只通过以下渠道销售：${names}`, 'the product is not sold through this channel'),
  orgOutOfScope: () => unprocessable('PROPOSAL_ORG_OUT_OF_SCOPE', 'orgId', '不在您的数据范围内', 'outside your data scope'),
  partyNotFound: (field: string) => unprocessable('PROPOSAL_PARTY_NOT_FOUND', field, '客户不存在，请重新选择', 'no such customer'),
  bundleInvalid: (why: string) => unprocessable('PROPOSAL_BUNDLE_INVALID', 'bundleWith', why, 'cannot bundle with that proposal'),
  stale: (current: number) =>
    new AppError('conflict', 'PROPOSAL_STALE', { zh: '投保单已被他人修改，请刷新后重新录入', en: 'changed by someone else; reload and retry' }, { field: 'version', currentVersion: current }),
  notEditable: (state: ProposalState) =>
    new AppError('conflict', 'PROPOSAL_ILLEGAL_TRANSITION', { zh: `投保单当前状态为「${PROPOSAL_STATES[state].zh}」，只有草稿可以录入修改`, en: `the proposal is ${PROPOSAL_STATES[state].en.toLowerCase()}; only drafts can be edited` }, { state, action: 'update' }),
  /** A refused lifecycle transition (lifecycle.rules.ts) as 409 naming the current state. */
  transition: (t: Extract<ProposalTransition, { ok: false }>) =>
    new AppError('conflict', t.code, t.message, { state: t.from, action: t.action, ...(t.code === 'PROPOSAL_GUARD_FAILED' ? { guard: t.guard } : {}) }),
  reasonRequired: () => unprocessable('PROPOSAL_REASON_REQUIRED', 'reason', '必须填写', 'is required'),
  conditionsRequired: () => unprocessable('UW_CONDITIONS_REQUIRED', 'conditions', '条件承保须写明承保条件或加费金额', 'conditional acceptance needs conditions or an extra premium'),
  extraPremiumInvalid: () => unprocessable('UW_EXTRA_PREMIUM_INVALID', 'extraPremium', '必须是不小于 0 的金额，最多两位小数', 'must be an amount ≥ 0 with at most 2 decimals'),
  authorityExceeded: (line: string, limit: string | null, sumAssured: string | null) =>
    new AppError(
      'forbidden',
      'UW_AUTHORITY_EXCEEDED',
      limit === null
        ? { zh: '您没有该险种的核保权限，请提交有权限的核保人员处理', en: 'you have no underwriting authority for this line' }
        : { zh: `保险金额 ${sumAssured} 元超过您的核保权限（${limit} 元），请提交上级核保人员处理`, en: `the sum assured ${sumAssured} exceeds your authority of ${limit}` },
      { field: 'sumAssured', line, limit, sumAssured },
    ),
  referenceRequired: () => unprocessable('PAYMENT_REFERENCE_REQUIRED', 'reference', '非现金收费必须填写交易流水号', 'required unless paid in cash'),
  amountInvalid: () => unprocessable('PAYMENT_AMOUNT_INVALID', 'amount', '必须是大于 0 的金额，最多两位小数', 'must be an amount > 0 with at most 2 decimals'),
  receivedOnInvalid: (today: string) => unprocessable('PAYMENT_DATE_INVALID', 'receivedOn', `不能晚于今天（${today}）`, 'cannot be in the future'),
  receiptDateInvalid: (why: string) => unprocessable('PROPOSAL_RECEIPT_DATE_INVALID', 'receiptDate', why, 'invalid receipt date'),
  noReceivable: (state: ProposalState) =>
    new AppError('conflict', 'PROPOSAL_GUARD_FAILED', { zh: `投保单当前状态为「${PROPOSAL_STATES[state].zh}」，尚未生成应收保费`, en: 'no receivable has been raised' }, { state, guard: 'NO_RECEIVABLE' }),
  receivableRaised: (state: ProposalState) =>
    new AppError('conflict', 'PROPOSAL_GUARD_FAILED', { zh: '应收保费已生成，不能重复生成', en: 'the receivable has already been raised' }, { state, guard: 'RECEIVABLE_RAISED' }),
  startDatePassed: (startDate: string, today: string) =>
    new AppError(
      'conflict',
      'PROPOSAL_START_DATE_PASSED',
      { zh: `起保日期 ${startDate} 已早于今天（${today}），不能出单：只有草稿可以修改起保日期，请撤回本投保单（先办理退费）后重新投保`, en: `the start date ${startDate} has passed; withdraw and register a new proposal with a new start date` },
      { field: 'startDate', startDate, today },
    ),
  unprocessableField: unprocessable,
};

// The database's last word on 交强险: two policies of one vehicle never overlap, whatever raced.
registerConstraint('policy_ctpl_vehicle_overlap', 'conflict', 'PROPOSAL_DUPLICATE_POLICY', { zh: '车架号：该车辆已有保险期间重叠的交强险保单', en: 'vehicle: an overlapping CTPL policy is already in force' }, 'motor.vehicle.vin');
registerConstraint('proposal_no_key', 'conflict', 'PROPOSAL_NO_USED', { zh: '投保单号已被使用，请检查投保单号段配置', en: 'proposal number already used' }, 'orgId');
