// Errors of life pricing. Each names the offending field (and the row, for table uploads) so the
// UI can point at it; messages are Chinese first.
import { AppError, type Message } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';

const labels = {
  table: { zh: '生命表', en: 'table' },
  age: { zh: '投保年龄', en: 'age' },
  term: { zh: '保险期间', en: 'term' },
  paymentTerm: { zh: '缴费期间', en: 'payment term' },
  interest: { zh: '预定利率', en: 'interest' },
  sumAssured: { zh: '保险金额', en: 'sum assured' },
} satisfies Record<string, Message>;

export type QuoteField = keyof typeof labels;

const invalid = (code: string, field: QuoteField, problem: Message, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, { zh: `${labels[field].zh}：${problem.zh}`, en: `${labels[field].en}: ${problem.en}` }, { field, ...details });

/** Upload errors: `row` is the index in `rows` (0-based, as in the JSON); the message counts from 1. */
const badRow = (code: string, row: number, field: 'age' | 'qx', age: number, problem: Message) =>
  new AppError(
    'unprocessable',
    code,
    { zh: `第 ${row + 1} 行（年龄 ${age}）：${problem.zh}`, en: `row ${row + 1} (age ${age}): ${problem.en}` },
    { row, field },
  );

export const actuarialErrors = {
  tableNotFound: (code: string) => invalid('ACTUARIAL_TABLE_NOT_FOUND', 'table', { zh: `生命表 ${code} 不存在`, en: `no table ${code}` }),
  ageOutOfTable: (minAge: number, maxAge: number) =>
    invalid('ACTUARIAL_AGE_OUT_OF_TABLE', 'age', { zh: `必须在生命表的年龄范围 ${minAge}–${maxAge} 岁之内`, en: `must be within the table's ages ${minAge}–${maxAge}` }, { minAge, maxAge }),
  termRequired: () => invalid('ACTUARIAL_TERM_REQUIRED', 'term', { zh: '定期、两全和生存保险必须填写保险期间', en: 'required for term, endowment and pure endowment' }),
  termNotApplicable: () => invalid('ACTUARIAL_TERM_NOT_APPLICABLE', 'term', { zh: '终身寿险不能填写保险期间', en: 'not allowed for whole life' }),
  termInvalid: () => invalid('ACTUARIAL_TERM_INVALID', 'term', { zh: '至少为 1 年', en: 'must be at least 1 year' }),
  termTooLong: (maxTerm: number) =>
    invalid('ACTUARIAL_TERM_TOO_LONG', 'term', { zh: `投保年龄加保险期间超出生命表的最高年龄，最长 ${maxTerm} 年`, en: `age + term exceeds the table; at most ${maxTerm} years` }, { maxTerm }),
  paymentTermInvalid: (maxPaymentTerm: number) =>
    invalid('ACTUARIAL_PAYMENT_TERM_INVALID', 'paymentTerm', { zh: `必须在 1 到 ${maxPaymentTerm} 年之间（不能超过保险期间）`, en: `must be between 1 and ${maxPaymentTerm} years (not beyond the term)` }, { maxPaymentTerm }),
  interestInvalid: () => invalid('ACTUARIAL_INTEREST_INVALID', 'interest', { zh: '必须大于 -0.99 且小于 1（如 0.035 表示 3.5%）', en: 'must be greater than -0.99 and less than 1 (0.035 = 3.5%)' }),
  sumAssuredInvalid: () =>
    invalid('ACTUARIAL_SUM_ASSURED_INVALID', 'sumAssured', { zh: '必须是大于 0 的金额，最多两位小数（如 "100000"）', en: 'must be a positive amount with at most 2 decimals (e.g. "100000")' }),

  firstAgeInvalid: (age: number) => badRow('ACTUARIAL_TABLE_AGE_INVALID', 0, 'age', age, { zh: '起始年龄必须在 0 到 150 岁之间', en: 'the first age must be between 0 and 150' }),
  agesNotContiguous: (row: number, age: number, expected: number) =>
    badRow('ACTUARIAL_TABLE_AGES_NOT_CONTIGUOUS', row, 'age', age, { zh: `年龄必须逐岁连续，此行应为 ${expected} 岁`, en: `ages must be contiguous; expected ${expected}` }),
  qxOutOfRange: (row: number, age: number) => badRow('ACTUARIAL_QX_OUT_OF_RANGE', row, 'qx', age, { zh: '死亡率 q_x 必须在 0 到 1 之间', en: 'q_x must be between 0 and 1' }),
  qxOneBeforeEnd: (row: number, age: number) =>
    badRow('ACTUARIAL_QX_ONE_BEFORE_END', row, 'qx', age, { zh: '死亡率 q_x = 1 只能出现在最后一行（最高年龄）', en: 'q_x = 1 only on the last row (the highest age)' }),
  lastQxNotOne: (row: number, age: number) =>
    badRow('ACTUARIAL_LAST_QX_NOT_ONE', row, 'qx', age, { zh: '最后一行（最高年龄）的死亡率 q_x 必须为 1', en: 'q_x of the last row (the highest age) must be 1' }),
};

registerConstraint('mortality_table_pkey', 'conflict', 'ACTUARIAL_TABLE_CODE_TAKEN', { zh: '生命表代码已被使用', en: 'table code already in use' }, 'code');
