/**
 * Plan simulation from the terminal (方案模擬): prints the schedule and the
 * weeks as a bilingual table, from the same domain function as
 * POST /plans/simulate. Counts working days with the shipped holiday calendar.
 *
 *   npm run plan:simulate -- --template seed-003-bureau --start-year 2027 \
 *     [--units agency=1000,school=200] [--late 5:20] [--late 30:5] [--never 5] \
 *     [--punctual 80] [--review-late-days 10] [--findings 10] [--per-supervisor 10] \
 *     [--start-date 2027-07-01] [--plan plan.json] [--csv out.csv] [--svg out.svg] [--json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CN_HOLIDAY_CALENDAR } from '../domain/holidays/cn-calendar-data';
import { createWorkingDayCalendar } from '../domain/holidays/working-days';
import { parsePlan, type Plan } from '../domain/plan';
import { rebasePlanToYear } from '../domain/rebase';
import { simulatePlan } from '../domain/simulation';
import { simulationAssumptionsSchema } from '../domain/simulation-input';
import { simulationCsv, simulationSvg, simulationText } from '../domain/simulation-report';
import { getTemplate, listTemplates } from '../domain/templates';
import { InvalidInputError, parseOrThrow } from '../domain/validation';

function fail(message: string): never {
  process.stderr.write(`plan:simulate: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    template: { type: 'string' },
    plan: { type: 'string' },
    'start-year': { type: 'string' },
    'start-date': { type: 'string' },
    units: { type: 'string', default: 'agency=1000' },
    late: { type: 'string', multiple: true, default: [] },
    never: { type: 'string', default: '0' },
    punctual: { type: 'string', default: '100' },
    'review-late-days': { type: 'string', default: '10' },
    findings: { type: 'string', default: '0' },
    'per-supervisor': { type: 'string', default: '10' },
    csv: { type: 'string' },
    svg: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function loadPlan(): Plan {
  if ((values.template === undefined) === (values.plan === undefined)) {
    fail(`give exactly one of --template <id> or --plan <file.json>; templates: ${listTemplates().map((t) => t.id).join(', ')}`);
  }
  let input: unknown;
  if (values.template !== undefined) {
    input = getTemplate(values.template);
    if (input === undefined) fail(`there is no template "${values.template}"; templates: ${listTemplates().map((t) => t.id).join(', ')}`);
  } else {
    input = JSON.parse(readFileSync(values.plan!, 'utf8'));
  }
  let plan = parsePlan(input);
  if (values['start-year'] !== undefined) {
    const year = Number(values['start-year']);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) fail('--start-year must be a year from 2000 to 2100');
    plan = rebasePlanToYear(plan, year);
  }
  return plan;
}

try {
  const plan = loadPlan();
  const units = Object.fromEntries(
    values.units.split(',').map((pair) => {
      const [type, count] = pair.split('=');
      return [type.trim(), Number(count)];
    }),
  );
  const late = values.late.map((spec) => {
    const [days, percent] = spec.split(':').map(Number);
    return { days, percent };
  });
  const assumptions = parseOrThrow(
    simulationAssumptionsSchema,
    {
      units,
      unitsPerSupervisor: Number(values['per-supervisor']),
      ...(values['start-date'] ? { startDate: values['start-date'] } : {}),
      behaviour: { late, neverPercent: Number(values.never) },
      reviews: { punctualPercent: Number(values.punctual), lateByDays: Number(values['review-late-days']), findingsPercent: Number(values.findings) },
    },
    'the assumptions',
  );
  const began = performance.now();
  const result = simulatePlan(plan, assumptions, {
    isWorkingDay: createWorkingDayCalendar(CN_HOLIDAY_CALENDAR),
    coversYear: (year) => Object.prototype.hasOwnProperty.call(CN_HOLIDAY_CALENDAR.years, year),
  });
  const tookMs = performance.now() - began;
  if (values.csv) writeFileSync(values.csv, `\uFEFF${simulationCsv(result)}`);
  if (values.svg) writeFileSync(values.svg, simulationSvg(result));
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : simulationText(result));
  if (!values.json) process.stdout.write(`計算用時 (computed in) ${tookMs.toFixed(1)} ms\n`);
} catch (error) {
  if (error instanceof InvalidInputError) fail(error.message);
  throw error;
}
