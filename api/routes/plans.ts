/** Plan simulation (方案模擬): what a plan would bring, week by week, before anything is started. */
import { AppError, ErrorType } from '../../domain/errors';
import { createWorkingDayCalendar } from '../../domain/holidays/working-days';
import { parsePlan, type Plan } from '../../domain/plan';
import { rebasePlanToYear } from '../../domain/rebase';
import { simulatePlan } from '../../domain/simulation';
import { totalUnits } from '../../domain/simulation-input';
import { simulationCsv, simulationSvg } from '../../domain/simulation-report';
import { getTemplate } from '../../domain/templates';
import type { ApiContext } from '../context';
import { simulatePlanBody, simulateQuery, simulationResultSchema } from './plans.schemas';

/** The largest tree a simulation takes unless configured otherwise (SIMULATION_MAX_UNITS). */
export const DEFAULT_SIMULATION_MAX_UNITS = 1_000_000;

export function registerPlanRoutes(ctx: ApiContext): void {
  const maxUnits = ctx.simulationMaxUnits ?? DEFAULT_SIMULATION_MAX_UNITS;
  ctx.routes.add({
    method: 'post',
    path: '/plans/simulate',
    tag: 'plans',
    summary: 'Simulate a plan for a hypothetical tree: tasks due, reminders, rungs, notices and load per week',
    description:
      'Computed from the same rules the workflows arm their timers with (deadlines, working days with the holiday calendar in force, the ladder, the late-start policy, point-review periods); ' +
      'nothing is started and nothing is written to the ledger or the outbox. `format=csv` downloads the weeks, `format=svg` a chart of the notices per week. ' +
      `A tree of more than the configured limit of units (SIMULATION_MAX_UNITS, now ${maxUnits}) is refused with 413.`,
    access: ['admin'],
    query: simulateQuery,
    body: simulatePlanBody,
    responses: {
      200: { description: 'the simulation (JSON; or CSV or SVG by `format`)', schema: simulationResultSchema },
      413: { description: 'the tree is bigger than the configured limit, which the message names' },
    },
    handler: async ({ body, query, res }) => {
      const units = totalUnits(body.assumptions);
      if (units > maxUnits) {
        throw new AppError(ErrorType.TooLarge, `the simulation has ${units} units, more than the limit of ${maxUnits} (SIMULATION_MAX_UNITS); simulate a smaller tree, or ask the operator to raise the limit`);
      }
      let plan: Plan = parsePlan(body.template !== undefined ? getTemplate(body.template) : body.plan);
      if (body.startYear !== undefined) plan = rebasePlanToYear(plan, body.startYear);
      const { calendar } = await ctx.storage.holidays.inForce();
      const result = simulatePlan(plan, body.assumptions, {
        isWorkingDay: createWorkingDayCalendar(calendar),
        coversYear: (year) => Object.prototype.hasOwnProperty.call(calendar.years, year),
      });
      if (query.format === 'csv') {
        res.status(200).set('Content-Type', 'text/csv; charset=utf-8').attachment(`simulation-${plan.id}.csv`);
        // The BOM lets spreadsheet programs read the Chinese headers as UTF-8.
        res.send(`\uFEFF${simulationCsv(result)}`);
        return;
      }
      if (query.format === 'svg') {
        res.status(200).set('Content-Type', 'image/svg+xml; charset=utf-8').send(simulationSvg(result));
        return;
      }
      return { status: 200, body: { ...result, calendarVersion: calendar.version } };
    },
  });
}
