// Rate tables from Excel: the 商业车险 rate-table template, and reading an uploaded workbook into the
// same input the JSON APIs take (POST /rating/commercial/rate-tables, POST /actuarial/tables), so
// validation, audit and 409s are theirs. Cells become exact decimal strings (never floats): a text
// cell as typed, a number as Excel shows it (15 significant digits, so 0.0128 stays "0.0128").
// Errors of the services name a JSON row (`rates.N.field`, 0-based); here they are re-told with the
// Excel row (`details.row`, the number Excel shows at the left).
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { CTPL_USAGES } from '../../../contracts/rating';
import { AppError, type Message } from '../../platform/errors';
import type { RateRowInput } from './commercial.rules';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const RATE_IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const MAX_RATE_ROWS = 5000;
export const MAX_LIFE_ROWS = 151;

export const RATE_SHEET = '费率表';
export const LIFE_SHEET = '生命表';
const HELP_SHEET = '填写说明';

type RateKey = keyof RateRowInput;
const RATE_COLUMNS: { header: string; key: RateKey; width: number; max: number; required?: boolean; number?: boolean }[] = [
  { header: '单元代码', key: 'code', width: 26, max: 60, required: true },
  { header: '险种代码', key: 'coverage', width: 14, max: 32, required: true },
  { header: '使用性质', key: 'usage', width: 14, max: 32, required: true },
  { header: '车龄起', key: 'ageFrom', width: 10, max: 24, number: true },
  { header: '车龄止', key: 'ageTo', width: 10, max: 24, number: true },
  { header: '责任限额', key: 'limitAmount', width: 14, max: 24, number: true },
  { header: '固定保费', key: 'fixedPremium', width: 12, max: 24, number: true },
  { header: '费率', key: 'rate', width: 10, max: 24, number: true },
];

/** One example row per coverage, shaped as each coverage's basis needs. */
const EXAMPLES: string[][] = [
  ['CD_FAMILY_0_3', 'CAR_DAMAGE', 'FAMILY', '0', '3', '', '500.00', '0.0128'],
  ['TP_FAMILY_100W', 'THIRD_PARTY', 'FAMILY', '', '', '1000000', '1500.00', ''],
  ['DRIVER_FAMILY', 'DRIVER', 'FAMILY', '', '', '', '', '0.0040'],
  ['PASSENGER_FAMILY', 'PASSENGER', 'FAMILY', '', '', '', '', '0.0026'],
];

export async function rateTableTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '保业 Baoye';
  const ws = wb.addWorksheet(RATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text columns: what is typed is what is loaded (no float rounding, no 1E+06).
  ws.columns = RATE_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  for (const example of EXAMPLES) ws.addRow(example);
  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [{ width: 110 }];
  for (const line of [
    '商业车险费率表导入说明',
    `1. 在“${RATE_SHEET}”表中逐行填写，第一行为表头，请勿修改；示例行请按本公司报备费率修改或删除。每行是一个费率单元，最多 ${MAX_RATE_ROWS} 行，文件不超过 5 MB。`,
    '2. 单元代码：表内唯一，如 CD_FAMILY_0_3。',
    '3. 险种代码：CAR_DAMAGE（机动车损失保险）、THIRD_PARTY（第三者责任保险）、DRIVER（车上人员责任保险·司机）、PASSENGER（车上人员责任保险·乘客）。',
    `4. 使用性质（交强险分类代码）：${CTPL_USAGES.join('、')}。`,
    '5. CAR_DAMAGE：按车龄区间 [车龄起, 车龄止) 计费，车龄止留空表示不封顶；基准保费 = 固定保费 + 费率 × 车辆实际价值；不填责任限额。同一使用性质的车龄区间不能重叠。',
    '6. THIRD_PARTY：每个责任限额一行，只填责任限额（元）与固定保费（元），不填车龄与费率。',
    '7. DRIVER / PASSENGER：只填费率（每座保额 × 费率）。',
    '8. 金额最多两位小数，费率最多六位小数且小于 1（如 0.0128 表示 1.28%）。建议以文本格式填写数字（模板已设为文本），避免 Excel 改变精度。',
    '9. 生效日期、代码、名称与来源（报备文号）在导入页面填写；生效日期不能早于今天，已出的报价保持原费率表。',
  ]) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- reading cells

const fileInvalid = (text: Message) => new AppError('unprocessable', 'RATE_TABLE_FILE_INVALID', text, { field: 'file' });

/** A cell as text: numbers as Excel displays them (≤ 15 significant digits, no exponent), formulas as their result. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(v.toPrecision(15)).toFixed() : '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

/** A typed number: thousands separators and spaces dropped; "1.28%" → "0.0128". Anything else as is (the rules refuse it). */
function decimalText(s: string): string {
  const t = s.replace(/[,，\s\u00a0]/g, '');
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) return new Decimal(pct[1]!).div(100).toFixed();
  return t;
}

async function loadWorkbook(body: unknown): Promise<ExcelJS.Workbook> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw fileInvalid({ zh: '请上传 Excel 文件（.xlsx）', en: 'upload an Excel file (.xlsx)' });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw fileInvalid({ zh: '文件不是有效的 Excel 工作簿（.xlsx）', en: 'the file is not an Excel workbook (.xlsx)' });
  }
  return wb;
}

/** The sheet by name, else the first sheet; its header row mapped to column numbers. */
function headerIndex(wb: ExcelJS.Workbook, sheet: string, headers: string[]): { ws: ExcelJS.Worksheet; index: Map<string, number> } {
  const ws = wb.getWorksheet(sheet) ?? wb.worksheets.find((w) => w.name !== HELP_SHEET);
  if (!ws) throw fileInvalid({ zh: `找不到“${sheet}”表（请使用模板）`, en: `no sheet ${sheet} (use the template)` });
  const index = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => index.set(cellText(cell.value).replace(/[*＊\s]/g, '').toLowerCase(), col));
  const missing = headers.filter((h) => !index.has(h.toLowerCase()));
  if (missing.length) throw fileInvalid({ zh: `“${ws.name}”表缺少列：${missing.join('、')}（请使用模板）`, en: `sheet ${ws.name} lacks columns ${missing.join(', ')} (use the template)` });
  return { ws, index };
}

/** Non-empty data rows: the Excel row number and the cell texts in `headers` order. */
function dataRows(ws: ExcelJS.Worksheet, index: Map<string, number>, headers: string[]): { row: number; cells: string[] }[] {
  const rows: { row: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = headers.map((h) => cellText(r.getCell(index.get(h.toLowerCase())!).value));
    if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** Re-tells a service error about JSON row i (0-based) with Excel row numbers ("第 N 行" counts from 1 in the JSON). */
function withExcelRows(err: AppError, excelRow: (i: number) => number | undefined, i: number | undefined): AppError {
  const map = (text: string, re: RegExp, fmt: (n: number) => string) =>
    text.replace(re, (whole, n: string) => {
      const r = excelRow(Number(n) - 1);
      return r === undefined ? whole : fmt(r);
    });
  const text: Message = {
    zh: map(err.text.zh, /第 (\d+) 行/g, (n) => `第 ${n} 行`),
    en: map(err.text.en, /\brow (\d+)/g, (n) => `row ${n}`),
  };
  return new AppError(err.kind, err.code, text, { ...err.details, ...(i !== undefined && excelRow(i) !== undefined ? { row: excelRow(i) } : {}) });
}

// ---------------------------------------------------------------- 商业车险 rate tables

export interface ParsedRateTable {
  rates: RateRowInput[];
  /** Excel row number of rates[i]. */
  excelRows: number[];
}

export async function readRateTableXlsx(body: unknown): Promise<ParsedRateTable> {
  const wb = await loadWorkbook(body);
  const headers = RATE_COLUMNS.map((c) => c.header);
  const { ws, index } = headerIndex(wb, RATE_SHEET, headers);
  const rows = dataRows(ws, index, headers);
  if (rows.length > MAX_RATE_ROWS) throw fileInvalid({ zh: `最多 ${MAX_RATE_ROWS} 行，文件中有 ${rows.length} 行`, en: `at most ${MAX_RATE_ROWS} rows (the file has ${rows.length})` });
  const rates: RateRowInput[] = [];
  for (const [i, { row, cells }] of rows.entries()) {
    const r: Record<string, string | null | undefined> = {};
    for (const [k, c] of RATE_COLUMNS.entries()) {
      const text = c.number ? decimalText(cells[k]!) : cells[k]!;
      const bad = (zh: string, en: string) =>
        new AppError('unprocessable', 'RATE_ROW_CELL_INVALID', { zh: `第 ${row} 行 ${c.header}${zh}`, en: `row ${row}: ${c.key} ${en}` }, { field: `rates.${i}.${c.key}`, row });
      if (c.required && text === '') throw bad('必填', 'is required');
      if (text.length > c.max) throw bad(`长度不能超过 ${c.max}`, `is longer than ${c.max}`);
      if (c.key === 'fixedPremium' || c.key === 'rate') r[c.key] = text === '' ? undefined : text;
      else if (c.number) r[c.key] = text === '' ? null : text;
      else r[c.key] = c.key === 'code' ? text : text.toUpperCase();
    }
    rates.push(r as unknown as RateRowInput);
  }
  return { rates, excelRows: rows.map((r) => r.row) };
}

/** Runs the JSON API's create on a parsed file; its errors naming `rates.N.field` get `details.row` = Excel row. */
export async function createFromRateTableXlsx<T>(parsed: ParsedRateTable, create: (rates: RateRowInput[]) => Promise<T>): Promise<T> {
  try {
    return await create(parsed.rates);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const m = /^rates\.(\d+)\./.exec(String(err.details?.field ?? ''));
    if (!m && err.details?.field !== 'rates') throw err;
    return Promise.reject(withExcelRows(err, (i) => parsed.excelRows[i], m ? Number(m[1]) : undefined));
  }
}

// ---------------------------------------------------------------- life tables

export interface ParsedLifeTable {
  rows: { age: number; qx: number }[];
  excelRows: number[];
}

export async function readLifeTableXlsx(body: unknown): Promise<ParsedLifeTable> {
  const wb = await loadWorkbook(body);
  const headers = ['年龄', 'qx'];
  const { ws, index } = headerIndex(wb, LIFE_SHEET, headers);
  const rows = dataRows(ws, index, headers);
  if (rows.length === 0) throw fileInvalid({ zh: '生命表至少需要一行', en: 'a life table needs at least one row' });
  if (rows.length > MAX_LIFE_ROWS) throw fileInvalid({ zh: `最多 ${MAX_LIFE_ROWS} 行（0–150 岁），文件中有 ${rows.length} 行`, en: `at most ${MAX_LIFE_ROWS} rows (the file has ${rows.length})` });
  const out: ParsedLifeTable['rows'] = [];
  for (const { row, cells } of rows) {
    const [ageText, qxText] = [decimalText(cells[0]!), decimalText(cells[1]!)];
    const bad = (field: 'age' | 'qx', zh: string, en: string) =>
      new AppError('unprocessable', 'ACTUARIAL_TABLE_CELL_INVALID', { zh: `第 ${row} 行：${zh}`, en: `row ${row}: ${en}` }, { field, row });
    if (!/^\d{1,3}$/.test(ageText)) throw bad('age', '年龄必须是整数', 'age must be a whole number');
    if (!/^\d+(\.\d+)?$/.test(qxText)) throw bad('qx', '死亡率 q_x 必须是 0 到 1 之间的数', 'q_x must be a number between 0 and 1');
    // The JSON API takes q_x as a number; the service stores it as an exact decimal.
    out.push({ age: Number(ageText), qx: Number(qxText) });
  }
  return { rows: out, excelRows: rows.map((r) => r.row) };
}

/** Runs the JSON API's create on a parsed life table; row errors get `details.row` = Excel row. */
export async function createFromLifeTableXlsx<T>(parsed: ParsedLifeTable, create: (rows: ParsedLifeTable['rows']) => Promise<T>): Promise<T> {
  try {
    return await create(parsed.rows);
  } catch (err) {
    if (!(err instanceof AppError) || typeof err.details?.row !== 'number') throw err;
    return Promise.reject(withExcelRows(err, (i) => parsed.excelRows[i], err.details.row));
  }
}
