/**
 * What is overdue (逾期) across a campaign or a subtree, at which rung and
 * light: for dashboards over 100,000 units, read from the PostgreSQL read
 * model (unit_campaign_state, one row per unit kept by the unit workflows in
 * the same transaction as their ledger rows) rather than from Temporal
 * visibility: the read model is already there, strongly consistent with the
 * ledger, joins the unit tree (names, subtrees by path), and answers counts by
 * light and rung with one index range scan; search attributes would need a
 * custom attribute per field, an advanced visibility store, and could not
 * join the tree.
 */
import { LIGHTS, type Light } from '../../domain/labels';
import { RUNGS, ROLES, type Rung } from '../../domain/labels';
import type { ReadScope } from '../../adapters/storage/read-scope';
import type { ReadModelTask } from '../../adapters/storage/read-model';
import { forbidden, roleLabel } from '../auth';
import type { ApiContext } from '../context';
import { rememberedCampaigns } from '../campaign-rows';
import { RequestValidationError } from '../errors';
import { campaignParams } from './common.schemas';
import { overdueQuery, overdueReplySchema } from './overdue.schemas';
import { DATE_FORMAT, defineSheet, localDateCell, sendXlsx } from '../exports/xlsx';
import type { AttentionRow } from '../../adapters/storage/read-model';
import { TASK_STATUSES, type TaskStatus } from '../../domain/labels';

const NO_RUNG = { zh: '未升級', en: 'no rung' };
const rungLabel = (rung: string | null | undefined) => (rung && rung in RUNGS ? RUNGS[rung as Rung] : null);
const lightOf = (light: string | undefined): Light => (light && light in LIGHTS ? (light as Light) : 'green');

type BoardRow = { unit: AttentionRow; task: ReadModelTask | null };
const label = (b: { zh: string; en: string } | null | undefined) => (b ? `${b.zh} (${b.en})` : null);

function boardColumns(titles: Map<string, { zh: string; en: string }>) {
  return [
    { header: '單位 (unit)', width: 18, value: (r: BoardRow) => r.unit.unitId },
    { header: '單位名稱 (unit name)', width: 24, value: (r: BoardRow) => r.unit.name },
    { header: '第一責任人 (first responsible)', width: 14, value: (r: BoardRow) => r.unit.firstResponsible },
    { header: '階段 (phase)', width: 16, value: (r: BoardRow) => r.unit.phaseId },
    { header: '單位亮燈 (unit light)', width: 14, value: (r: BoardRow) => label(LIGHTS[lightOf(r.unit.light)]) },
    { header: '單位督辦級別 (unit rung)', width: 22, value: (r: BoardRow) => label(rungLabel(r.unit.rung)) },
    { header: '逾期任務數 (overdue tasks)', width: 10, value: (r: BoardRow) => r.unit.overdueCount },
    { header: '任務 (task)', width: 22, value: (r: BoardRow) => r.task?.taskId ?? null },
    { header: '任務名稱 (task title)', width: 24, value: (r: BoardRow) => (r.task ? label(titles.get(r.task.taskId)) : null) },
    { header: '狀態 (status)', width: 16, value: (r: BoardRow) => (r.task ? (label(TASK_STATUSES[r.task.status as TaskStatus]) ?? r.task.status) : null) },
    { header: '截止日期 (deadline)', width: 12, value: (r: BoardRow) => localDateCell(r.task?.dueDate), numFmt: DATE_FORMAT },
    { header: '逾期 (overdue)', width: 8, value: (r: BoardRow) => (r.task ? (r.task.overdue ? '是 (yes)' : '否 (no)') : null) },
    { header: '任務督辦級別 (task rung)', width: 22, value: (r: BoardRow) => label(rungLabel(r.task?.rung)) },
  ];
}

const COUNT_COLUMNS = [
  { header: '亮燈 (light)', width: 24, value: (c: { light: string }) => label(LIGHTS[lightOf(c.light)]) },
  { header: '督辦級別 (rung)', width: 24, value: (c: { rung: string | null }) => label(rungLabel(c.rung) ?? NO_RUNG) },
  { header: '單位數 (units)', width: 10, value: (c: { units: number }) => c.units },
  { header: '有逾期的單位 (units with overdue tasks)', width: 14, value: (c: { overdueUnits: number }) => c.overdueUnits },
];

/** Every unit needing attention in scope, page by page, one row per task needing attention (or one for the unit). */
async function* boardRows(
  ctx: ApiContext,
  query: { campaignId: string; scope: ReadScope; light?: string; rung?: string; unitType?: string; phaseId?: string; afterPath: string | null },
): AsyncGenerator<BoardRow> {
  const PAGE = 500;
  let afterPath = query.afterPath;
  for (;;) {
    const page = await ctx.storage.readModel.attentionPage({ ...query, afterPath, limit: PAGE });
    for (const unit of page) {
      const tasks = unit.tasks.filter((task) => task.overdue || lightOf(task.light) !== 'green');
      if (tasks.length === 0) yield { unit, task: null };
      for (const task of tasks) yield { unit, task };
    }
    if (page.length < PAGE) return;
    afterPath = page[page.length - 1].path;
  }
}

export function registerOverdueRoutes(ctx: ApiContext): void {
  const { routes, access } = ctx;
  // A dashboard polls the board: one query fewer per request (bench:compare -- --only board; docs/scaling.md).
  const campaignOf = rememberedCampaigns(ctx);

  routes.add({
    method: 'get',
    path: '/campaigns/:id/overdue',
    tag: 'dashboard',
    summary: 'What is overdue, at which rung and light (亮燈), across the campaign or a subtree, with counts',
    description:
      'Units needing attention (a yellow or red light, or a task overdue) in tree order, optionally of one unit type (unitType) or phase (phaseId), which narrow the counts too, a page at a time (afterUnitId = nextAfterUnitId), each with its overdue tasks; plus the counts of units by light and by rung over the whole scope. The campaign office reads the whole campaign or any subtree; a supervisor must give a subtreeRootId they supervise; a unit reads its own unit only. A subtreeRootId or afterUnitId outside the caller\'s units is answered as an unknown unit (404, and 400 for afterUnitId).',
    access: 'authenticated',
    params: campaignParams,
    query: overdueQuery,
    responses: { 200: { description: 'a page of units and the counts', schema: overdueReplySchema } },
    handler: async ({ params, query, user, res }) => {
      const campaign = await campaignOf(params.id);
      let scope: ReadScope = { kind: 'campaign' };
      if (user.role === 'unit') {
        // Another unit is answered as an unknown one: 404.
        if (query.subtreeRootId !== undefined) await access.requireUnitVisible(user, query.subtreeRootId);
        scope = { kind: 'unit', unitId: user.unitId! };
      } else if (query.subtreeRootId === undefined) {
        if (user.role === 'supervisor') {
          throw forbidden(
            `as ${roleLabel('supervisor')} you read one subtree you supervise at a time: add ?subtreeRootId=<unit>; the whole campaign is for the campaign office (${ROLES.admin.zh})`,
          );
        }
      } else {
        const root = await access.requireUnitVisible(user, query.subtreeRootId);
        scope = { kind: 'subtrees', paths: [root.path] };
      }

      if (query.phaseId !== undefined && !campaign.plan.phases.some((phase) => phase.id === query.phaseId)) {
        throw new RequestValidationError('query', [
          { path: 'phaseId', message: `the plan of "${params.id}" has no phase "${query.phaseId}"; its phases: ${campaign.plan.phases.map((phase) => phase.id).join(', ')}` },
        ]);
      }
      const filters = { unitType: query.unitType, phaseId: query.phaseId };

      let afterPath: string | null = null;
      if (query.afterUnitId !== undefined) {
        // A unit outside the caller's units is as unknown as one that does not exist.
        const after = await ctx.storage.units.get(query.afterUnitId);
        if (!after || !(await access.canSeeUnit(user, after.id))) throw new RequestValidationError('query', [{ path: 'afterUnitId', message: `there is no unit "${query.afterUnitId}"; pass the nextAfterUnitId of the previous page` }]);
        afterPath = after.path;
      }

      if (query.format === 'xlsx') {
        const titles = new Map(campaign.plan.phases.flatMap((phase) => phase.tasks.map((task) => [task.id, task.title] as const)));
        await sendXlsx(res, `overdue-${params.id}.xlsx`, [
          defineSheet({ name: '逾期看板 (overdue board)', columns: boardColumns(titles), rows: boardRows(ctx, { campaignId: params.id, scope, light: query.light, rung: query.rung, ...filters, afterPath }) }),
          defineSheet({ name: '統計 (counts)', columns: COUNT_COLUMNS, rows: await ctx.storage.readModel.lightRungCounts(params.id, scope, filters) }),
        ]);
        return;
      }

      // The page and its counts in one statement (one round trip: docs/scaling.md).
      const { rows, counts } = await ctx.storage.readModel.boardPage({ campaignId: params.id, scope, light: query.light, rung: query.rung, ...filters, afterPath, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);

      const titles = new Map(campaign.plan.phases.flatMap((phase) => phase.tasks.map((task) => [task.id, task.title] as const)));
      const taskOut = (task: ReadModelTask) => {
        const light = lightOf(task.light);
        return {
          taskId: task.taskId,
          title: titles.get(task.taskId) ?? null,
          status: task.status,
          dueDate: task.dueDate,
          overdue: task.overdue,
          rung: (task.rung ?? null) as Rung | null,
          rungLabel: rungLabel(task.rung),
          light,
          lightLabel: LIGHTS[light],
        };
      };

      const byLight = new Map<Light, number>([['green', 0], ['yellow', 0], ['red', 0]]);
      const byRung = new Map<Rung | null, number>([[null, 0], ...(Object.keys(RUNGS) as Rung[]).map((r) => [r, 0] as [Rung, number])]);
      let total = 0;
      let overdueUnits = 0;
      for (const count of counts) {
        total += count.units;
        overdueUnits += count.overdueUnits;
        const light = lightOf(count.light);
        byLight.set(light, (byLight.get(light) ?? 0) + count.units);
        const rung = (count.rung && count.rung in RUNGS ? count.rung : null) as Rung | null;
        byRung.set(rung, (byRung.get(rung) ?? 0) + count.units);
      }

      return {
        status: 200,
        body: {
          campaignId: params.id,
          subtreeRootId: scope.kind === 'subtrees' ? (query.subtreeRootId ?? null) : scope.kind === 'unit' ? scope.unitId : null,
          counts: {
            units: total,
            overdueUnits,
            byLight: [...byLight].map(([light, units]) => ({ light, label: LIGHTS[light], units })),
            byRung: [...byRung].map(([rung, units]) => ({ rung, label: rung ? RUNGS[rung] : NO_RUNG, units })),
          },
          units: page.map((row) => {
            const light = lightOf(row.light);
            return {
              unitId: row.unitId,
              name: row.name,
              phaseId: row.phaseId,
              rung: (row.rung ?? null) as Rung | null,
              rungLabel: rungLabel(row.rung),
              light,
              lightLabel: LIGHTS[light],
              overdueCount: row.overdueCount,
              firstResponsible: row.firstResponsible,
              tasks: row.tasks.filter((task) => task.overdue || lightOf(task.light) !== 'green').map(taskOut),
            };
          }),
          nextAfterUnitId: rows.length > query.limit ? page[page.length - 1].unitId : null,
        },
      };
    },
  });
}
