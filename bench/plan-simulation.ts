/**
 * `npm run bench:simulate`: how long the plan simulation (domain/simulation.ts)
 * takes for seed-003 re-dated to 2027 at 1,000, 10,000 and 100,000 units, with
 * the shipped holiday calendar, and its headline figures. Asserts nothing.
 */
import { CN_HOLIDAY_CALENDAR } from '../domain/holidays/cn-calendar-data';
import { createWorkingDayCalendar } from '../domain/holidays/working-days';
import { parsePlan } from '../domain/plan';
import { rebasePlanToYear } from '../domain/rebase';
import { noticesIn, simulatePlan } from '../domain/simulation';
import { simulationAssumptionsSchema } from '../domain/simulation-input';
import { getTemplate } from '../domain/templates';

const RUNS = 9;
const plan = rebasePlanToYear(parsePlan(getTemplate('seed-003-bureau')), 2027);
const calendar = {
  isWorkingDay: createWorkingDayCalendar(CN_HOLIDAY_CALENDAR),
  coversYear: (year: number) => Object.prototype.hasOwnProperty.call(CN_HOLIDAY_CALENDAR.years, year),
};

for (const units of [1_000, 10_000, 100_000]) {
  const assumptions = simulationAssumptionsSchema.parse({
    units: { agency: Math.round(units * 0.6), school: Math.round(units * 0.2), community: units - Math.round(units * 0.6) - Math.round(units * 0.2) },
    behaviour: { late: [{ days: 5, percent: 15 }, { days: 30, percent: 5 }], neverPercent: 2 },
    reviews: { punctualPercent: 80, lateByDays: 10, findingsPercent: 10 },
  });
  const samples: number[] = [];
  let result = simulatePlan(plan, assumptions, calendar);
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    result = simulatePlan(plan, assumptions, calendar);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const t = result.totals;
  console.log(
    `seed-003 (2027), ${units} units: median ${samples[Math.floor(RUNS / 2)].toFixed(1)} ms; ` +
      `${result.weeks.length} weeks, tasks due ${t.tasksDue}, reminders ${t.reminders}, rungs ${JSON.stringify(t.rungs)}, ` +
      `notices ${JSON.stringify(t.notices)} (${noticesIn(t)} in all), busiest week ${result.peak.weekStart} with ${result.peak.notices} notices, ` +
      `${result.peak.approvalsPerSupervisor} approvals per supervisor that week, point reviews ${t.pointReviewsDue}, rectifications ${t.rectificationsOpened}`,
  );
}
