/**
 * The summary report (系統總結) as an A4 PDF, drawn with pdfkit in a CJK font
 * read from disk (config REPORT_CJK_FONT, and REPORT_CJK_FONT_FACE for a font
 * collection): by default Debian's fonts-noto-cjk, Noto Sans CJK TC. A server
 * without the font answers 503 naming the package and the variables; the
 * report is never half-written.
 */
import fs from 'node:fs';
import type { Response } from 'express';
import PDFDocument from 'pdfkit';
import { AppError, ErrorType } from '../../domain/errors';
import { RUNGS, type Bilingual, type Rung } from '../../domain/labels';
import type { SummaryReport } from '../../domain/summary-report';
import { summaryFigures } from './summary-report-xlsx';

export interface ReportFont {
  /** A .ttf/.otf file, or a .ttc/.otc collection with `face`. */
  path: string;
  /** The PostScript name of the face in a collection, e.g. NotoSansCJKtc-Regular. */
  face?: string;
}

export const DEFAULT_REPORT_FONT: Required<ReportFont> = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKtc-Regular' };

const fontCache = new Map<string, Buffer>();

function unavailable(font: ReportFont, why: string): AppError {
  return new AppError(
    ErrorType.Unavailable,
    `the PDF report needs a CJK font and ${why}: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), or set REPORT_CJK_FONT to a font file (and REPORT_CJK_FONT_FACE to the face of a .ttc); format=html and format=xlsx work meanwhile`,
  );
}

/** The font's bytes, read once; throws the 503 when the file is missing or is not a font with that face. */
function loadFont(font: ReportFont): Buffer {
  const cached = fontCache.get(font.path);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(font.path);
  } catch {
    throw unavailable(font, `${font.path} (REPORT_CJK_FONT) cannot be read`);
  }
  fontCache.set(font.path, bytes);
  return bytes;
}

const pct = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} %`);
const both = (b: Bilingual) => `${b.zh} (${b.en})`;
const beijingTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Writes the report as a PDF to the response; resolves when it is all sent. */
export async function sendSummaryReportPdf(res: Response, fileName: string, report: SummaryReport, font: ReportFont): Promise<void> {
  const bytes = loadFont(font);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${report.campaign.name.zh} 系統總結 (summary report)`, Creator: '創先爭優 campaign orchestrator' } });
  try {
    // A collection names its face; a wrong face or a file that is no font fails here, before anything is sent.
    if (/\.(ttc|otc)$/i.test(font.path)) doc.registerFont('cjk', bytes, font.face ?? DEFAULT_REPORT_FONT.face);
    else doc.registerFont('cjk', bytes);
    doc.font('cjk');
  } catch (error) {
    throw unavailable(font, `${font.path}${font.face ? ` (face ${font.face}, REPORT_CJK_FONT_FACE)` : ''} is not a usable font: ${(error as Error).message}`);
  }
  res.status(200);
  res.set('Content-Type', 'application/pdf');
  res.attachment(fileName);
  doc.pipe(res);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;

  const heading = (text: string) => {
    if (doc.y > bottom - 80) doc.addPage();
    doc.moveDown(0.8).fontSize(13).fillColor('#000').text(text, left, doc.y, { width });
    doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).strokeColor('#999').stroke();
    doc.moveDown(0.5);
  };

  /** A table: column widths as shares of the page width; numbers right-aligned; a new page repeats the header row. */
  const table = (header: string[], rows: string[][], shares: number[], numeric: (column: number) => boolean) => {
    const widths = shares.map((s) => s * width);
    const drawRow = (cells: string[], bold: boolean) => {
      doc.fontSize(bold ? 8.5 : 9);
      const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 6 }))) + 6;
      if (doc.y + height > bottom) {
        doc.addPage();
        if (!bold) drawRow(header, true);
      }
      const y = doc.y;
      let x = left;
      cells.forEach((cell, i) => {
        if (bold) doc.rect(x, y, widths[i], height).fillAndStroke('#eee', '#aaa').fillColor('#000');
        else doc.rect(x, y, widths[i], height).strokeColor('#aaa').stroke();
        doc.text(cell, x + 3, y + 3, { width: widths[i] - 6, align: numeric(i) && !bold ? 'right' : 'left' });
        x += widths[i];
      });
      doc.x = left;
      doc.y = y + height;
    };
    drawRow(header, true);
    for (const row of rows) drawRow(row, false);
  };

  doc.fontSize(18).text(`${both(report.campaign.name)} — 系統總結 (summary report)`, { width });
  doc.moveDown(0.4).fontSize(10).fillColor('#333');
  doc.text(`範圍 (scope)：${report.scope.subtreeRootId ? `${report.scope.name ?? report.scope.subtreeRootId} (${report.scope.subtreeRootId})` : '全部單位 (the whole campaign)'}`);
  doc.text(`階段 (phase)：${report.phase ? both(report.phase.name) : '全部階段 (all phases)'}`);
  doc.text(`生成時間 (generated)：${beijingTime(report.generatedAt)} 北京時間 (Beijing time)`);

  heading('主要數據 (key figures)');
  table(
    ['項目 (figure)', '數值 (value)'],
    summaryFigures(report).map((f) => [both(f.label), f.label.zh.includes('%') ? pct(f.value) : String(f.value ?? '—')]),
    [0.7, 0.3],
    (i) => i === 1,
  );

  heading('任務完成情況 (tasks)');
  const taskRow = (title: string, phaseId: string, t: SummaryReport['totals']) => [title, phaseId, String(t.assigned), String(t.submitted), String(t.approved), String(t.onTime), pct(t.completionRate), pct(t.onTimeRate)];
  table(
    ['任務 (task)', '階段 (phase)', '應完成 (assigned)', '已提交 (submitted)', '已通過 (approved)', '按時 (on time)', '完成率 (completion)', '按時率 (on-time rate)'],
    [...report.tasks.map((t) => taskRow(both(t.title), t.phaseId, t)), taskRow('合計 (total)', '', report.totals)],
    [0.24, 0.12, 0.1, 0.1, 0.1, 0.1, 0.12, 0.12],
    (i) => i >= 2,
  );

  heading('督辦升級 (escalations by rung)');
  table(
    ['督辦等級 (rung)', '次數 (times)'],
    (Object.keys(RUNGS) as Rung[]).map((rung) => [both(RUNGS[rung]), String(report.escalationsByRung[rung])]),
    [0.7, 0.3],
    (i) => i === 1,
  );
  const sent = new Promise<void>((resolve, reject) => {
    res.on('finish', resolve);
    res.on('close', resolve);
    doc.on('error', reject);
  });
  doc.end();
  await sent;
}
