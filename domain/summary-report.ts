/**
 * The campaign summary report (系統總結) an office attaches to its summary:
 * per subtree and phase, completion and on-time rates, escalations by rung,
 * rectifications opened and closed, reviews given, supervision and
 * commendations — shaped from counts the storage aggregates, and written as a
 * self-contained printable HTML page (inline styles, no external assets).
 */
import type { Bilingual, Rung } from './labels';
import { RUNGS } from './labels';
import type { Plan } from './plan';

export interface SummaryTaskCount {
  taskId: string;
  assigned: number;
  submitted: number;
  approved: number;
  onTime: number;
}

export interface SummaryKindCount {
  kind: string;
  rung: string | null;
  phaseId: string | null;
  taskId: string | null;
  count: number;
}

export interface SummaryReport {
  campaign: { id: string; name: Bilingual };
  scope: { subtreeRootId: string | null; name: string | null };
  phase: { id: string; name: Bilingual } | null;
  generatedAt: string;
  units: number;
  tasks: Array<SummaryTaskCount & { title: Bilingual; phaseId: string; completionRate: number | null; onTimeRate: number | null }>;
  totals: SummaryTaskCount & { completionRate: number | null; onTimeRate: number | null };
  escalationsByRung: Record<Rung, number>;
  rectifications: { opened: number; verified: number };
  reviewsGiven: number;
  supervision: { carriedOut: number; unitsVisited: number; poorEffortCriticisms: number };
  commendations: { commended: number; praised: number };
  lateStarts: number;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The report for the campaign, a scope and (optionally) one phase. Counts outside the phase are left out where rows name a phase or task. */
export function buildSummaryReport(input: {
  campaign: { id: string; name: Bilingual; plan: Plan };
  scope: SummaryReport['scope'];
  phaseId: string | null;
  generatedAt: string;
  units: number;
  taskCounts: readonly SummaryTaskCount[];
  kindCounts: readonly SummaryKindCount[];
}): SummaryReport {
  const { plan } = input.campaign;
  const phase = input.phaseId ? plan.phases.find((p) => p.id === input.phaseId) : undefined;
  const taskPhase = new Map(plan.phases.flatMap((p) => p.tasks.map((t) => [t.id, { phaseId: p.id, title: t.title }] as const)));
  const inPhase = (row: { phaseId: string | null; taskId: string | null }) => {
    if (!phase) return true;
    if (row.taskId) return taskPhase.get(row.taskId)?.phaseId === phase.id;
    return row.phaseId === null || row.phaseId === phase.id;
  };
  const tasks = input.taskCounts
    .filter((t) => taskPhase.has(t.taskId) && (!phase || taskPhase.get(t.taskId)!.phaseId === phase.id))
    .map((t) => ({ ...t, ...taskPhase.get(t.taskId)!, completionRate: rate(t.approved, t.assigned), onTimeRate: rate(t.onTime, t.assigned) }))
    .sort((a, b) => plan.phases.findIndex((p) => p.id === a.phaseId) - plan.phases.findIndex((p) => p.id === b.phaseId) || a.taskId.localeCompare(b.taskId));
  const sum = (key: keyof SummaryTaskCount) => tasks.reduce((n, t) => n + (t[key] as number), 0);
  const totals = { taskId: '', assigned: sum('assigned'), submitted: sum('submitted'), approved: sum('approved'), onTime: sum('onTime') };
  const count = (kind: string, where: (row: SummaryKindCount) => boolean = () => true) =>
    input.kindCounts.filter((row) => row.kind === kind && inPhase(row) && where(row)).reduce((n, row) => n + row.count, 0);
  const escalationsByRung = Object.fromEntries((Object.keys(RUNGS) as Rung[]).map((rung) => [rung, count('escalation.rung', (row) => row.rung === rung)])) as Record<Rung, number>;
  return {
    campaign: { id: input.campaign.id, name: input.campaign.name },
    scope: input.scope,
    phase: phase ? { id: phase.id, name: phase.name } : null,
    generatedAt: input.generatedAt,
    units: input.units,
    tasks,
    totals: { ...totals, completionRate: rate(totals.approved, totals.assigned), onTimeRate: rate(totals.onTime, totals.assigned) },
    escalationsByRung,
    rectifications: { opened: count('rectification.opened'), verified: count('rectification.verified') },
    reviewsGiven: count('review.given'),
    supervision: { carriedOut: count('supervision.carried_out'), unitsVisited: count('supervision.unit'), poorEffortCriticisms: count('criticism.poor_effort') },
    commendations: { commended: count('commendation.commended'), praised: count('praise.circulated') },
    lateStarts: count('unit.late_start'),
  };
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} %`);
const both = (b: Bilingual) => `${esc(b.zh)} <span class="en">(${esc(b.en)})</span>`;

/** The report as one printable HTML page: inline styles only, nothing fetched. */
export function summaryReportHtml(report: SummaryReport): string {
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  const figures: Array<[string, string | number]> = [
    ['單位數 <span class="en">(units)</span>', report.units],
    ['完成率 <span class="en">(completion rate, approved)</span>', pct(report.totals.completionRate)],
    ['按時提交率 <span class="en">(on-time rate)</span>', pct(report.totals.onTimeRate)],
    ['新開整改 <span class="en">(rectifications opened)</span>', report.rectifications.opened],
    ['整改銷號 <span class="en">(rectifications closed)</span>', report.rectifications.verified],
    ['點評 <span class="en">(point reviews given)</span>', report.reviewsGiven],
    ['督促檢查 <span class="en">(supervision events)</span>', report.supervision.carriedOut],
    ['檢查單位次數 <span class="en">(units checked)</span>', report.supervision.unitsVisited],
    ['工作不力批評 <span class="en">(poor-effort criticisms)</span>', report.supervision.poorEffortCriticisms],
    ['表彰 <span class="en">(commended)</span>', report.commendations.commended],
    ['通報表揚 <span class="en">(circulated praise)</span>', report.commendations.praised],
    ['遲啟動單位 <span class="en">(late starts)</span>', report.lateStarts],
  ];
  return `<!DOCTYPE html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<title>${esc(report.campaign.name.zh)} 系統總結 (summary report)</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin-top: .5em; } td, th { border: 1px solid #aaa; padding: .25em .6em; text-align: left; }
td.n, th.n { text-align: right; } .en { color: #666; font-size: .85em; } .meta { color: #444; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { width: 100%; } tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
</style>
</head>
<body>
<h1>${both(report.campaign.name)} — 系統總結 <span class="en">(summary report)</span></h1>
<p class="meta">範圍 <span class="en">(scope)</span>：${report.scope.subtreeRootId ? `${esc(report.scope.name ?? report.scope.subtreeRootId)} (${esc(report.scope.subtreeRootId)})` : '全部單位 <span class="en">(the whole campaign)</span>'}；
階段 <span class="en">(phase)</span>：${report.phase ? both(report.phase.name) : '全部階段 <span class="en">(all phases)</span>'}；
生成時間 <span class="en">(generated)</span>：${esc(report.generatedAt)}</p>
<h2>主要數據 <span class="en">(key figures)</span></h2>
<table>${figures.map(([k, v]) => row([k, `<span class="n">${esc(String(v))}</span>`])).join('\n')}</table>
<h2>任務完成情況 <span class="en">(tasks)</span></h2>
<table>
<tr><th>任務 <span class="en">(task)</span></th><th>階段 <span class="en">(phase)</span></th><th class="n">應完成 <span class="en">(assigned)</span></th><th class="n">已提交 <span class="en">(submitted)</span></th><th class="n">已通過 <span class="en">(approved)</span></th><th class="n">按時 <span class="en">(on time)</span></th><th class="n">完成率 <span class="en">(completion)</span></th><th class="n">按時率 <span class="en">(on time)</span></th></tr>
${report.tasks.map((t) => row([both(t.title), esc(t.phaseId), String(t.assigned), String(t.submitted), String(t.approved), String(t.onTime), pct(t.completionRate), pct(t.onTimeRate)])).join('\n')}
${row(['<b>合計 <span class="en">(total)</span></b>', '', String(report.totals.assigned), String(report.totals.submitted), String(report.totals.approved), String(report.totals.onTime), pct(report.totals.completionRate), pct(report.totals.onTimeRate)])}
</table>
<h2>督辦升級 <span class="en">(escalations by rung)</span></h2>
<table>${(Object.keys(RUNGS) as Rung[]).map((rung) => row([both(RUNGS[rung]), String(report.escalationsByRung[rung])])).join('\n')}</table>
</body>
</html>
`;
}
