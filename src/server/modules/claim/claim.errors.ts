// Error codes shared by the claim services (docs/api-claim.md). Messages name the field in Chinese.
// Each area adds its own codes in its own *.errors.ts; these are the ones every area needs.
import { AppError } from '../../platform/errors';
import type { ClaimTransition } from './lifecycle.rules';

export const unprocessable = (code: string, field: string, label: string, zh: string, en: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, { zh: `${label}：${zh}`, en: `${field}: ${en}` }, { field, ...details });

export const claimErrors = {
  notFound: () => new AppError('not_found', 'CLAIM_NOT_FOUND', { zh: '赔案不存在或无权访问', en: 'claim not found' }),
  stale: (current: number) =>
    new AppError('conflict', 'CLAIM_STALE', { zh: '赔案已被他人修改，请刷新后重试', en: 'changed by someone else; reload and retry' }, { field: 'version', currentVersion: current }),
  /** A refused transition or activity as 409 naming the current state. */
  transition: (t: Extract<ClaimTransition, { ok: false }>) =>
    new AppError('conflict', t.code, t.message, { state: t.from, action: t.action, ...(t.code === 'CLAIM_GUARD_FAILED' ? { guard: t.guard } : {}) }),
};
