// Errors of the product catalogue. Definition problems name the field by its path in the request
// body ('definition.coverages.1.limit') so the version editor can put the message under it.
import { AppError, type Message } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';

const invalid = (code: string, field: string, label: string, labelEn: string, problem: Message, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, { zh: `${label}：${problem.zh}`, en: `${labelEn}: ${problem.en}` }, { field, ...details });

export interface VersionRef {
  versionNo: number;
  status: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

const statusZh: Record<string, string> = { DRAFT: '草稿', APPROVED: '已审批', RETIRED: '已停售' };
const period = (v: { effectiveFrom: string; effectiveTo: string | null }) => `${v.effectiveFrom} 至 ${v.effectiveTo ?? '长期'}`;
const periodEn = (v: { effectiveFrom: string; effectiveTo: string | null }) => `${v.effectiveFrom} to ${v.effectiveTo ?? 'open end'}`;

export const catalogueErrors = {
  /** A definition field is wrong: `field` is its body path, `label` names it for people. */
  definition: (field: string, label: Message, problem: Message, code = 'PRODUCT_DEFINITION_INVALID', details: Record<string, unknown> = {}) =>
    invalid(code, field, label.zh, label.en, problem, details),

  productNotFound: () => new AppError('not_found', 'PRODUCT_NOT_FOUND', { zh: '产品不存在', en: 'product not found' }),
  versionNotFound: () => new AppError('not_found', 'PRODUCT_VERSION_NOT_FOUND', { zh: '产品版本不存在', en: 'product version not found' }),

  notDraft: (v: VersionRef) =>
    new AppError(
      'conflict',
      'PRODUCT_VERSION_NOT_DRAFT',
      { zh: `版本 V${v.versionNo} 状态为${statusZh[v.status] ?? v.status}，只有草稿可以修改或审批；请新建版本`, en: `version V${v.versionNo} is ${v.status}: only drafts can be edited or approved; create a new version` },
      { status: v.status, versionNo: v.versionNo },
    ),
  stale: (v: VersionRef) =>
    new AppError(
      'conflict',
      'PRODUCT_VERSION_STALE',
      { zh: `版本 V${v.versionNo} 已被他人修改，请重新加载后再保存`, en: `version V${v.versionNo} was changed by someone else; reload and save again` },
      { versionNo: v.versionNo },
    ),
  notApproved: (v: VersionRef) =>
    new AppError(
      'conflict',
      'PRODUCT_VERSION_NOT_APPROVED',
      { zh: `版本 V${v.versionNo} 状态为${statusZh[v.status] ?? v.status}，只有已审批的版本可以停售`, en: `version V${v.versionNo} is ${v.status}: only approved versions can be retired` },
      { status: v.status, versionNo: v.versionNo },
    ),
  draftExists: (versionNo: number) =>
    new AppError(
      'conflict',
      'PRODUCT_DRAFT_EXISTS',
      { zh: `该产品已有草稿版本 V${versionNo}，请先完成或审批该草稿`, en: `the product already has a draft (V${versionNo}); finish it first` },
      { versionNo },
    ),
  selfApproval: () =>
    new AppError(
      'forbidden',
      'PRODUCT_VERSION_SELF_APPROVAL',
      { zh: '不能审批自己创建或修改的产品版本（经办与审批须由不同人员完成）', en: 'you cannot approve a version you created or edited (maker-checker)' },
    ),
  periodOverlap: (other: VersionRef) =>
    new AppError(
      'conflict',
      'PRODUCT_VERSION_PERIOD_OVERLAP',
      {
        zh: `有效期与已审批的版本 V${other.versionNo}（${period(other)}）重叠；同一产品已审批版本的有效期不能重叠`,
        en: `the effective period overlaps approved version V${other.versionNo} (${periodEn(other)})`,
      },
      { field: 'effectiveFrom', conflictingVersionNo: other.versionNo, conflictingPeriod: { effectiveFrom: other.effectiveFrom, effectiveTo: other.effectiveTo } },
    ),
  periodEnded: (effectiveTo: string, today: string) =>
    new AppError(
      'unprocessable',
      'PRODUCT_VERSION_PERIOD_ENDED',
      { zh: `失效日期：${effectiveTo} 已早于今天（${today}），审批后也无法销售`, en: `effectiveTo: ${effectiveTo} is before today (${today})` },
      { field: 'effectiveTo', today },
    ),
  filingNoRequired: () =>
    new AppError('unprocessable', 'PRODUCT_FILING_NO_REQUIRED', { zh: '备案编号：审批前必须填写监管备案编号', en: 'filingNo: a regulatory filing number is required before approval' }, { field: 'definition.filingNo' }),
  periodInvalid: () =>
    new AppError('unprocessable', 'PRODUCT_PERIOD_INVALID', { zh: '失效日期：不能早于生效日期', en: 'effectiveTo: must not be before effectiveFrom' }, { field: 'effectiveTo' }),
  dateInvalid: (field: 'effectiveFrom' | 'effectiveTo') =>
    new AppError('unprocessable', 'PRODUCT_DATE_INVALID', { zh: `${field === 'effectiveFrom' ? '生效日期' : '失效日期'}：不是有效日期（格式 YYYY-MM-DD）`, en: `${field}: not a valid date (YYYY-MM-DD)` }, { field }),

  /** Quoting a version that is not approved, or outside its effective period on `today`. */
  notQuotable: (v: VersionRef, today: string) => {
    const reason = v.status !== 'APPROVED' ? 'STATUS' : today < v.effectiveFrom ? 'NOT_YET_EFFECTIVE' : 'EXPIRED';
    const zh =
      reason === 'STATUS'
        ? `版本 V${v.versionNo} 状态为${statusZh[v.status] ?? v.status}，只有已审批且在有效期内的版本可以试算`
        : reason === 'NOT_YET_EFFECTIVE'
          ? `版本 V${v.versionNo} 自 ${v.effectiveFrom} 起生效，今天（${today}）尚不能试算`
          : `版本 V${v.versionNo} 已于 ${v.effectiveTo} 失效，今天（${today}）不能试算`;
    const en =
      reason === 'STATUS'
        ? `version V${v.versionNo} is ${v.status}: only approved versions in their effective period can be quoted`
        : reason === 'NOT_YET_EFFECTIVE'
          ? `version V${v.versionNo} takes effect on ${v.effectiveFrom}; it cannot be quoted today (${today})`
          : `version V${v.versionNo} ended on ${v.effectiveTo}; it cannot be quoted today (${today})`;
    return new AppError('conflict', 'PRODUCT_VERSION_NOT_QUOTABLE', { zh, en }, { reason, status: v.status, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo, today });
  },
  quoteInputRequired: (key: string, methodZh: string, methodEn: string) =>
    new AppError('unprocessable', 'PRODUCT_QUOTE_INPUT_REQUIRED', { zh: `${key}：按${methodZh}试算必须填写此部分`, en: `${key}: required to quote by ${methodEn}` }, { field: key }),
  quoteInputNotApplicable: (key: string) =>
    new AppError('unprocessable', 'PRODUCT_QUOTE_INPUT_NOT_APPLICABLE', { zh: `${key}：与该产品的费率方法不符`, en: `${key}: does not apply to this product's rating method` }, { field: key }),
  /** A quote input outside what the version offers (age, sum assured, term, channel …). */
  notOffered: (code: string, field: string, label: Message, problem: Message, details: Record<string, unknown> = {}) => invalid(code, field, label.zh, label.en, problem, details),
};

registerConstraint('product_code_key', 'conflict', 'PRODUCT_CODE_TAKEN', { zh: '产品代码已被使用', en: 'product code already in use' }, 'code');
registerConstraint('product_code_check', 'unprocessable', 'PRODUCT_CODE_INVALID', { zh: '产品代码：只能包含大写字母、数字、下划线和连字符，最长 32 位', en: 'code: capital letters, digits, _ and - only, at most 32' }, 'code');
registerConstraint('product_version_one_draft', 'conflict', 'PRODUCT_DRAFT_EXISTS', { zh: '该产品已有草稿版本，请先完成或审批该草稿', en: 'the product already has a draft' });
registerConstraint('product_version_no_key', 'conflict', 'CONCURRENT_UPDATE', { zh: '数据正被他人修改，请重试', en: 'concurrent update, please retry' });
registerConstraint('product_version_maker_checker', 'forbidden', 'PRODUCT_VERSION_SELF_APPROVAL', { zh: '不能审批自己创建或修改的产品版本（经办与审批须由不同人员完成）', en: 'you cannot approve a version you created or edited (maker-checker)' });
registerConstraint('product_version_period_overlap', 'conflict', 'PRODUCT_VERSION_PERIOD_OVERLAP', { zh: '有效期与同一产品的其他已审批版本重叠', en: 'the effective period overlaps another approved version' }, 'effectiveFrom');
registerConstraint('product_version_period_check', 'unprocessable', 'PRODUCT_PERIOD_INVALID', { zh: '失效日期：不能早于生效日期', en: 'effectiveTo: must not be before effectiveFrom' }, 'effectiveTo');
registerConstraint('product_version_immutable', 'conflict', 'PRODUCT_VERSION_IMMUTABLE', { zh: '已审批或已停售的产品版本不能修改；请新建版本', en: 'approved and retired versions cannot be changed; create a new version' });
