// The configurable rules of policy administration (policy_setting): underwriting, servicing and
// renewal. Stored as one JSON document per key; until an administrator saves one, the defaults
// below apply. Each default says where its number comes from.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { ENDORSEMENT_ITEMS, ENDORSEMENT_ITEM_CODES, type RenewalSettings, type ServicingSettings, type UnderwritingRules } from '../../../contracts/policy';
import { PRODUCT_LINES, PRODUCT_LINE_CODES } from '../../../contracts/product';
import { AppError } from '../../platform/errors';
import { DEFAULT_SHORT_RATE, isLifeLine } from './servicing.rules';

export interface PolicySettings {
  underwriting: UnderwritingRules;
  servicing: ServicingSettings;
  renewal: RenewalSettings;
}
export type SettingKey = keyof PolicySettings;

export const DEFAULT_SETTINGS: PolicySettings = {
  // Company practice, not regulation: a starting point each insurer replaces.
  underwriting: {
    autoMaxSumAssured: { TERM_LIFE: '500000.00', WHOLE_LIFE: '500000.00', ENDOWMENT: '500000.00', ANNUITY: '500000.00', HEALTH: '300000.00', ACCIDENT: '1000000.00' },
    autoMinAge: 18,
    autoMaxAge: 55,
    maxOccupationClass: 4,
    referOnHealthDisclosure: true,
    maxVehicleAgeYears: 10,
    maxClaimsLast3Years: 3,
  },
  servicing: {
    // Changes without money apply at once; refunds above 5,000 yuan need an approver.
    approvalThresholds: {
      CONTACT_CHANGE: null,
      BENEFICIARY_CHANGE: null,
      POLICYHOLDER_CHANGE: '0.00',
      COOLING_OFF_CANCELLATION: '5000.00',
      SURRENDER: '5000.00',
      REINSTATEMENT: '5000.00',
      SUM_ASSURED_REDUCTION: '5000.00',
      DOCUMENT_REISSUE: null,
    },
    // 工本费: a common market figure (10 yuan), configurable.
    coolingOffFee: '10.00',
    // 保险法 art. 36: 60 days of grace after a missed regular premium.
    graceDays: 60,
    // 保险法 art. 37: reinstatement within two years of the suspension.
    reinstatementYears: 2,
    reinstatementInterest: '0.05',
    pcSurrenderMethod: { default: 'SHORT_RATE', byProduct: {} },
    shortRateTable: DEFAULT_SHORT_RATE.map((r) => ({ ...r })),
  },
  renewal: { daysBefore: 30, lines: ['CTPL', 'COMMERCIAL_MOTOR', 'PROPERTY', 'ACCIDENT', 'HEALTH'] },
};

/** The setting in force: the stored document, else the default. */
export async function loadSetting<K extends SettingKey>(ex: Kysely<DB> | Transaction<DB>, key: K): Promise<PolicySettings[K]> {
  const row = await ex.selectFrom('policy_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row ? ({ ...DEFAULT_SETTINGS[key], ...(row.value as object) } as PolicySettings[K]) : DEFAULT_SETTINGS[key];
}

// ---------------------------------------------------------------- checking a document (PUT /policy-settings/:key)

/** 422 POLICY_SETTING_INVALID naming the field path ('shortRateTable.3.percent') and, in Chinese, the field. */
const invalid = (field: string, label: string, zh: string, en: string) =>
  new AppError('unprocessable', 'POLICY_SETTING_INVALID', { zh: `${label}：${zh}`, en: `${field}: ${en}` }, { field });

const MONEY = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;
type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, field: string, label: string): Doc {
  if (!isObject(v)) throw invalid(field, label, '须为对象', 'must be an object');
  return v;
}

/** Exactly these keys: a missing one or an unknown one is named. */
function shape(doc: Doc, prefix: string, labels: Record<string, string>): void {
  for (const k of Object.keys(labels)) if (!(k in doc)) throw invalid(`${prefix}${k}`, labels[k]!, '必须填写', 'required');
  for (const k of Object.keys(doc)) if (!(k in labels)) throw invalid(`${prefix}${k}`, k, '不是可配置的参数', 'unknown setting');
}

function int(v: unknown, field: string, label: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(field, label, `须为 ${min}–${max} 之间的整数`, `must be an integer ${min}–${max}`);
  return v;
}

function money(v: unknown, field: string, label: string): string {
  if (typeof v !== 'string' || !MONEY.test(v)) throw invalid(field, label, '须为金额（元），最多两位小数，如 "5000.00"', 'must be an amount string with at most 2 decimals');
  return Number(v) === 0 ? '0.00' : v.includes('.') ? v.padEnd(v.indexOf('.') + 3, '0') : `${v}.00`;
}

function decimal(v: unknown, field: string, label: string, max: number, places: number): string {
  const re = new RegExp(`^(0|[1-9][0-9]{0,2})(\\.[0-9]{1,${places}})?$`);
  if (typeof v !== 'string' || !re.test(v) || Number(v) > max) throw invalid(field, label, `须为 0–${max} 之间的数（字符串，最多 ${places} 位小数）`, `must be a decimal string 0–${max}`);
  return v;
}

const UW_LABELS = {
  autoMaxSumAssured: '自动核保保额上限',
  autoMinAge: '自动核保最低年龄',
  autoMaxAge: '自动核保最高年龄',
  maxOccupationClass: '自动核保最高职业类别',
  referOnHealthDisclosure: '健康告知异常转人工',
  maxVehicleAgeYears: '车龄上限（年）',
  maxClaimsLast3Years: '近三年出险次数上限',
};
const SERVICING_LABELS = {
  approvalThresholds: '保全审批限额',
  coolingOffFee: '犹豫期撤单工本费',
  graceDays: '宽限期（天）',
  reinstatementYears: '复效期间（年）',
  reinstatementInterest: '复效利率',
  pcSurrenderMethod: '财产险退保方式',
  shortRateTable: '短期费率表',
};
const RENEWAL_LABELS = { daysBefore: '提前生成续保天数', lines: '续保险种' };
const METHODS = ['PRO_RATA', 'SHORT_RATE'];

function checkUnderwriting(v: unknown): UnderwritingRules {
  const d = object(v, '', '核保规则');
  shape(d, '', UW_LABELS);
  const limits = object(d.autoMaxSumAssured, 'autoMaxSumAssured', UW_LABELS.autoMaxSumAssured);
  const autoMaxSumAssured: UnderwritingRules['autoMaxSumAssured'] = {};
  for (const [line, amount] of Object.entries(limits)) {
    if (!(line in PRODUCT_LINES)) throw invalid(`autoMaxSumAssured.${line}`, UW_LABELS.autoMaxSumAssured, `险种“${line}”不存在（可选：${PRODUCT_LINE_CODES.join('、')}）`, 'unknown line');
    autoMaxSumAssured[line as keyof typeof PRODUCT_LINES] = money(amount, `autoMaxSumAssured.${line}`, `${UW_LABELS.autoMaxSumAssured}（${PRODUCT_LINES[line as keyof typeof PRODUCT_LINES].zh}）`);
  }
  const autoMinAge = int(d.autoMinAge, 'autoMinAge', UW_LABELS.autoMinAge, 0, 120);
  const autoMaxAge = int(d.autoMaxAge, 'autoMaxAge', UW_LABELS.autoMaxAge, 0, 120);
  if (autoMaxAge < autoMinAge) throw invalid('autoMaxAge', UW_LABELS.autoMaxAge, '不能小于最低年龄', 'must not be below autoMinAge');
  if (typeof d.referOnHealthDisclosure !== 'boolean') throw invalid('referOnHealthDisclosure', UW_LABELS.referOnHealthDisclosure, '须为是或否', 'must be a boolean');
  return {
    autoMaxSumAssured,
    autoMinAge,
    autoMaxAge,
    maxOccupationClass: int(d.maxOccupationClass, 'maxOccupationClass', UW_LABELS.maxOccupationClass, 1, 6),
    referOnHealthDisclosure: d.referOnHealthDisclosure,
    maxVehicleAgeYears: int(d.maxVehicleAgeYears, 'maxVehicleAgeYears', UW_LABELS.maxVehicleAgeYears, 0, 50),
    maxClaimsLast3Years: int(d.maxClaimsLast3Years, 'maxClaimsLast3Years', UW_LABELS.maxClaimsLast3Years, 0, 99),
  };
}

function checkServicing(v: unknown): ServicingSettings {
  const d = object(v, '', '保全参数');
  shape(d, '', SERVICING_LABELS);
  const t = object(d.approvalThresholds, 'approvalThresholds', SERVICING_LABELS.approvalThresholds);
  shape(t, 'approvalThresholds.', Object.fromEntries(ENDORSEMENT_ITEM_CODES.map((i) => [i, `${SERVICING_LABELS.approvalThresholds}（${ENDORSEMENT_ITEMS[i].zh}）`])));
  const approvalThresholds = Object.fromEntries(
    ENDORSEMENT_ITEM_CODES.map((i) => [i, t[i] === null ? null : money(t[i], `approvalThresholds.${i}`, `${SERVICING_LABELS.approvalThresholds}（${ENDORSEMENT_ITEMS[i].zh}）`)]),
  ) as ServicingSettings['approvalThresholds'];
  const m = object(d.pcSurrenderMethod, 'pcSurrenderMethod', SERVICING_LABELS.pcSurrenderMethod);
  shape(m, 'pcSurrenderMethod.', { default: '默认退保方式', byProduct: '按产品的退保方式' });
  if (!METHODS.includes(m.default as string)) throw invalid('pcSurrenderMethod.default', '默认退保方式', '须为 PRO_RATA（按日比例）或 SHORT_RATE（短期费率）', 'must be PRO_RATA or SHORT_RATE');
  const byProduct = object(m.byProduct, 'pcSurrenderMethod.byProduct', '按产品的退保方式');
  for (const [code, method] of Object.entries(byProduct)) {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) throw invalid(`pcSurrenderMethod.byProduct.${code}`, '产品代码', '格式不正确', 'invalid product code');
    if (!METHODS.includes(method as string)) throw invalid(`pcSurrenderMethod.byProduct.${code}`, `产品 ${code} 的退保方式`, '须为 PRO_RATA（按日比例）或 SHORT_RATE（短期费率）', 'must be PRO_RATA or SHORT_RATE');
  }
  if (!Array.isArray(d.shortRateTable) || d.shortRateTable.length < 1 || d.shortRateTable.length > 12) {
    throw invalid('shortRateTable', SERVICING_LABELS.shortRateTable, '须为 1–12 行', 'must have 1 to 12 rows');
  }
  const shortRateTable = d.shortRateTable.map((row: unknown, k: number) => {
    const r = object(row, `shortRateTable.${k}`, `短期费率表第 ${k + 1} 行`);
    shape(r, `shortRateTable.${k}.`, { months: `短期费率表第 ${k + 1} 行的月数`, percent: `短期费率表第 ${k + 1} 行的比例` });
    return { months: int(r.months, `shortRateTable.${k}.months`, `短期费率表第 ${k + 1} 行的月数`, 1, 12), percent: decimal(r.percent, `shortRateTable.${k}.percent`, `短期费率表第 ${k + 1} 行的比例（%）`, 100, 2) };
  });
  shortRateTable.forEach((r, k) => {
    const prev = shortRateTable[k - 1];
    if (prev && r.months <= prev.months) throw invalid(`shortRateTable.${k}.months`, `短期费率表第 ${k + 1} 行的月数`, '须大于上一行（逐行递增）', 'months must increase');
    if (prev && Number(r.percent) < Number(prev.percent)) throw invalid(`shortRateTable.${k}.percent`, `短期费率表第 ${k + 1} 行的比例（%）`, '不能小于上一行', 'percent must not decrease');
  });
  return {
    approvalThresholds,
    coolingOffFee: money(d.coolingOffFee, 'coolingOffFee', SERVICING_LABELS.coolingOffFee),
    graceDays: int(d.graceDays, 'graceDays', SERVICING_LABELS.graceDays, 1, 365),
    reinstatementYears: int(d.reinstatementYears, 'reinstatementYears', SERVICING_LABELS.reinstatementYears, 1, 10),
    reinstatementInterest: decimal(d.reinstatementInterest, 'reinstatementInterest', SERVICING_LABELS.reinstatementInterest, 1, 6),
    pcSurrenderMethod: { default: m.default as 'PRO_RATA' | 'SHORT_RATE', byProduct: byProduct as Record<string, 'PRO_RATA' | 'SHORT_RATE'> },
    shortRateTable,
  };
}

function checkRenewal(v: unknown): RenewalSettings {
  const d = object(v, '', '续保参数');
  shape(d, '', RENEWAL_LABELS);
  if (!Array.isArray(d.lines)) throw invalid('lines', RENEWAL_LABELS.lines, '须为险种列表', 'must be a list of lines');
  const lines = d.lines.map((l: unknown, k: number) => {
    if (typeof l !== 'string' || !(l in PRODUCT_LINES)) throw invalid(`lines.${k}`, RENEWAL_LABELS.lines, `险种“${String(l)}”不存在`, 'unknown line');
    if (isLifeLine(l)) throw invalid(`lines.${k}`, RENEWAL_LABELS.lines, `${PRODUCT_LINES[l as keyof typeof PRODUCT_LINES].zh}为长期险，不按年续保`, 'life lines do not renew annually');
    return l as RenewalSettings['lines'][number];
  });
  const dup = lines.findIndex((l, k) => lines.indexOf(l) !== k);
  if (dup >= 0) throw invalid(`lines.${dup}`, RENEWAL_LABELS.lines, `险种“${PRODUCT_LINES[lines[dup]!].zh}”重复`, 'duplicate line');
  return { daysBefore: int(d.daysBefore, 'daysBefore', RENEWAL_LABELS.daysBefore, 1, 365), lines };
}

/** The document checked field by field (422 POLICY_SETTING_INVALID naming the first bad field), normalised. */
export function checkSetting<K extends SettingKey>(key: K, value: unknown): PolicySettings[K] {
  const check = { underwriting: checkUnderwriting, servicing: checkServicing, renewal: checkRenewal }[key];
  return check(value) as PolicySettings[K];
}
