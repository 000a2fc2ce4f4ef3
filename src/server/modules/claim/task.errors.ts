// Error codes of the task area (docs/api-claim.md, task.*): 调度, 查勘/定损/人伤 tasks and documents.
import { CLAIM_STATES, TASK_KINDS, TASK_STATES, type ClaimState, type TaskKind, type TaskState } from '../../../contracts/claim';
import { AppError } from '../../platform/errors';
import { unprocessable } from './claim.errors';

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  'image/jpeg': { zh: 'JPEG 图片', en: 'JPEG' },
  'image/png': { zh: 'PNG 图片', en: 'PNG' },
  'application/pdf': { zh: 'PDF 文件', en: 'PDF' },
};
const typeList = (types: string[], lang: 'zh' | 'en') => types.map((t) => TYPE_NAMES[t]?.[lang] ?? t).join(lang === 'zh' ? '、' : ', ');

export const taskErrors = {
  notFound: () => new AppError('not_found', 'CLAIM_TASK_NOT_FOUND', { zh: '查勘定损任务不存在或无权访问', en: 'task not found' }),
  documentNotFound: () => new AppError('not_found', 'CLAIM_DOCUMENT_NOT_FOUND', { zh: '理赔资料不存在或无权访问', en: 'document not found' }),
  /** The claim's state does not allow tasks (or documents) now: 409 naming the state. */
  claimState: (state: ClaimState, action: string, what: { zh: string; en: string }) =>
    new AppError('conflict', 'CLAIM_ILLEGAL_TRANSITION', { zh: `赔案当前状态为「${CLAIM_STATES[state].zh}」，不能${what.zh}`, en: `the claim is ${CLAIM_STATES[state].en.toLowerCase()}; cannot ${what.en}` }, { state, action }),
  taskState: (state: TaskState, action: string, what: { zh: string; en: string }) =>
    new AppError('conflict', 'CLAIM_TASK_ILLEGAL_TRANSITION', { zh: `任务当前状态为「${TASK_STATES[state].zh}」，不能${what.zh}`, en: `the task is ${TASK_STATES[state].en.toLowerCase()}; cannot ${what.en}` }, { state, action }),
  taskOpen: (kind: TaskKind, taskId: string) =>
    new AppError('conflict', 'CLAIM_TASK_OPEN', { zh: `该赔案已有进行中的「${TASK_KINDS[kind].zh}」任务，请处理完毕或撤销后再调度`, en: `an open ${TASK_KINDS[kind].en.toLowerCase()} task exists on this claim` }, { field: 'kind', kind, taskId }),
  stale: (current: number) =>
    new AppError('conflict', 'CLAIM_STALE', { zh: '任务已被他人修改，请刷新后重试', en: 'the task changed meanwhile; reload and retry' }, { field: 'version', currentVersion: current }),
  assigneeInvalid: (why: { zh: string; en: string }) => unprocessable('CLAIM_ASSIGNEE_INVALID', 'assigneeId', '处理人', why.zh, why.en),
  noSurveyor: () => unprocessable('CLAIM_NO_SURVEYOR', 'assigneeId', '处理人', '本机构没有可调度的查勘定损人员，请指定处理人', 'no surveyor reaches this claim; name an assignee'),
  notAssignee: () => new AppError('forbidden', 'CLAIM_NOT_ASSIGNEE', { zh: '只有任务的处理人可以录入和提交查勘定损结果', en: 'only the assignee may work on this task' }),
  fourEyes: () => new AppError('forbidden', 'CLAIM_FOUR_EYES', { zh: '不能审核自己处理的查勘定损任务', en: 'the assignee cannot review their own task' }),
  findingsRequired: () => unprocessable('CLAIM_FINDINGS_REQUIRED', 'findings', '查勘定损意见', '提交前必须填写', 'required before submitting'),
  reasonRequired: (field: 'reason' | 'note') => unprocessable('CLAIM_REASON_REQUIRED', field, field === 'note' ? '审核意见' : '原因', '必须填写', 'is required'),
  coverageNotOnPolicy: (i: number, code: string) => unprocessable('CLAIM_COVERAGE_NOT_ON_POLICY', `items.${i}.coverageCode`, `第 ${i + 1} 项损失的险别`, `保单没有险别 ${code}`, `the policy has no coverage ${code}`),
  lossTypeNotCovered: (i: number, code: string, lossType: string) =>
    unprocessable('CLAIM_LOSS_TYPE_NOT_COVERED', `items.${i}.coverageCode`, `第 ${i + 1} 项损失的险别`, `险别 ${code} 不承担该损失类型`, `coverage ${code} does not answer for ${lossType}`, { lossType }),
  quantityInvalid: (i: number) => unprocessable('CLAIM_ITEM_INVALID', `items.${i}.quantity`, `第 ${i + 1} 项损失的数量`, '必须大于 0', 'must be greater than 0'),
  amountTooLarge: (field: string) => unprocessable('CLAIM_ITEM_INVALID', field, '损失金额', '超出允许范围', 'is too large'),
  taskNotOnClaim: () => unprocessable('CLAIM_TASK_NOT_ON_CLAIM', 'taskId', '所属任务', '不是本赔案的任务', 'is not a task of this claim'),
  documentTooLarge: (maxBytes: number) =>
    new AppError('too_large', 'DOCUMENT_TOO_LARGE', { zh: `文件：大小超过上限 ${mb(maxBytes)}`, en: `file: larger than ${mb(maxBytes)}` }, { field: 'file', maxBytes }),
  documentType: (declared: string | null, allowed: string[]) =>
    new AppError(
      'unsupported_media_type',
      'DOCUMENT_TYPE_NOT_ALLOWED',
      { zh: `文件：只能上传${typeList(allowed, 'zh')}，且文件内容须与声明的类型相符`, en: `file: only ${typeList(allowed, 'en')} whose content matches the declared type` },
      { field: 'file', declared, allowed },
    ),
};
