/**
 * The summary report (系統總結) as an Excel workbook: one sheet per section of
 * the report, with the conventions of the other exports (bilingual headers,
 * frozen header row, widths, dates as Beijing-time dates).
 */
import { RUNGS, type Bilingual, type Rung } from '../../domain/labels';
import type { SummaryReport } from '../../domain/summary-report';
import { beijingDateTime, DATE_TIME_FORMAT, defineSheet, type XlsxColumn, type XlsxSheet } from './xlsx';

/** A rate in per cent as shown in the JSON report (50 means 50 %), or empty when there is nothing to rate. */
const RATE_FORMAT = '0.0';

interface Figure {
  label: Bilingual;
  value: number | null;
}

type TaskRow = SummaryReport['tasks'][number] | (SummaryReport['totals'] & { title: Bilingual; phaseId: string });

/** The headline figures, in the order of the HTML page. */
export function summaryFigures(report: SummaryReport): Figure[] {
  return [
    { label: { zh: '單位數', en: 'units' }, value: report.units },
    { label: { zh: '完成率 (%)', en: 'completion rate, approved (%)' }, value: report.totals.completionRate },
    { label: { zh: '按時提交率 (%)', en: 'on-time rate (%)' }, value: report.totals.onTimeRate },
    { label: { zh: '新開整改', en: 'rectifications opened' }, value: report.rectifications.opened },
    { label: { zh: '整改銷號', en: 'rectifications closed' }, value: report.rectifications.verified },
    { label: { zh: '點評', en: 'point reviews given' }, value: report.reviewsGiven },
    { label: { zh: '督促檢查', en: 'supervision events' }, value: report.supervision.carriedOut },
    { label: { zh: '檢查單位次數', en: 'units checked' }, value: report.supervision.unitsVisited },
    { label: { zh: '工作不力批評', en: 'poor-effort criticisms' }, value: report.supervision.poorEffortCriticisms },
    { label: { zh: '表彰', en: 'commended' }, value: report.commendations.commended },
    { label: { zh: '通報表揚', en: 'circulated praise' }, value: report.commendations.praised },
    { label: { zh: '遲啟動單位', en: 'late starts' }, value: report.lateStarts },
  ];
}

const ABOUT_COLUMNS: ReadonlyArray<XlsxColumn<SummaryReport>> = [
  { header: '活動 (campaign)', width: 30, value: (r) => `${r.campaign.name.zh} (${r.campaign.name.en})` },
  { header: '範圍 (scope)', width: 28, value: (r) => (r.scope.subtreeRootId ? `${r.scope.name ?? r.scope.subtreeRootId} (${r.scope.subtreeRootId})` : '全部單位 (the whole campaign)') },
  { header: '階段 (phase)', width: 24, value: (r) => (r.phase ? `${r.phase.name.zh} (${r.phase.name.en})` : '全部階段 (all phases)') },
  { header: '生成時間 (generated, Beijing time)', width: 22, value: (r) => beijingDateTime(r.generatedAt), numFmt: DATE_TIME_FORMAT },
];

const FIGURE_COLUMNS: ReadonlyArray<XlsxColumn<Figure>> = [
  { header: '項目 (figure)', width: 18, value: (f) => f.label.zh },
  { header: 'Figure (English)', width: 32, value: (f) => f.label.en },
  { header: '數值 (value)', width: 12, value: (f) => f.value, numFmt: '0.##' },
];

const TASK_COLUMNS: ReadonlyArray<XlsxColumn<TaskRow>> = [
  { header: '任務 (task)', width: 28, value: (t) => t.title.zh },
  { header: 'Task (English)', width: 30, value: (t) => t.title.en },
  { header: '任務編號 (task id)', width: 18, value: (t) => t.taskId },
  { header: '階段 (phase)', width: 16, value: (t) => t.phaseId },
  { header: '應完成 (assigned)', width: 12, value: (t) => t.assigned },
  { header: '已提交 (submitted)', width: 12, value: (t) => t.submitted },
  { header: '已通過 (approved)', width: 12, value: (t) => t.approved },
  { header: '按時 (on time)', width: 12, value: (t) => t.onTime },
  { header: '完成率 % (completion)', width: 14, value: (t) => t.completionRate, numFmt: RATE_FORMAT },
  { header: '按時率 % (on time)', width: 14, value: (t) => t.onTimeRate, numFmt: RATE_FORMAT },
];

const RUNG_COLUMNS: ReadonlyArray<XlsxColumn<Rung>> = [
  { header: '督辦等級 (rung)', width: 16, value: (rung) => RUNGS[rung].zh },
  { header: 'Rung (English)', width: 24, value: (rung) => RUNGS[rung].en },
  { header: '次數 (times)', width: 12, value: () => null },
];

/** The sheets of the workbook: about, key figures, tasks (with the total last), escalations by rung. */
export function summaryReportSheets(report: SummaryReport): ReadonlyArray<XlsxSheet<unknown>> {
  const total: TaskRow = { ...report.totals, title: { zh: '合計', en: 'total' }, phaseId: '' };
  const rungColumns = RUNG_COLUMNS.map((column, i) => (i === 2 ? { ...column, value: (rung: Rung) => report.escalationsByRung[rung] } : column));
  return [
    defineSheet({ name: '報告 (report)', columns: ABOUT_COLUMNS, rows: [report] }),
    defineSheet({ name: '主要數據 (key figures)', columns: FIGURE_COLUMNS, rows: summaryFigures(report) }),
    defineSheet({ name: '任務完成情況 (tasks)', columns: TASK_COLUMNS, rows: [...report.tasks, total] }),
    defineSheet({ name: '督辦升級 (escalations)', columns: rungColumns, rows: Object.keys(RUNGS) as Rung[] }),
  ];
}
