// Customer import from Excel: the template, parsing, per-row validation (the same rules as the
// API), duplicates in the file and in the book, one set-based insert, and the error report.
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { ADDRESS_TYPES, ORGANIZATION_TYPES, PERSON_ID_TYPES, type OrganizationInput, type PartyImportResult, type PersonInput } from '../../../contracts/party';
import type { DB } from '../../db/types';
import { requirePermission } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { AppError, fieldLabel } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import type { PiiCrypto } from '../../platform/pii-crypto';
import { partyErrors } from './errors';
import { P } from './permissions';
import { prepareOrganization, preparePerson, type PartyService, type Prepared } from './service';

export const MAX_IMPORT_ROWS = 50_000;
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
export const REPORT_DAYS = 7;
const ERRORS_IN_ANSWER = 200;
const INSERT_BATCH = 1000;

export const PERSON_SHEET = '个人客户';
export const ORG_SHEET = '单位客户';
const ERROR_HEADER = '错误';

/** A template column; `key` is the API field it fills (or address / bank account parts). */
type Field = { header: string; key: string; required?: boolean; width?: number; text?: boolean; note?: string };

const PERSON_COLUMNS: Field[] = [
  { header: '姓名', key: 'name', required: true, width: 12 },
  { header: '证件类型', key: 'idType', required: true, width: 16, note: Object.values(PERSON_ID_TYPES).map((t) => t.zh).join('、') },
  { header: '证件号码', key: 'idNumber', required: true, width: 22, text: true, note: '居民身份证 15 位号码自动升级为 18 位' },
  { header: '性别', key: 'sex', width: 8, note: '男/女；居民身份证和港澳台居民居住证可不填（由号码得出，填写则须一致）' },
  { header: '出生日期', key: 'birthDate', width: 12, text: true, note: 'YYYY-MM-DD；居民身份证和港澳台居民居住证可不填' },
  { header: '国籍', key: 'nationality', width: 8, note: 'ISO 三字母代码，默认 CHN' },
  { header: '手机号', key: 'mobile', width: 14, text: true },
  { header: '电子邮箱', key: 'email', width: 20 },
  { header: '地址', key: 'address', width: 30, note: '家庭住址' },
  { header: '职业代码', key: 'occupationCode', width: 10, text: true },
  { header: '职业名称', key: 'occupationName', width: 14 },
  { header: '职业类别', key: 'occupationClass', width: 8, note: '1–6' },
  { header: '开户银行', key: 'bankName', width: 16 },
  { header: '账户名', key: 'accountName', width: 12 },
  { header: '银行账号', key: 'accountNumber', width: 22, text: true, note: '银行卡号须通过校验' },
  { header: '备注', key: 'remark', width: 20 },
];

const ORG_COLUMNS: Field[] = [
  { header: '单位名称', key: 'name', required: true, width: 24 },
  { header: '统一社会信用代码', key: 'uscc', required: true, width: 22, text: true },
  { header: '单位类型', key: 'orgType', width: 12, note: Object.values(ORGANIZATION_TYPES).map((t) => t.zh).join('、') + '；默认企业' },
  { header: '行业', key: 'industry', width: 12 },
  { header: '法定代表人', key: 'legalRepresentative', width: 12 },
  { header: '联系人', key: 'contactName', width: 10 },
  { header: '联系电话', key: 'contactPhone', width: 14, text: true },
  { header: '电子邮箱', key: 'email', width: 20 },
  { header: '地址', key: 'address', width: 30, note: '注册地址' },
  { header: '开户银行', key: 'bankName', width: 16 },
  { header: '账户名', key: 'accountName', width: 16 },
  { header: '银行账号', key: 'accountNumber', width: 22, text: true },
  { header: '备注', key: 'remark', width: 20 },
];

const headerText = (f: Field) => (f.required ? `${f.header}*` : f.header);

// ---------------------------------------------------------------- template

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '保业 Baoye';
  for (const [name, cols, example] of [
    [PERSON_SHEET, PERSON_COLUMNS, ['李桂兰', '居民身份证', '11010519491231002X', '', '', '', '13912345678', '', '北京市东城区示例路 1 号', '', '', '', '', '', '', '示例行，导入前请删除']],
    [ORG_SHEET, ORG_COLUMNS, ['示例科技有限公司', '91350100M000100Y43', '企业', '软件和信息技术服务业', '', '王经理', '010-12345678', '', '', '', '', '', '示例行，导入前请删除']],
  ] as const) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = (cols).map((c) => ({ header: headerText(c), width: c.width ?? 14, style: c.text ? { numFmt: '@' } : {} }));
    ws.getRow(1).font = { bold: true };
    (cols).forEach((c, i) => {
      if (c.note) ws.getRow(1).getCell(i + 1).note = c.note;
    });
    ws.addRow([...example]);
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 100 }];
  for (const line of [
    '客户导入说明',
    `1. 在“${PERSON_SHEET}”和“${ORG_SHEET}”两张表中逐行填写，第一行为表头，请勿修改；带 * 的列必填。`,
    '2. 证件号码、手机号、银行账号请以文本格式填写（模板已设为文本），避免 Excel 把长数字变成科学计数法。',
    `3. 证件类型：${Object.values(PERSON_ID_TYPES).map((t) => t.zh).join('、')}。`,
    '4. 居民身份证与港澳台居民居住证的性别、出生日期由号码得出，可不填；其他证件必须填写。',
    '5. 同一证件号码在文件中或系统中已存在的行会被标为错误（一证一户）。',
    '6. 先“试导入”检查，全部通过后再正式导入；有错误时可下载错误报告（含“错误”列，保留 7 天）修改后重新导入。',
    `7. 每次最多 ${MAX_IMPORT_ROWS} 行，文件不超过 10 MB。`,
    `地址类型：${Object.values(ADDRESS_TYPES).map((t) => t.zh).join('、')}（导入时个人为家庭住址，单位为注册地址）。`,
  ]) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- parsing

/** A cell as text: dates as YYYY-MM-DD, rich text and hyperlinks as their text, formulas as their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

interface SheetRows {
  /** Excel row number and the cell texts in template column order. */
  rows: { row: number; cells: string[] }[];
  present: boolean;
}

function readSheet(wb: ExcelJS.Workbook, name: string, cols: Field[]): SheetRows {
  const ws = wb.getWorksheet(name);
  if (!ws) return { rows: [], present: false };
  const header = ws.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, col) => index.set(cellText(cell.value).replace(/[*＊\s]/g, ''), col));
  const missing = cols.filter((c) => c.required && !index.has(c.header));
  if (missing.length) {
    throw partyErrors.importFileInvalid({ zh: `“${name}”表缺少必填列：${missing.map((c) => c.header).join('、')}（请使用导入模板）`, en: `sheet ${name} lacks required columns (use the template)` });
  }
  const rows: SheetRows['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = cols.map((c) => {
      const at = index.get(c.header);
      return at ? cellText(r.getCell(at).value) : '';
    });
    if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
  });
  return { rows, present: true };
}

const fromLabel = <T extends string>(labels: Record<T, { zh: string; en: string }>, text: string): T | undefined => {
  const t = text.trim();
  if (t in labels) return t as T;
  return (Object.keys(labels) as T[]).find((k) => labels[k].zh === t || labels[k].en.toLowerCase() === t.toLowerCase());
};

function normalizeDateText(s: string): string {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s.trim();
}

interface RowError {
  field: string;
  code: string;
  message: string;
}

const invalid = (field: string, zh: string): RowError => ({ field, code: 'VALIDATION_FAILED', message: `${fieldLabel(field.split('.').pop()!, 'zh')}：${zh}` });

function tooLong(cols: Field[], cells: string[], limits: Record<string, number>): RowError | undefined {
  for (let i = 0; i < cols.length; i++) {
    const key = String(cols[i]!.key);
    const max = limits[key] ?? 200;
    if (cells[i]!.length > max) return invalid(key, `长度不能超过 ${max}`);
  }
  return undefined;
}

const LIMITS: Record<string, number> = { name: 100, idNumber: 40, uscc: 40, mobile: 20, contactPhone: 30, email: 120, occupationCode: 20, occupationName: 50, remark: 500, bankName: 50, accountName: 100, accountNumber: 40, industry: 50, legalRepresentative: 50, contactName: 50 };

function bankOf(get: (k: string) => string): { bankAccounts?: { bankName: string; accountName: string; accountNumber: string }[]; error?: RowError } {
  const [bankName, accountName, accountNumber] = [get('bankName'), get('accountName'), get('accountNumber')];
  if (!bankName && !accountName && !accountNumber) return {};
  if (!bankName) return { error: invalid('bankAccounts.0.bankName', '填写银行账户时必填') };
  if (!accountName) return { error: invalid('bankAccounts.0.accountName', '填写银行账户时必填') };
  if (!accountNumber) return { error: invalid('bankAccounts.0.accountNumber', '填写银行账户时必填') };
  return { bankAccounts: [{ bankName, accountName, accountNumber }] };
}

function personOf(cells: string[]): { input?: PersonInput; error?: RowError } {
  const get = (k: string) => cells[PERSON_COLUMNS.findIndex((c) => c.key === k)] ?? '';
  const long = tooLong(PERSON_COLUMNS, cells, LIMITS);
  if (long) return { error: long };
  for (const c of PERSON_COLUMNS) if (c.required && !get(String(c.key))) return { error: invalid(String(c.key), '必填') };
  const idType = fromLabel(PERSON_ID_TYPES, get('idType'));
  if (!idType) return { error: invalid('idType', '取值不在允许范围内') };
  const sexText = get('sex');
  const sex = sexText === '' ? undefined : ({ 男: 'M', 女: 'F', M: 'M', F: 'F', m: 'M', f: 'F' } as const)[sexText];
  if (sexText && !sex) return { error: invalid('sex', '应为“男”或“女”') };
  const birth = get('birthDate');
  const birthDate = birth ? normalizeDateText(birth) : undefined;
  if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return { error: invalid('birthDate', '格式应为 YYYY-MM-DD') };
  const nationality = get('nationality').toUpperCase() || undefined;
  if (nationality && !/^[A-Z]{3}$/.test(nationality)) return { error: invalid('nationality', '应为 ISO 三字母代码，如 CHN') };
  const cls = get('occupationClass');
  if (cls && !/^[1-6]$/.test(cls)) return { error: invalid('occupationClass', '应为 1–6') };
  const bank = bankOf(get);
  if (bank.error) return { error: bank.error };
  return {
    input: {
      name: get('name'), idType, idNumber: get('idNumber'), sex, birthDate, nationality, mobile: get('mobile') || null, email: get('email') || null,
      addresses: get('address') ? [{ type: 'HOME', detail: get('address') }] : [], occupationCode: get('occupationCode') || null, occupationName: get('occupationName') || null,
      occupationClass: cls ? Number(cls) : null, bankAccounts: bank.bankAccounts, remark: get('remark') || null,
    },
  };
}

function organizationOf(cells: string[]): { input?: OrganizationInput; error?: RowError } {
  const get = (k: string) => cells[ORG_COLUMNS.findIndex((c) => c.key === k)] ?? '';
  const long = tooLong(ORG_COLUMNS, cells, LIMITS);
  if (long) return { error: long };
  for (const c of ORG_COLUMNS) if (c.required && !get(String(c.key))) return { error: invalid(String(c.key), '必填') };
  const typeText = get('orgType');
  const orgType = typeText ? fromLabel(ORGANIZATION_TYPES, typeText) : undefined;
  if (typeText && !orgType) return { error: invalid('orgType', '取值不在允许范围内') };
  const bank = bankOf(get);
  if (bank.error) return { error: bank.error };
  return {
    input: {
      name: get('name'), uscc: get('uscc'), orgType, industry: get('industry') || null, legalRepresentative: get('legalRepresentative') || null, contactName: get('contactName') || null,
      contactPhone: get('contactPhone') || null, email: get('email') || null, addresses: get('address') ? [{ type: 'REGISTERED', detail: get('address') }] : [], bankAccounts: bank.bankAccounts, remark: get('remark') || null,
    },
  };
}

function errorOf(e: unknown): RowError {
  if (e instanceof AppError) return { field: String(e.details?.field ?? ''), code: e.code, message: e.text.zh };
  throw e;
}

// ---------------------------------------------------------------- the import

export interface ImportDeps {
  db: Kysely<DB>;
  clock: Clock;
  pii: PiiCrypto;
  service: Pick<PartyService, 'existingIdentities' | 'today'>;
}

interface Line {
  sheet: string;
  row: number;
  cells: string[];
  prepared?: Prepared;
  errors: RowError[];
}

export function createPartyImporter({ db, clock, pii, service }: ImportDeps) {
  async function parse(body: unknown): Promise<{ persons: SheetRows; orgs: SheetRows }> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw partyErrors.importFileInvalid({ zh: '请上传 .xlsx 文件（请求内容类型为 xlsx）', en: 'send the .xlsx file as the body' });
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(body as unknown as ArrayBuffer);
    } catch {
      throw partyErrors.importFileInvalid({ zh: '不是有效的 Excel (.xlsx) 文件', en: 'not a valid .xlsx file' });
    }
    const persons = readSheet(wb, PERSON_SHEET, PERSON_COLUMNS);
    const orgs = readSheet(wb, ORG_SHEET, ORG_COLUMNS);
    if (!persons.present && !orgs.present) throw partyErrors.importFileInvalid({ zh: `找不到“${PERSON_SHEET}”或“${ORG_SHEET}”工作表（请使用导入模板）`, en: 'no customer sheet found (use the template)' });
    return { persons, orgs };
  }

  async function report(lines: Line[]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = '保业 Baoye';
    for (const [sheet, cols] of [[PERSON_SHEET, PERSON_COLUMNS], [ORG_SHEET, ORG_COLUMNS]] as const) {
      const mine = lines.filter((l) => l.sheet === sheet);
      if (!mine.length) continue;
      const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = [
        { header: '行号', width: 8 },
        ...(cols).map((c) => ({ header: headerText(c), width: c.width ?? 14, style: c.text ? { numFmt: '@' } : {} })),
        { header: ERROR_HEADER, width: 60 },
      ];
      ws.getRow(1).font = { bold: true };
      for (const l of mine) {
        const r = ws.addRow([l.row, ...l.cells, l.errors.map((e) => e.message).join('；')]);
        if (l.errors.length) r.getCell(l.cells.length + 2).font = { color: { argb: 'FFC00000' } };
      }
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  return {
    async run(ctx: RequestContext, body: unknown, opts: { dryRun: boolean; acceptPartial: boolean }): Promise<PartyImportResult> {
      requirePermission(ctx.actor, P.partyImport);
      const { persons, orgs } = await parse(body);
      const total = persons.rows.length + orgs.rows.length;
      if (total > MAX_IMPORT_ROWS) throw partyErrors.importTooLarge(MAX_IMPORT_ROWS);
      const today = service.today();

      // Validate every row with the API's rules.
      const lines: Line[] = [];
      for (const [sheet, sheetRows] of [[PERSON_SHEET, persons], [ORG_SHEET, orgs]] as const) {
        for (const { row, cells } of sheetRows.rows) {
          const line: Line = { sheet, row, cells, errors: [] };
          const parsed = sheet === PERSON_SHEET ? personOf(cells) : organizationOf(cells);
          if (parsed.error) line.errors.push(parsed.error);
          else {
            try {
              line.prepared = sheet === PERSON_SHEET ? preparePerson(pii, parsed.input as PersonInput, today) : prepareOrganization(pii, parsed.input as OrganizationInput);
            } catch (e) {
              line.errors.push(errorOf(e));
            }
          }
          lines.push(line);
        }
      }

      // One identity, one record: duplicates within the file, then against the book.
      const firstRow = new Map<string, Line>();
      for (const l of lines) {
        if (!l.prepared) continue;
        const key = l.prepared.values.id_hash.toString('hex');
        const first = firstRow.get(key);
        const field = l.sheet === PERSON_SHEET ? 'idNumber' : 'uscc';
        if (first) l.errors.push({ field, code: 'PARTY_DUPLICATE', message: `${fieldLabel(field, 'zh')}：与“${first.sheet}”第 ${first.row} 行重复` });
        else firstRow.set(key, l);
      }
      const inBook = await service.existingIdentities([...firstRow.values()].map((l) => l.prepared!.values.id_hash));
      for (const l of firstRow.values()) {
        const partyNo = inBook.get(l.prepared!.values.id_hash.toString('hex'));
        const field = l.sheet === PERSON_SHEET ? 'idNumber' : 'uscc';
        if (partyNo) l.errors.push({ field, code: 'PARTY_DUPLICATE', message: `${fieldLabel(field, 'zh')}：该证件已登记为客户 ${partyNo}` });
      }

      const valid = lines.filter((l) => l.errors.length === 0);
      const bad = lines.filter((l) => l.errors.length > 0);
      const write = !opts.dryRun && valid.length > 0 && (bad.length === 0 || opts.acceptPartial);
      const now = clock.now();
      let reportId: string | null = null;

      await db.transaction().execute(async (trx) => {
        if (write) {
          for (let i = 0; i < valid.length; i += INSERT_BATCH) {
            const batch = valid.slice(i, i + INSERT_BATCH).map((l) => ({
              ...l.prepared!.values,
              id: uuidv7(now.getTime()),
              org_id: ctx.actor.orgId,
              created_by: ctx.actor.userId,
              created_at: now,
              updated_at: now,
            }));
            await trx.insertInto('party').values(batch).execute();
          }
        }
        await trx.deleteFrom('party_import_report').where('expires_at', '<', now).execute();
        if (bad.length) {
          reportId = uuidv7(now.getTime());
          await trx
            .insertInto('party_import_report')
            .values({ id: reportId, user_id: ctx.actor.userId, file_name: `客户导入错误报告-${now.toISOString().slice(0, 10)}.xlsx`, content: await report(lines), created_at: now, expires_at: new Date(now.getTime() + REPORT_DAYS * 86_400_000) })
            .execute();
        }
        await writeAudit(
          trx,
          auditActorOf(ctx),
          { action: 'party.import', objectType: 'party', outcome: write || opts.dryRun ? 'SUCCESS' : 'FAILURE', details: { dryRun: !write, requestedDryRun: opts.dryRun, acceptPartial: opts.acceptPartial, totalRows: total, validRows: valid.length, errorRows: bad.length, created: write ? valid.length : 0, reportId } },
          now,
        );
      });

      return {
        dryRun: !write,
        totalRows: total,
        validRows: valid.length,
        errorRows: bad.length,
        created: write ? valid.length : 0,
        errors: bad.flatMap((l) => l.errors.map((e) => ({ sheet: l.sheet, row: l.row, ...e }))).slice(0, ERRORS_IN_ANSWER),
        reportId,
      };
    },

    async report(ctx: RequestContext, reportId: string): Promise<{ fileName: string; content: Buffer }> {
      requirePermission(ctx.actor, P.partyImport);
      const r = await db
        .selectFrom('party_import_report')
        .select(['file_name', 'content'])
        .where('id', '=', reportId)
        .where('user_id', '=', ctx.actor.userId)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      if (!r) throw partyErrors.importReportNotFound();
      return { fileName: r.file_name, content: r.content };
    },

    template: importTemplate,
  };
}
