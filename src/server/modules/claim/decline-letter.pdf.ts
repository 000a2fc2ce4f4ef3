// 拒赔通知书: the letter sent to the insured when a claim is declined — A4, Chinese, Noto Sans SC
// (the policy schedule's document setup). Deterministic: the same claim and decision give the same
// bytes (the creation date is the decision instant; pdfkit derives the file ID from the info).
import { SHANGHAI_OFFSET_MS } from '../../platform/clock';
import { chineseDate, cjkDocument } from '../policy/schedule.pdf';

/** Everything printed, already labelled (the service assembles it from the claim). */
export interface DeclineLetterData {
  companyName: string;
  orgName: string;
  claimNo: string;
  policyNo: string;
  productName: string;
  insuredName: string;
  /** YYYY-MM-DD (Shanghai). */
  reportedDate: string;
  lossDate: string;
  lossPlace: string;
  reason: { code: string; text: string };
  /** The approver's free explanation. */
  note: string;
  declinedAt: Date;
}

const MARGIN = 60;
const WIDTH = 595.28 - 2 * MARGIN;
const LABEL_W = 80;

export async function renderDeclineLetter(d: DeclineLetterData): Promise<Buffer> {
  const { doc, done } = cjkDocument({
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    // Subject: the claim number in plain ASCII, findable in the file.
    info: { Title: `拒赔通知书 ${d.claimNo}`, Subject: d.claimNo, Author: d.companyName, Creator: '保业 Baoye', Producer: '保业 Baoye', CreationDate: d.declinedAt },
  });

  doc.font('B').fontSize(15).text(d.companyName, { align: 'center' });
  doc.moveDown(0.4).fontSize(22).text('拒 赔 通 知 书', { align: 'center' });
  doc.moveDown(0.3).font('R').fontSize(10).text(`赔案号：${d.claimNo}`, { align: 'right' });
  doc.moveDown(1);

  const para = (text: string) => doc.font('R').fontSize(11).text(text, MARGIN, doc.y, { width: WIDTH, lineGap: 4 }).moveDown(0.6);
  para(`尊敬的 ${d.insuredName}：`);
  para(
    `您于 ${chineseDate(d.reportedDate)}报案的保险事故（保单号 ${d.policyNo}，出险日期 ${chineseDate(d.lossDate)}，出险地点 ${d.lossPlace}），` +
      `我公司已依据保险合同约定及相关法律法规进行了审核。经审核，${d.reason.text}，我公司对本次事故不承担赔偿或给付保险金责任，特此通知。`,
  );
  doc.moveDown(0.4);

  const field = (label: string, value: string) => {
    doc.font('R').fontSize(10);
    const y = doc.y;
    const h = doc.heightOfString(value, { width: WIDTH - LABEL_W });
    doc.font('B').text(label, MARGIN, y, { width: LABEL_W });
    doc.font('R').text(value, MARGIN + LABEL_W, y, { width: WIDTH - LABEL_W });
    doc.y = y + h + 5;
  };
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + WIDTH, doc.y).lineWidth(0.6).strokeColor('#999999').stroke();
  doc.y += 8;
  field('赔案号', d.claimNo);
  field('保险单号', d.policyNo);
  field('保险产品', d.productName);
  field('被保险人', d.insuredName);
  field('出险日期', chineseDate(d.lossDate));
  field('出险地点', d.lossPlace);
  field('拒赔原因', `${d.reason.text}（${d.reason.code}）`);
  field('具体说明', d.note);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + WIDTH, doc.y).stroke();
  doc.moveDown(1);

  para('如您对本通知有异议，可自收到本通知之日起向我公司提出书面复议申请并提供相关证明材料，也可依法申请仲裁或向人民法院提起诉讼。');
  doc.moveDown(2);
  const date = new Date(d.declinedAt.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  doc.font('R').fontSize(11).text(`${d.companyName}${d.orgName === d.companyName ? '' : ` ${d.orgName}`}`, { align: 'right' });
  doc.moveDown(0.3).text(chineseDate(date), { align: 'right' });
  doc.end();
  return done;
}
