/**
 * Re-dates a plan by whole years, so that a template (the 2010–2012 seed plans)
 * can run a new campaign: every date moves by the same number of years, so
 * July 1 stays July 1 and a window "June to next June" keeps its shape.
 */
import type { LocalDate } from './calendar';
import type { Plan } from './plan';
import { rebaseCommendation } from './plan-commendation';

function shiftDate(date: LocalDate, years: number): LocalDate {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  // February 29 has no twin in a common year: use the 28th.
  const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${year}-${monthDay === '02-29' && !isLeap(year) ? '02-28' : monthDay}`;
}

/** The plan moved so that its first phase starts in `firstYear`. */
export function rebasePlanToYear(plan: Plan, firstYear: number): Plan {
  const years = firstYear - Number(plan.phases[0].window.start.slice(0, 4));
  if (years === 0) return plan;
  return {
    ...plan,
    ...(plan.commendation ? { commendation: rebaseCommendation(plan.commendation, (date) => shiftDate(date, years), years) } : {}),
    milestones: plan.milestones.map((m) => (m.kind === 'yearly' || m.date === undefined ? m : { ...m, date: shiftDate(m.date, years) })),
    phases: plan.phases.map((phase) => ({
      ...phase,
      window: {
        start: shiftDate(phase.window.start, years),
        end: typeof phase.window.end === 'string' ? shiftDate(phase.window.end, years) : phase.window.end,
      },
      tasks: phase.tasks.map((task) => {
        const due = task.due;
        if (due.kind === 'date') return { ...task, due: { ...due, date: shiftDate(due.date, years) } };
        if (due.kind === 'milestone' && due.year !== undefined) return { ...task, due: { ...due, year: due.year + years } };
        return task;
      }),
    })),
  };
}
