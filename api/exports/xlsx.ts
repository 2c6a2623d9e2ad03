/**
 * Excel (.xlsx) downloads, streamed: rows are written to the response as they
 * are read, page by page, so a ledger of any size never sits in memory whole.
 * Every sheet has bilingual headers (Chinese, then English), a frozen header
 * row, set column widths, and dates as real dates (Beijing time).
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';

export type Cell = string | number | boolean | Date | null;

export interface XlsxColumn<T> {
  /** `中文 (English)`. */
  header: string;
  width: number;
  value: (row: T) => Cell;
  /** Excel number format, e.g. `yyyy-mm-dd` for a date column. */
  numFmt?: string;
}

export interface XlsxSheet<T> {
  name: string;
  columns: ReadonlyArray<XlsxColumn<T>>;
  rows: AsyncIterable<T> | Iterable<T>;
}

const OFFSET_MS = 8 * 3600_000;

/** An instant as the Beijing wall-clock time Excel shows (Excel dates carry no time zone). */
export const beijingDateTime = (iso: string | null | undefined): Date | null => (iso ? new Date(Date.parse(iso) + OFFSET_MS) : null);
/** A local date `YYYY-MM-DD` as an Excel date. */
export const localDateCell = (date: string | null | undefined): Date | null => (date ? new Date(`${date}T00:00:00Z`) : null);

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** A sheet of rows of any one type, for {@link sendXlsx}. */
export const defineSheet = <T>(sheet: XlsxSheet<T>): XlsxSheet<unknown> => sheet as unknown as XlsxSheet<unknown>;

/** Streams the sheets as one workbook to the response, with the download name given. */
export async function sendXlsx(res: Response, fileName: string, sheets: ReadonlyArray<XlsxSheet<unknown>>): Promise<void> {
  res.status(200);
  res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.attachment(fileName);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = '創先爭優 campaign orchestrator';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column, i) => ({ header: column.header, key: `c${i}`, width: column.width, ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}) }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.getRow(1).commit();
    for await (const row of sheet.rows) worksheet.addRow(sheet.columns.map((column) => column.value(row))).commit();
    worksheet.commit();
  }
  await workbook.commit();
}
