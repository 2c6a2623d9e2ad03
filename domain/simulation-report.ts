/**
 * A plan simulation as an office reads it: a CSV of the weeks with bilingual
 * headers, a plain-text table for the terminal, and an SVG chart of the
 * notices per week (self-contained: no fonts or scripts fetched).
 */
import { RUNGS } from './labels';
import { noticesIn, RUNG_IDS, type SimulationResult, type SimulationWeek } from './simulation';

interface Column {
  header: string;
  value: (week: SimulationWeek) => string | number;
}

export const SIMULATION_COLUMNS: Column[] = [
  { header: '週起始 (week of)', value: (w) => w.weekStart },
  { header: '到期任務 (tasks due)', value: (w) => w.tasksDue },
  { header: '提醒 (reminders)', value: (w) => w.reminders },
  ...RUNG_IDS.map((rung) => ({ header: `${RUNGS[rung].zh} (${RUNGS[rung].en})`, value: (w: SimulationWeek) => w.rungs[rung] })),
  { header: '通知·支部書記 (notices: secretary)', value: (w) => w.notices.secretary },
  { header: '通知·上級 (notices: supervisor)', value: (w) => w.notices.supervisor },
  { header: '通知·辦公室 (notices: office)', value: (w) => w.notices.office },
  { header: '補發彙總 (catch-up digests)', value: (w) => w.catchUpDigests },
  { header: '提交 (submissions)', value: (w) => w.submissions },
  { header: '待上級審核 (approvals: supervisor)', value: (w) => w.approvals.supervisor },
  { header: '待辦公室審核 (approvals: office)', value: (w) => w.approvals.office },
  { header: '催審 (approval reminders)', value: (w) => w.approvalReminders },
  { header: '應點評 (point reviews due)', value: (w) => w.pointReviewsDue },
  { header: '催點評 (review chases)', value: (w) => w.reviewChases },
  { header: '新開整改 (rectifications opened)', value: (w) => w.rectificationsOpened },
];

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The weeks as CSV (UTF-8, one header row, one row per week). */
export function simulationCsv(result: SimulationResult): string {
  const lines = [SIMULATION_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const week of result.weeks) lines.push(SIMULATION_COLUMNS.map((c) => csvCell(c.value(week))).join(','));
  return `${lines.join('\n')}\n`;
}

/** Display width in a terminal: CJK characters take two columns. */
const widthOf = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (text: string, width: number, right = false) => {
  const gap = ' '.repeat(Math.max(0, width - widthOf(text)));
  return right ? gap + text : text + gap;
};

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0 && /^-?[\d.]+$/.test(c))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The whole simulation as text: the schedule, then the weeks with anything in them, then the totals. */
export function simulationText(result: SimulationResult): string {
  const out: string[] = [];
  out.push(`方案模擬 (plan simulation): ${result.units} 個單位 (units), ${result.supervisors} 名上級 (supervisors), 啟動 (start) ${result.startDate}`);
  out.push('');
  out.push(table(['階段 (phase)', '開始 (start)', '結束 (end)'], result.phases.map((p) => [`${p.name.zh} (${p.id})`, p.start, p.end ?? '未定 (to be set)'])));
  out.push('');
  out.push(
    table(
      ['任務 (task)', '單位數 (units)', '方案截止 (plan deadline)', '實際截止 (deadline)', '遲啟動 (late start)', '提醒 (reminders)', '督辦各級 (rungs)'],
      result.tasks.map((t) => [
        t.taskId,
        String(t.units),
        t.planDueDate ?? '未定 (to be set)',
        `${t.dueDate ?? '—'}${t.dueOnNonWorkingDay ? ' (非工作日 non-working day)' : ''}`,
        t.lateStart ?? '—',
        t.reminders.join(' '),
        t.rungs.map((r) => `${RUNGS[r.rung].zh} ${r.date}`).join('; '),
      ]),
    ),
  );
  if (result.workingDayAdjustments.length > 0) {
    out.push('');
    out.push(
      table(
        ['按工作日計 (counted in working days)', '天數 (days)', '按日曆日 (calendar days)', '按工作日 (working days)', '多出 (extra days)'],
        result.workingDayAdjustments.map((a) => [a.what, String(a.days), a.calendarDate, a.workingDate, String(a.extraDays)]),
      ),
    );
  }
  out.push('');
  const busy = result.weeks.filter((w) => noticesIn(w) + w.tasksDue + w.submissions + w.pointReviewsDue > 0);
  const headers = SIMULATION_COLUMNS.map((c) => c.header);
  const totalRow = SIMULATION_COLUMNS.map((c, i) => (i === 0 ? '合計 (total)' : String(c.value({ weekStart: '', ...result.totals }))));
  out.push(table(headers, [...busy.map((w) => SIMULATION_COLUMNS.map((c) => String(c.value(w)))), totalRow]));
  out.push('');
  out.push(`最忙一週 (busiest week): ${result.peak.weekStart ?? '—'}, ${result.peak.notices} 條通知 (notices), 每名上級待審 ${result.peak.approvalsPerSupervisor} 件 (approvals per supervisor)`);
  for (const note of result.notes) out.push(`注意 (note): ${note.zh} / ${note.en}`);
  return `${out.join('\n')}\n`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A bar chart of the notices per week, stacked by recipient role. */
export function simulationSvg(result: SimulationResult): string {
  const bar = 6;
  const gap = 2;
  const height = 240;
  const left = 48;
  const top = 40;
  const width = left + Math.max(1, result.weeks.length) * (bar + gap) + 20;
  const max = Math.max(1, ...result.weeks.map(noticesIn));
  const scale = (n: number) => (n / max) * height;
  const colours = { secretary: '#4e79a7', supervisor: '#f28e2b', office: '#e15759' } as const;
  const parts: string[] = [];
  result.weeks.forEach((week, i) => {
    let y = top + height;
    for (const role of ['secretary', 'supervisor', 'office'] as const) {
      const h = scale(week.notices[role]);
      if (h <= 0) continue;
      y -= h;
      parts.push(`<rect x="${left + i * (bar + gap)}" y="${y.toFixed(2)}" width="${bar}" height="${h.toFixed(2)}" fill="${colours[role]}"><title>${escapeXml(`${week.weekStart} ${role}: ${week.notices[role]}`)}</title></rect>`);
    }
  });
  const first = result.weeks[0]?.weekStart ?? '';
  const last = result.weeks.at(-1)?.weekStart ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 40}" viewBox="0 0 ${width} ${top + height + 40}" font-family="sans-serif" font-size="11">`,
    `<title>每週通知數 (notices per week)</title>`,
    `<text x="${left}" y="20">每週通知數 (notices per week), ${result.units} 個單位 (units); 最多 (max) ${max}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>`,
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 4}" y="${top + height}" text-anchor="end">0</text>`,
    `<text x="${left}" y="${top + height + 16}">${escapeXml(first)}</text>`,
    `<text x="${width - 10}" y="${top + height + 16}" text-anchor="end">${escapeXml(last)}</text>`,
    ...parts,
    `<text x="${left}" y="${top + height + 32}"><tspan fill="${colours.secretary}">■ 支部書記 (secretary)</tspan> <tspan fill="${colours.supervisor}">■ 上級 (supervisor)</tspan> <tspan fill="${colours.office}">■ 辦公室 (office)</tspan></text>`,
    '</svg>',
    '',
  ].join('\n');
}
