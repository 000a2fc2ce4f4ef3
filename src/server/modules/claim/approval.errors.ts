// Error codes of 理算 and 核赔 (docs/api-claim.md, area approval.*). Messages name the field in Chinese.
import { CLAIM_STATES, LOSS_TYPES, type ClaimState, type LossType } from '../../../contracts/claim';
import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import { unprocessable } from './claim.errors';

export const approvalErrors = {
  /** Calculation sheets are made only while 已立案 (lifecycle.rules.ts CLAIM_ACTIVITIES). */
  notCalculable: (state: ClaimState) =>
    new AppError(
      'conflict',
      'CLAIM_ILLEGAL_TRANSITION',
      { zh: `赔案当前状态为「${CLAIM_STATES[state].zh}」，只有已立案的赔案可以理算`, en: `the claim is ${CLAIM_STATES[state].en.toLowerCase()}; only registered claims can be adjusted` },
      { state, action: 'calculate' },
    ),
  coverageNotOnPolicy: (code: string) => unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', 'coverageCode', '险别', `保单没有「${code}」这一保险责任`, 'the policy has no such coverage'),
  lossTypeNotCovered: (code: string, lossType: LossType) =>
    unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', 'lossType', '损失类型', `「${code}」不承担${LOSS_TYPES[lossType].zh}损失`, 'the coverage does not answer for this loss type'),
  limitUnknown: () => unprocessable('CLAIM_LIMIT_UNKNOWN', 'limit', '赔偿限额', '保单未载明该责任的限额或保险金额，请录入', 'the policy states no limit for this coverage; enter one'),
  fourEyes: () =>
    new AppError('forbidden', 'CLAIM_FOUR_EYES', { zh: '您是本赔案的经办人，不能对其核赔或拒赔，请由其他核赔人员处理', en: 'you handle this claim; another approver must decide it' }),
  authorityExceeded: (d: { authority: string | null; amount: string; line: string; escalateTo: { orgId: string; orgName: string } | null }) =>
    new AppError(
      'forbidden',
      'CLAIM_AUTHORITY_EXCEEDED',
      {
        zh:
          (d.authority === null ? `您没有该险种的核赔权限（核赔金额 ${d.amount} 元）` : `核赔金额 ${d.amount} 元超过您的核赔权限（${d.authority} 元）`) +
          (d.escalateTo ? `，请上报「${d.escalateTo.orgName}」核赔` : '，已是最高一级机构，请由有权限的核赔人员处理'),
        en: d.authority === null ? `you have no approval authority for this line (amount ${d.amount})` : `the amount ${d.amount} exceeds your authority of ${d.authority}`,
      },
      { field: 'amount', ...d },
    ),
  declineCodeUnknown: () => unprocessable('CLAIM_DECLINE_CODE_UNKNOWN', 'declineCode', '拒赔原因', '不在拒赔原因列表中', 'not one of the configured decline reasons'),
  declineLetterNotFound: () => new AppError('not_found', 'CLAIM_DECLINE_LETTER_NOT_FOUND', { zh: '该赔案没有拒赔通知书', en: 'this claim has no decline letter' }),
  authoritySubject: () => unprocessable('CLAIM_AUTHORITY_SUBJECT', 'userId', '授权对象', '须指定一个用户或一个角色（二者选一）', 'give exactly one of userId and roleId'),
  userUnknown: (field: string) => unprocessable('CLAIM_USER_UNKNOWN', field, '用户', '不存在或不在您的数据范围内', 'no such user in your scope'),
  roleUnknown: () => unprocessable('CLAIM_ROLE_UNKNOWN', 'roleId', '角色', '不存在', 'no such role'),
  authorityNotFound: () => new AppError('not_found', 'CLAIM_AUTHORITY_NOT_FOUND', { zh: '核赔权限不存在', en: 'authority not found' }),
  settingInvalid: (field: string, label: string, zh: string, en: string) => unprocessable('CLAIM_SETTING_INVALID', field, label, zh, en),
};

// Two administrators setting the same user's or role's authority for a line at once: one wins.
const authorityExists = { zh: '该对象在此险种已有核赔权限，请刷新后修改', en: 'an authority for this subject and line exists; reload' };
registerConstraint('claim_authority_user_line', 'conflict', 'CLAIM_AUTHORITY_EXISTS', authorityExists, 'userId');
registerConstraint('claim_authority_role_line', 'conflict', 'CLAIM_AUTHORITY_EXISTS', authorityExists, 'roleId');
