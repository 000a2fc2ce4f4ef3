// Excel export of lists: one header row in the user's language, frozen and filtered, then rows.
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { SHANGHAI_OFFSET_MS } from './clock';

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | Date | null | undefined;
}

export async function toXlsx<T>(sheetName: string, columns: Column<T>[], rows: T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '保业 Baoye';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  for (const row of rows) ws.addRow(columns.map((c) => c.value(row) ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a workbook as a download with a UTF-8 (Chinese) file name. */
export function sendXlsx(reply: FastifyReply, fileName: string, body: Buffer) {
  return sendDownload(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName, body, 'export.xlsx');
}

/**
 * Sends a file as a download: `filename*` carries the UTF-8 (Chinese) name (RFC 5987/6266),
 * `filename` an ASCII fallback for old clients.
 */
export function sendDownload(reply: FastifyReply, contentType: string, fileName: string, body: Buffer, asciiFallback: string) {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`).send(body);
}

/** Asia/Shanghai wall-clock time (YYYY-MM-DD HH:mm:ss) for spreadsheets and documents. */
export function shanghaiDateTime(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
