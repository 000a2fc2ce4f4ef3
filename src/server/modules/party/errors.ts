// Error codes of the party module (docs/api-party.md). Messages name the field in Chinese.
import { AppError, fieldLabel } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import type { IdReason } from './rules';

const REASON_TEXT: Record<IdReason, { zh: string; en: string }> = {
  LENGTH: { zh: '位数不正确', en: 'wrong length' },
  FORMAT: { zh: '含有不允许的字符或格式不符', en: 'invalid characters or format' },
  CHECKSUM: { zh: '校验位不正确', en: 'wrong check character' },
  DATE: { zh: '出生日期不存在或晚于今天', en: 'impossible or future birth date' },
  REGION: { zh: '地区代码不正确', en: 'unknown region code' },
};

const label = (field: string) => ({ zh: fieldLabel(field.split('.').pop()!, 'zh'), en: fieldLabel(field.split('.').pop()!, 'en') });
const unprocessable = (code: string, field: string, problem: { zh: string; en: string }, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, { zh: `${label(field).zh}：${problem.zh}`, en: `${label(field).en}: ${problem.en}` }, { field, ...details });

export interface ExistingParty {
  id?: string;
  partyNo: string;
  name?: string;
  orgName?: string;
}

export const partyErrors = {
  notFound: (field?: string) =>
    new AppError('not_found', 'PARTY_NOT_FOUND', { zh: '客户不存在或无权访问', en: 'customer not found' }, field ? { field } : undefined),
  idInvalid: (reason: IdReason, field = 'idNumber') => unprocessable('PARTY_ID_INVALID', field, REASON_TEXT[reason], { reason }),
  usccInvalid: (reason: IdReason, field = 'uscc') => unprocessable('PARTY_USCC_INVALID', field, REASON_TEXT[reason], { reason }),
  sexMismatch: (derived: string) =>
    unprocessable('PARTY_SEX_MISMATCH', 'sex', { zh: `与证件号码不符（证件号码显示为${derived === 'M' ? '男' : '女'}）`, en: `does not match the ID number (${derived})` }, { derived }),
  birthDateMismatch: (derived: string) =>
    unprocessable('PARTY_BIRTH_DATE_MISMATCH', 'birthDate', { zh: `与证件号码不符（证件号码显示为 ${derived}）`, en: `does not match the ID number (${derived})` }, { derived }),
  nameRequired: () => unprocessable('PARTY_NAME_REQUIRED', 'name', { zh: '不能为空', en: 'is required' }),
  sexRequired: () => unprocessable('PARTY_SEX_REQUIRED', 'sex', { zh: '该证件类型须填写性别', en: 'required for this ID type' }),
  birthDateRequired: () => unprocessable('PARTY_BIRTH_DATE_REQUIRED', 'birthDate', { zh: '该证件类型须填写出生日期', en: 'required for this ID type' }),
  birthDateInvalid: () => unprocessable('PARTY_BIRTH_DATE_INVALID', 'birthDate', { zh: '日期不存在或晚于今天', en: 'impossible or in the future' }),
  mobileInvalid: (field = 'mobile') => unprocessable('PARTY_MOBILE_INVALID', field, { zh: '应为 11 位手机号码', en: 'must be an 11-digit mobile number' }),
  phoneInvalid: (field = 'contactPhone') => unprocessable('PARTY_PHONE_INVALID', field, { zh: '应为手机号码或带区号的固定电话', en: 'must be a mobile or landline number' }),
  emailInvalid: (field = 'email') => unprocessable('PARTY_EMAIL_INVALID', field, { zh: '格式不正确', en: 'invalid address' }),
  bankAccountInvalid: (field: string) =>
    unprocessable('PARTY_BANK_ACCOUNT_INVALID', field, { zh: '应为 6–32 位数字，银行卡号须通过校验', en: 'must be 6–32 digits; card numbers must pass the Luhn check' }),
  duplicate: (existing: ExistingParty) =>
    new AppError(
      'conflict',
      'PARTY_DUPLICATE',
      existing.name
        ? { zh: `该证件已登记为客户 ${existing.partyNo}（${existing.name}，${existing.orgName}）`, en: `this ID is already registered as ${existing.partyNo} (${existing.name})` }
        : { zh: `该证件已登记为客户 ${existing.partyNo}（不在您的数据范围内）`, en: `this ID is already registered as ${existing.partyNo} (outside your scope)` },
      { field: 'idNumber', existing },
    ),
  stale: (current: number) =>
    new AppError('conflict', 'PARTY_STALE', { zh: '客户信息已被他人修改，请刷新后重试', en: 'changed by someone else; reload and retry' }, { field: 'version', currentVersion: current }),
  kindMismatch: (expected: 'PERSON' | 'ORGANIZATION') =>
    new AppError('not_found', 'PARTY_NOT_FOUND', { zh: expected === 'PERSON' ? '个人客户不存在或无权访问' : '单位客户不存在或无权访问', en: 'customer not found' }),
  revealFieldInvalid: (field: string) =>
    new AppError('unprocessable', 'PARTY_REVEAL_FIELD', { zh: `该客户没有可查看的${fieldLabel(field, 'zh')}`, en: `no ${field} to reveal for this customer` }, { field }),
  relationshipSelf: () => unprocessable('PARTY_RELATIONSHIP_SELF', 'toPartyId', { zh: '不能与自己建立关系', en: 'cannot relate a party to itself' }),
  relationshipKind: (type: string) =>
    unprocessable('PARTY_RELATIONSHIP_KIND', 'type', { zh: '该关系类型不适用于这两类客户（如单位不能作为配偶）', en: `${type} does not apply to these kinds of party` }),
  relationshipDates: () => unprocessable('PARTY_RELATIONSHIP_DATES', 'endDate', { zh: '不能早于开始日期', en: 'must not be before the start date' }),
  relationshipExists: () =>
    new AppError('conflict', 'PARTY_RELATIONSHIP_EXISTS', { zh: '这两个客户之间已有同类的有效关系', en: 'an open relationship of this type already exists' }, { field: 'type' }),
  relationshipEnded: () =>
    new AppError('conflict', 'PARTY_RELATIONSHIP_ENDED', { zh: '该关系已终止', en: 'relationship already ended' }, { field: 'endDate' }),
  relationshipNotFound: () => new AppError('not_found', 'PARTY_RELATIONSHIP_NOT_FOUND', { zh: '客户关系不存在或无权访问', en: 'relationship not found' }),
  importFileInvalid: (why: { zh: string; en: string }) =>
    new AppError('unprocessable', 'PARTY_IMPORT_FILE_INVALID', { zh: `导入文件：${why.zh}`, en: `import file: ${why.en}` }, { field: 'file' }),
  importTooLarge: (max: number) =>
    new AppError('unprocessable', 'PARTY_IMPORT_TOO_LARGE', { zh: `导入文件：一次最多导入 ${max} 行，请分批导入`, en: `import file: at most ${max} rows per import` }, { field: 'file', max }),
  importReportNotFound: () =>
    new AppError('not_found', 'PARTY_IMPORT_REPORT_NOT_FOUND', { zh: '导入报告不存在、已过期（保留 7 天）或不属于您', en: 'import report not found or expired' }),
  pageTooDeep: (cap: number) =>
    new AppError('invalid', 'LIST_PAGE_TOO_DEEP', { zh: `页码：列表最多可翻到第 ${cap} 条，请用查询条件缩小范围`, en: `page: lists page through the first ${cap} rows; narrow the filters` }, { field: 'page', cap }),
};

// Backstops for races the service checks first (two clerks saving the same person at once).
registerConstraint('party_id_hash_key', 'conflict', 'PARTY_DUPLICATE', { zh: '该证件已登记为客户', en: 'this ID is already registered' }, 'idNumber');
registerConstraint('party_relationship_open_key', 'conflict', 'PARTY_RELATIONSHIP_EXISTS', { zh: '这两个客户之间已有同类的有效关系', en: 'an open relationship of this type already exists' }, 'type');
registerConstraint('party_relationship_self_check', 'unprocessable', 'PARTY_RELATIONSHIP_SELF', { zh: '不能与自己建立关系', en: 'cannot relate a party to itself' }, 'toPartyId');
registerConstraint('party_relationship_dates_check', 'unprocessable', 'PARTY_RELATIONSHIP_DATES', { zh: '终止日期不能早于开始日期', en: 'end date before start date' }, 'endDate');
