// Error codes of 报案, worklists, 立案 and reserves (docs/api-claim.md, area report.*).
import { CLAIM_STATES, type ClaimState } from '../../../contracts/claim';
import { AppError } from '../../platform/errors';
import { unprocessable } from './claim.errors';

export const reportErrors = {
  policyNotFound: () => unprocessable('CLAIM_POLICY_NOT_FOUND', 'policyId', '保单', '不存在或不在您的数据范围内', 'no such policy in your scope'),
  lossOutsidePeriod: (why: string, details: Record<string, unknown>) => unprocessable('CLAIM_LOSS_OUTSIDE_PERIOD', 'lossAt', '出险时间', why, 'the policy was not in force on the loss date', details),
  lossInFuture: () => unprocessable('CLAIM_LOSS_IN_FUTURE', 'lossAt', '出险时间', '不能晚于当前时间', 'cannot be in the future'),
  lossAtInvalid: () => unprocessable('CLAIM_LOSS_AT_INVALID', 'lossAt', '出险时间', '格式不正确', 'not a valid date-time'),
  phoneInvalid: (field = 'reporterPhone', label = '报案人电话') => unprocessable('CLAIM_PHONE_INVALID', field, label, '须为 11 位手机号码', 'must be a mainland mobile number'),
  textRequired: (field: string, label: string) => unprocessable('CLAIM_FIELD_REQUIRED', field, label, '必须填写', 'is required'),
  liabilityShareInvalid: () => unprocessable('CLAIM_LIABILITY_SHARE_INVALID', 'liabilityShare', '责任比例', '须为 0–100 之间的数，最多两位小数', 'must be 0–100 with at most 2 decimals'),
  noHandler: () => unprocessable('CLAIM_NO_HANDLER', 'policyId', '经办人', '该保单所属机构没有可分配的理赔经办人员', 'no claim handler in the policy\'s org'),
  coverageNotOnPolicy: (field: string, code: string) =>
    unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', field, '险别', `保单没有可赔付该损失的险别「${code}」`, 'the policy has no such coverage for this loss type', { coverageCode: code }),
  lossTypeNotCovered: (field: string, coverage: string, lossType: string) =>
    unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', field, '损失类型', `险别「${coverage}」不承担「${lossType}」损失`, 'the coverage does not answer for this loss type', { coverageCode: coverage, lossType }),
  reserveInvalid: (field: string) => unprocessable('CLAIM_RESERVE_INVALID', field, '估损金额', '须为不小于 0 的金额，最多两位小数', 'must be an amount ≥ 0 with at most 2 decimals'),
  reserveDuplicate: (field: string) => unprocessable('CLAIM_RESERVE_DUPLICATE', field, '估损', '同一险别和损失类型只能录入一次', 'one line per coverage and loss type'),
  reasonRequired: (field = 'reason') => unprocessable('CLAIM_REASON_REQUIRED', field, '原因', '必须填写', 'is required'),
  duplicateOfInvalid: (why: string) => unprocessable('CLAIM_DUPLICATE_OF_INVALID', 'duplicateOf', '重复的赔案', why, 'cannot link to that claim'),
  notDuplicateSuspect: (state: string) =>
    new AppError('conflict', 'CLAIM_NOT_SUSPECTED_DUPLICATE', { zh: '该赔案未被标记为疑似重复报案', en: 'the claim is not flagged as a possible duplicate' }, { duplicateState: state }),
  /** A change the state does not allow (PATCH after approval, reserves outside their states), as 409 naming the state. */
  notInState: (state: ClaimState, what: { zh: string; en: string }, action: string) =>
    new AppError(
      'conflict',
      'CLAIM_ILLEGAL_TRANSITION',
      { zh: `赔案当前状态为「${CLAIM_STATES[state].zh}」，不能${what.zh}`, en: `the claim is ${CLAIM_STATES[state].en.toLowerCase()}; cannot ${what.en}` },
      { state, action },
    ),
};
