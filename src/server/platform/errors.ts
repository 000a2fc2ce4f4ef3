// One error type for the whole server. `kind` alone decides the HTTP status; `code` is stable and
// what clients and tests look at; messages are Chinese by default with an English twin.

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'locked'
  | 'rate_limited'
  | 'unprocessable'
  | 'internal';

export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  unprocessable: 422,
  internal: 500,
};

export interface Message {
  zh: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly text: Message,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${text.en}`);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Chinese and English labels of common fields, so validation messages can name the field. */
export const fieldLabels: Record<string, Message> = {
  username: { zh: '用户名', en: 'username' },
  password: { zh: '密码', en: 'password' },
  oldPassword: { zh: '原密码', en: 'old password' },
  newPassword: { zh: '新密码', en: 'new password' },
  name: { zh: '名称', en: 'name' },
  code: { zh: '代码', en: 'code' },
  type: { zh: '类型', en: 'type' },
  parentId: { zh: '上级机构', en: 'parent org' },
  orgId: { zh: '所属机构', en: 'org' },
  roles: { zh: '角色', en: 'roles' },
  roleId: { zh: '角色', en: 'role' },
  scope: { zh: '数据范围', en: 'data scope' },
  permissions: { zh: '权限', en: 'permissions' },
  page: { zh: '页码', en: 'page' },
  pageSize: { zh: '每页条数', en: 'page size' },
  mobile: { zh: '手机号', en: 'mobile' },
  email: { zh: '电子邮箱', en: 'email' },
  reason: { zh: '原因', en: 'reason' },
  number: { zh: '证件号码', en: 'ID number' },
  idType: { zh: '证件类型', en: 'ID type' },
  idNumber: { zh: '证件号码', en: 'ID number' },
  uscc: { zh: '统一社会信用代码', en: 'unified social credit code' },
  // party (客户)
  sex: { zh: '性别', en: 'sex' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  nationality: { zh: '国籍', en: 'nationality' },
  addresses: { zh: '地址', en: 'addresses' },
  detail: { zh: '详细地址', en: 'address' },
  postcode: { zh: '邮政编码', en: 'postcode' },
  occupationCode: { zh: '职业代码', en: 'occupation code' },
  occupationName: { zh: '职业名称', en: 'occupation' },
  occupationClass: { zh: '职业类别', en: 'occupation class' },
  bankAccounts: { zh: '银行账户', en: 'bank accounts' },
  bankName: { zh: '开户银行', en: 'bank' },
  accountName: { zh: '账户名', en: 'account name' },
  accountNumber: { zh: '银行账号', en: 'account number' },
  remark: { zh: '备注', en: 'remark' },
  orgType: { zh: '单位类型', en: 'organization type' },
  industry: { zh: '行业', en: 'industry' },
  legalRepresentative: { zh: '法定代表人', en: 'legal representative' },
  contactName: { zh: '联系人', en: 'contact' },
  contactPhone: { zh: '联系电话', en: 'contact phone' },
  toPartyId: { zh: '关联客户', en: 'related customer' },
  startDate: { zh: '开始日期', en: 'start date' },
  endDate: { zh: '终止日期', en: 'end date' },
  version: { zh: '版本号', en: 'version' },
  kind: { zh: '类别', en: 'kind' },
  q: { zh: '查询内容', en: 'search' },
  sort: { zh: '排序', en: 'sort' },
  cursor: { zh: '翻页游标', en: 'cursor' },
  createdFrom: { zh: '创建日期起', en: 'created from' },
  createdTo: { zh: '创建日期止', en: 'created to' },
  dryRun: { zh: '试导入', en: 'dry run' },
  acceptPartial: { zh: '部分导入', en: 'accept partial' },
  file: { zh: '导入文件', en: 'import file' },
  field: { zh: '字段', en: 'field' },
  index: { zh: '序号', en: 'index' },
  // product catalogue (产品)
  line: { zh: '险种', en: 'line' },
  status: { zh: '状态', en: 'status' },
  effectiveFrom: { zh: '生效日期', en: 'effective from' },
  effectiveTo: { zh: '失效日期', en: 'effective to' },
  note: { zh: '变更说明', en: 'note' },
  definition: { zh: '产品定义', en: 'definition' },
  coverages: { zh: '保障责任', en: 'coverages' },
  limit: { zh: '保额/限额', en: 'limit' },
  deductible: { zh: '免赔额', en: 'deductible' },
  rating: { zh: '费率方法', en: 'rating' },
  method: { zh: '费率方法', en: 'rating method' },
  benefit: { zh: '保险责任类型', en: 'benefit' },
  tableMale: { zh: '男性生命表', en: 'male table' },
  tableFemale: { zh: '女性生命表', en: 'female table' },
  interest: { zh: '预定利率', en: 'interest' },
  expenseRatio: { zh: '附加费用率', en: 'expense ratio' },
  perPolicy: { zh: '每单固定费用', en: 'per-policy expense' },
  defaultPricingCoefficient: { zh: '默认自主定价系数', en: 'default pricing coefficient' },
  rate: { zh: '费率', en: 'rate' },
  minPremium: { zh: '最低保费', en: 'minimum premium' },
  minAge: { zh: '最低投保年龄', en: 'minimum age' },
  maxAge: { zh: '最高投保年龄', en: 'maximum age' },
  minSumAssured: { zh: '最低保额', en: 'minimum sum assured' },
  maxSumAssured: { zh: '最高保额', en: 'maximum sum assured' },
  paymentModes: { zh: '缴费方式', en: 'payment modes' },
  coverageTerms: { zh: '保险期间', en: 'coverage terms' },
  paymentTerms: { zh: '缴费期间', en: 'payment terms' },
  riskLevel: { zh: '风险等级', en: 'risk level' },
  channels: { zh: '销售渠道', en: 'channels' },
  channel: { zh: '销售渠道', en: 'channel' },
  coolingOffDays: { zh: '犹豫期', en: 'cooling-off days' },
  filingNo: { zh: '备案编号', en: 'filing number' },
  age: { zh: '年龄', en: 'age' },
  term: { zh: '保险期间', en: 'term' },
  paymentTerm: { zh: '缴费期间', en: 'payment term' },
  paymentMode: { zh: '缴费方式', en: 'payment mode' },
  sumAssured: { zh: '保险金额', en: 'sum assured' },
  from: { zh: '原版本', en: 'from version' },
  to: { zh: '新版本', en: 'to version' },
};

export function fieldLabel(field: string, lang: 'zh' | 'en'): string {
  return fieldLabels[field]?.[lang] ?? field;
}

// Shared constructors used across modules.
export const errors = {
  validation: (field: string, problem: Message, details: Record<string, unknown> = {}) =>
    new AppError(
      'invalid',
      'VALIDATION_FAILED',
      {
        zh: `${fieldLabel(field, 'zh')}：${problem.zh}`,
        en: `${fieldLabel(field, 'en')}: ${problem.en}`,
      },
      { field, ...details },
    ),
  notFound: (what: Message, code = 'NOT_FOUND') =>
    new AppError('not_found', code, { zh: `${what.zh}不存在或无权访问`, en: `${what.en} not found` }),
  forbidden: (permission: string) =>
    new AppError(
      'forbidden',
      'AUTH_FORBIDDEN',
      { zh: `没有执行此操作的权限（需要 ${permission}）`, en: `permission ${permission} required` },
      { permission },
    ),
  unauthenticated: () =>
    new AppError('unauthenticated', 'AUTH_REQUIRED', { zh: '请先登录', en: 'sign-in required' }),
};
