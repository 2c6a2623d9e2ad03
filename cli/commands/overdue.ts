/**
 * `campaign overdue ID --subtree UNIT`: the overdue board (GET
 * /campaigns/:id/overdue), every page of it, as a table — or as CSV with
 * --csv, one row per task needing attention, for a spreadsheet.
 */
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { overdueReplySchema } from '../../api/routes/overdue.schemas';
import type { CommandContext } from '../context';
import { EXIT, refused } from '../errors';
import { seg } from '../http';
import { bi, label } from '../output';

type Overdue = z.infer<typeof overdueReplySchema>;
type BoardUnit = Overdue['units'][number];

export interface OverdueOptions {
  subtree?: string;
  light?: string;
  rung?: string;
  csv?: boolean;
}

const PAGE = 500;

export const OVERDUE_CSV_COLUMNS = ['unitId', 'name', 'phaseId', 'light', 'rung', 'overdueCount', 'firstResponsible', 'taskId', 'taskTitle', 'taskStatus', 'dueDate', 'taskOverdue', 'taskRung', 'taskLight'] as const;

function csvRows(units: BoardUnit[]): Array<Array<string | number | boolean>> {
  return units.flatMap((u) => {
    const head = [u.unitId, u.name, u.phaseId ?? '', u.light, u.rung ?? '', u.overdueCount, u.firstResponsible ?? ''];
    if (u.tasks.length === 0) return [[...head, '', '', '', '', '', '', '']];
    return u.tasks.map((t) => [...head, t.taskId, t.title ? `${t.title.zh} ${t.title.en}` : '', t.status, t.dueDate ?? '', t.overdue, t.rung ?? '', t.light]);
  });
}

export async function overdue(ctx: CommandContext, campaignId: string, options: OverdueOptions): Promise<number> {
  const { out } = ctx;
  if (options.csv && out.json) throw refused(bi('--csv 與 --json 只能選一', 'give --csv or --json, not both'));
  const api = ctx.api();
  const units: BoardUnit[] = [];
  let first: Overdue | undefined;
  let afterUnitId: string | undefined;
  do {
    const page: Overdue = await api.get<Overdue>(`/campaigns/${seg(campaignId)}/overdue`, {
      query: { subtreeRootId: options.subtree, light: options.light, rung: options.rung, afterUnitId, limit: PAGE },
    });
    first ??= page;
    units.push(...page.units);
    afterUnitId = page.nextAfterUnitId ?? undefined;
  } while (afterUnitId !== undefined);
  const counts = first!.counts;

  if (options.csv) {
    process.stdout.write(stringify(csvRows(units), { header: true, columns: [...OVERDUE_CSV_COLUMNS] }));
    return EXIT.ok;
  }
  out.result({ ok: true, campaignId, subtreeRootId: first!.subtreeRootId, counts, units });
  out.line(
    `${bi('逾期看板', 'overdue board')} ${campaignId}${options.subtree ? ` · ${bi('子樹', 'subtree')} ${options.subtree}` : ''}: ` +
      `${counts.units} ${bi('個單位', 'units')}, ${counts.overdueUnits} ${bi('個逾期', 'overdue')}; ` +
      counts.byLight.map((l) => `${l.label.zh} ${l.units}`).join(' · '),
  );
  if (units.length === 0) {
    out.line(bi('沒有需要關注的單位', 'no unit needs attention'));
    return EXIT.ok;
  }
  out.table(
    [bi('單位', 'unit'), bi('名稱', 'name'), bi('階段', 'phase'), bi('亮燈', 'light'), bi('升級', 'rung'), bi('逾期', 'overdue'), bi('第一責任人', 'first responsible'), bi('任務', 'tasks')],
    units.map((u) => [
      u.unitId,
      u.name,
      u.phaseId ?? '—',
      label(u.lightLabel),
      label(u.rungLabel, '—'),
      u.overdueCount,
      u.firstResponsible ?? '',
      u.tasks.map((t) => `${t.taskId}${t.dueDate ? ` (${t.dueDate})` : ''}`).join(', '),
    ]),
  );
  return EXIT.ok;
}
