// The printed policy schedule (保险单): A4, Chinese, with the coverage table, the premium in figures
// and in capital characters (大写), and a QR code carrying the policy number. Deterministic: the same
// policy and document version give the same bytes (the creation date is the issue instant, the file
// ID is derived from the document info, fonts are subset in a fixed order).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Decimal from 'decimal.js';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SHANGHAI_OFFSET_MS } from '../../platform/clock';

// ---------------------------------------------------------------- amounts in capital characters

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const TEN_THOUSAND = 10_000n;
const HUNDRED_MILLION = 100_000_000n;

/** 1–9999 without leading 零: 1004 → 壹仟零肆, 10 → 壹拾, 1100 → 壹仟壹佰. */
function fourDigits(n: bigint): string {
  const units = ['仟', '佰', '拾', ''];
  const ds = String(n).padStart(4, '0');
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(ds[i]);
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += DIGITS[d]! + units[i]!;
    zero = false;
  }
  return out;
}

/** A positive integer in 万/亿 groups; one 零 stands for any run of zeros inside the number. */
function integerWords(n: bigint): string {
  if (n < TEN_THOUSAND) return fourDigits(n);
  const [unit, name] = n < HUNDRED_MILLION ? [TEN_THOUSAND, '万'] : [HUNDRED_MILLION, '亿'];
  const high = n / unit;
  const low = n % unit;
  if (low === 0n) return integerWords(high) + name;
  // The highest digit of the lower part is zero (壹亿零伍万, 壹佰万零壹拾): write one 零.
  return integerWords(high) + name + (low < unit / 10n ? '零' : '') + integerWords(low);
}

/**
 * 中文大写金额 as written on bills and policies (《支付结算办法》附件: 正确填写票据和结算凭证的基本规定):
 * 1004.50 → 壹仟零肆元伍角整, 100.05 → 壹佰元零伍分, 0.00 → 零元整. Without the 人民币 prefix.
 * The amount is rounded half-up to the fen; negative amounts are refused.
 */
export function amountInWords(amount: string): string {
  const fen = BigInt(new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100).toFixed(0));
  if (fen < 0n) throw new Error(`amountInWords: negative amount ${amount}`);
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const cents = Number(fen % 10n);
  if (fen === 0n) return '零元整';
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  return cents > 0 ? `${out}${DIGITS[cents]}分` : `${out}整`;
}

/** 1234567.8 → 1,234,567.80 */
export function moneyFigures(amount: string): string {
  const [int, frac] = new Decimal(amount).toFixed(2, Decimal.ROUND_HALF_UP).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** 2026-03-15 → 2026年03月15日 */
export const chineseDate = (date: string) => `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;

// ---------------------------------------------------------------- fonts (read once per process)

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Noto Sans SC from the npm package, found from this file wherever it runs (src or built code). */
function cjkFonts() {
  if (!fonts) {
    const dir = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    fonts = {
      regular: fs.readFileSync(path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf')),
      bold: fs.readFileSync(path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf')),
    };
  }
  return fonts;
}

/** An A4 Chinese document with the fonts registered as 'R' and 'B'; `done` resolves to its bytes after doc.end(). */
export function cjkDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const { regular, bold } = cjkFonts();
  const doc = new PDFDocument({ size: 'A4', lang: 'zh-CN', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  return { doc, done };
}

// ---------------------------------------------------------------- the schedule

export interface ScheduleParty {
  name: string;
  idTypeLabel: string;
  idNumberMasked: string;
}

/** Everything printed, already labelled (the service assembles it from the policy). */
export interface ScheduleData {
  companyName: string;
  orgName: string;
  policyNo: string;
  /** 1 = 正本; n > 1 = the (n − 1)-th reissue (补发). */
  documentVersion: number;
  productName: string;
  lineLabel: string;
  filingNo: string | null;
  channelLabel: string;
  policyholder: ScheduleParty;
  insured: ScheduleParty & { relationLabel: string | null };
  /** null: not a life/health product (no beneficiary line); [] = 法定受益人. */
  beneficiaries: { name: string; relationLabel: string; order: number; sharePercent: string }[] | null;
  vehicle: { plateNo: string | null; vin: string | null; brandModel: string | null; engineNo: string | null } | null;
  startDate: string;
  /** Last day of cover; null = whole of life. */
  endDate: string | null;
  sumAssured: string | null;
  coverages: { name: string; limit: string | null; deductible: string | null; premium: string | null }[];
  premium: string;
  extraPremium: string;
  paymentModeLabel: string;
  single: boolean;
  paymentTerm: number | null;
  coolingOffEnd: string | null;
  specialConditions: string | null;
  issuedAt: Date;
}

export function documentLabel(version: number): string {
  return version <= 1 ? '正本' : `补发第${version - 1}次`;
}

export function periodText(startDate: string, endDate: string | null): string {
  return endDate ? `自 ${chineseDate(startDate)}零时起至 ${chineseDate(endDate)}二十四时止` : `自 ${chineseDate(startDate)}零时起，终身`;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT = A4.width - 2 * MARGIN;
const LABEL_W = 78;
const GREY = '#555555';

/** Renders the schedule; resolves to the PDF bytes. */
export async function renderSchedule(d: ScheduleData): Promise<Buffer> {
  const title = `保险单 ${d.policyNo}`;
  const { doc, done } = cjkDocument({
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: title, Author: d.companyName, Subject: d.productName, Creator: '保业 Baoye', Producer: '保业 Baoye', CreationDate: d.issuedAt },
  });
  const bottom = () => A4.height - MARGIN;

  // Header: company, title and original/reissue, QR code of the policy number at the right.
  const qr = await QRCode.toBuffer(d.policyNo, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  doc.image(qr, A4.width - MARGIN - 72, MARGIN - 10, { width: 72, height: 72 });
  doc.font('R').fontSize(7).fillColor(GREY).text('保单号二维码', A4.width - MARGIN - 72, MARGIN + 64, { width: 72, align: 'center' });
  // Centred between equal side gutters, clear of the QR code.
  const head = { width: CONTENT - 2 * 84, align: 'center' as const };
  doc.fillColor('black').font('B').fontSize(15).text(d.companyName, MARGIN + 84, MARGIN, head);
  doc.moveDown(0.3).fontSize(22).text('保 险 单', head);
  doc.font('R').fontSize(11).text(`（${documentLabel(d.documentVersion)}）`, head);
  doc.y = Math.max(doc.y, MARGIN + 80) + 8;

  const rule = () => {
    doc.moveTo(MARGIN, doc.y).lineTo(A4.width - MARGIN, doc.y).lineWidth(0.6).strokeColor('#999999').stroke();
    doc.y += 6;
  };
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const field = (label: string, value: string) => {
    doc.font('R').fontSize(10);
    const h = doc.heightOfString(value, { width: CONTENT - LABEL_W });
    ensure(h);
    const y = doc.y;
    doc.font('B').text(label, MARGIN, y, { width: LABEL_W });
    doc.font('R').text(value, MARGIN + LABEL_W, y, { width: CONTENT - LABEL_W });
    doc.x = MARGIN;
    doc.y = y + h + 4;
  };
  const section = (name: string) => {
    ensure(40);
    doc.y += 4;
    doc.font('B').fontSize(11).text(name, MARGIN, doc.y, { width: CONTENT });
    doc.y += 2;
    rule();
  };
  const party = (p: ScheduleParty) => `${p.name}    ${p.idTypeLabel}：${p.idNumberMasked}`;

  rule();
  field('保险单号', d.policyNo);
  field('产品名称', `${d.productName}（${d.lineLabel}）`);
  field('备案编号', d.filingNo ?? '—');
  field('签单机构', `${d.orgName}    销售渠道：${d.channelLabel}`);

  section('当事人');
  field('投保人', party(d.policyholder));
  field('被保险人', party(d.insured) + (d.insured.relationLabel ? `    与投保人关系：${d.insured.relationLabel}` : ''));
  if (d.beneficiaries) {
    const list = [...d.beneficiaries].sort((a, b) => a.order - b.order);
    field('身故受益人', list.length ? list.map((b) => `${b.name}（${b.relationLabel}，第${b.order}顺序，受益份额 ${b.sharePercent}%）`).join('\n') : '法定');
  }

  if (d.vehicle) {
    section('保险车辆');
    field('号牌号码', d.vehicle.plateNo ?? '（新车未上牌）');
    field('车架号', d.vehicle.vin ?? '—');
    if (d.vehicle.brandModel) field('厂牌型号', d.vehicle.brandModel);
    if (d.vehicle.engineNo) field('发动机号', d.vehicle.engineNo);
  }

  section('保险期间与保障');
  field('保险期间', periodText(d.startDate, d.endDate));
  if (d.sumAssured) field('基本保险金额', `人民币 ${moneyFigures(d.sumAssured)} 元`);

  // Coverage table: 险种 / 保险金额或责任限额 / 免赔额 / 保费.
  const cols = [
    { title: '险种（保险责任）', width: CONTENT * 0.4, align: 'left' as const },
    { title: '保险金额或责任限额（元）', width: CONTENT * 0.24, align: 'right' as const },
    { title: '免赔额（元）', width: CONTENT * 0.16, align: 'right' as const },
    { title: '保险费（元）', width: CONTENT * 0.2, align: 'right' as const },
  ];
  const tableRow = (cells: string[], font: 'R' | 'B', fill?: string) => {
    doc.font(font).fontSize(9);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.width - 8 }))) + 8;
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (font === 'R') tableRow(cols.map((c) => c.title), 'B', '#eeeeee');
      doc.font(font).fontSize(9);
    }
    const y = doc.y;
    if (fill) doc.rect(MARGIN, y, CONTENT, h).fill(fill).fillColor('black');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + 4, y + 4, { width: cols[i]!.width - 8, align: cols[i]!.align });
      x += cols[i]!.width;
    });
    doc.rect(MARGIN, y, CONTENT, h).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  ensure(60);
  doc.y += 4;
  tableRow(cols.map((c) => c.title), 'B', '#eeeeee');
  for (const c of d.coverages) {
    tableRow([c.name, c.limit ? moneyFigures(c.limit) : '—', c.deductible ? moneyFigures(c.deductible) : '无', c.premium ? moneyFigures(c.premium) : '—'], 'R');
  }
  doc.y += 8;

  section('保险费');
  const total = new Decimal(d.premium).plus(d.extraPremium).toFixed(2);
  field(d.single ? '保险费合计' : '每期保险费', `人民币 ${moneyFigures(total)} 元（大写：人民币${amountInWords(total)}）`);
  if (new Decimal(d.extraPremium).gt(0)) field('其中加费', `人民币 ${moneyFigures(d.extraPremium)} 元`);
  field('缴费方式', d.single || !d.paymentTerm ? d.paymentModeLabel : `${d.paymentModeLabel}，缴费期间 ${d.paymentTerm} 年`);
  if (d.coolingOffEnd) field('犹豫期', `犹豫期至 ${chineseDate(d.coolingOffEnd)}（含当日）。犹豫期内解除合同的，退还已交保险费，仅扣除工本费。`);

  section('特别约定');
  field('特别约定', d.specialConditions?.trim() || '无');

  ensure(60);
  doc.y += 10;
  const issued = new Date(d.issuedAt.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  field('签单日期', chineseDate(issued));
  doc.font('R').fontSize(8).fillColor(GREY).text('请仔细阅读保险条款，特别是责任免除、投保人和被保险人义务等内容。扫描二维码可核对保单号码。', MARGIN, doc.y + 6, { width: CONTENT });
  doc.fillColor('black');

  // Page numbers when the schedule runs over one page (written into the bottom margin).
  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const m = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('R').fontSize(8).fillColor(GREY).text(`${d.policyNo}    第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN, A4.height - MARGIN + 16, { width: CONTENT, align: 'center', lineBreak: false });
      doc.page.margins.bottom = m;
    }
  }
  doc.end();
  return done;
}
