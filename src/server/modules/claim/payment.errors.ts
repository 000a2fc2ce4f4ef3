// Error codes of 支付, 结案/注销/重开 and the review queue (docs/api-claim.md, area payment.*).
import { PAYMENT_STATES, type PaymentState } from '../../../contracts/claim';
import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import { unprocessable } from './claim.errors';

export const paymentErrors = {
  notFound: () => new AppError('not_found', 'CLAIM_PAYMENT_NOT_FOUND', { zh: '赔款支付记录不存在或无权访问', en: 'claim payment not found' }),
  notPending: (state: PaymentState) =>
    new AppError('conflict', 'CLAIM_PAYMENT_NOT_PENDING', { zh: `该笔赔款${PAYMENT_STATES[state].zh}，只有待支付的赔款可以确认支付或取消`, en: `the payment is ${PAYMENT_STATES[state].en.toLowerCase()}; only pending payments can be paid or cancelled` }, { state }),
  amount: () => unprocessable('CLAIM_PAYMENT_AMOUNT_INVALID', 'amount', '支付金额', '须大于 0，最多两位小数', 'must be more than 0 with at most 2 decimals'),
  exceedsApproved: (available: string) =>
    unprocessable('CLAIM_PAYMENT_EXCEEDS_APPROVED', 'amount', '支付金额', `超过核赔金额尚未支付的部分（最多还可支付 ${available} 元）`, `more than the approved amount still unpaid (${available})`, { available }),
  advanceExceedsReserve: (available: string) =>
    unprocessable('CLAIM_ADVANCE_EXCEEDS_RESERVE', 'amount', '预付金额', `超过未决估损金额（最多可预付 ${available} 元）`, `more than the outstanding reserve (${available})`, { available }),
  account: () => unprocessable('CLAIM_ACCOUNT_INVALID', 'accountNo', '银行账号', '应为 12–30 位数字（16–19 位银行卡号须通过校验位检查）', 'must be 12–30 digits (16–19-digit card numbers must pass the Luhn check)'),
  payeeName: () => unprocessable('CLAIM_PAYEE_REQUIRED', 'payeeName', '领款人', '必须填写', 'required'),
  payeeParty: () => unprocessable('CLAIM_PAYEE_NOT_FOUND', 'payeePartyId', '领款人客户', '不存在', 'no such customer'),
  lineIncomplete: (field: string, label: string) => unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', field, label, '险别与损失类型须同时填写', 'give both the coverage and the loss type'),
  paidOn: () => unprocessable('CLAIM_PAID_ON_INVALID', 'paidOn', '支付日期', '不能晚于今天', 'cannot be in the future'),
  reviewNotFound: () => new AppError('not_found', 'CLAIM_REVIEW_NOT_FOUND', { zh: '质检记录不存在或无权访问', en: 'review not found' }),
  reviewDone: () => new AppError('conflict', 'CLAIM_REVIEW_DONE', { zh: '该赔案的质检已完成', en: 'the review is already completed' }),
  fourEyes: () => new AppError('forbidden', 'CLAIM_FOUR_EYES', { zh: '不能质检自己经办的赔案（须由他人质检）', en: 'you cannot review a claim you handled' }),
};

// Keys are per user (idempotency_key); two users sending the same key for one claim meet here.
registerConstraint('claim_payment_idempotency_key', 'conflict', 'CLAIM_PAYMENT_DUPLICATE_KEY', { zh: '请求头 Idempotency-Key：该幂等键已用于本赔案的另一笔支付', en: 'Idempotency-Key: already used for another payment of this claim' }, 'Idempotency-Key');
