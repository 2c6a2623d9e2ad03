/**
 * Deadline and phase-window math: from a plan, the milestone dates known so
 * far and any amended deadlines, when each phase starts and ends and when each
 * task is due. Pure and deterministic, so workflows call it to arm timers and
 * the API calls it to explain them.
 */
import { addDays, endOfLocalDay, startOfLocalDay, weekdayOf, type LocalDate } from './calendar';
import type { Due, Milestone, Phase, Plan } from './plan';

/** Dates the office has set or moved, by milestone id. */
export type MilestoneDates = Record<string, LocalDate>;
/** Amended deadlines, by task id. */
export type DeadlineOverrides = Record<string, LocalDate>;

/** Decides whether a local date is a working day; weekends only unless a holiday calendar is given. */
export type WorkingDayCalendar = (date: LocalDate) => boolean;
export const weekdaysOnly: WorkingDayCalendar = (date) => {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
};

export function addWorkingDays(from: LocalDate, days: number, isWorkingDay: WorkingDayCalendar = weekdaysOnly): LocalDate {
  let date = from;
  let remaining = days;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) remaining -= 1;
  }
  return date;
}

function findMilestone(plan: Plan, id: string): Milestone {
  const milestone = plan.milestones.find((m) => m.id === id);
  if (!milestone) throw new RangeError(`unknown milestone "${id}"`);
  return milestone;
}

/**
 * The date of a milestone: the office's date if set, else the plan's. A yearly
 * milestone needs a year, or takes its first occurrence on or after `onOrAfter`.
 * Undefined while a to-be-set milestone (the Party Congress) has no date.
 */
export function milestoneDate(
  plan: Plan,
  dates: MilestoneDates,
  id: string,
  options: { year?: number; onOrAfter?: LocalDate } = {},
): LocalDate | undefined {
  const milestone = findMilestone(plan, id);
  if (milestone.kind !== 'yearly') return dates[id] ?? milestone.date;
  const pad = (n: number) => String(n).padStart(2, '0');
  const inYear = (year: number) => `${year}-${pad(milestone.month)}-${pad(milestone.day)}`;
  if (options.year !== undefined) return inYear(options.year);
  const from = options.onOrAfter ?? plan.phases[0].window.start;
  const year = Number(from.slice(0, 4));
  return inYear(year) >= from ? inYear(year) : inYear(year + 1);
}

export function phaseEndDate(plan: Plan, phase: Phase, dates: MilestoneDates): LocalDate | undefined {
  const end = phase.window.end;
  if (typeof end === 'string') return end;
  const date = milestoneDate(plan, dates, end.milestone);
  return date === undefined ? undefined : addDays(date, end.offsetDays);
}

export function dueDateOf(
  plan: Plan,
  phase: Phase,
  due: Due,
  dates: MilestoneDates,
  isWorkingDay: WorkingDayCalendar = weekdaysOnly,
): LocalDate | undefined {
  switch (due.kind) {
    case 'date':
      return due.date;
    case 'phase_end':
      return phaseEndDate(plan, phase, dates);
    case 'after_phase_start':
      return due.workingDays ? addWorkingDays(phase.window.start, due.days, isWorkingDay) : addDays(phase.window.start, due.days);
    case 'milestone': {
      const date = milestoneDate(plan, dates, due.milestone, { year: due.year, onOrAfter: phase.window.start });
      return date === undefined ? undefined : addDays(date, due.offsetDays);
    }
  }
}

export interface PhaseTimes {
  id: string;
  startsAt: number;
  /** End of the phase's last day; undefined while it hangs on an unset milestone. */
  endsAt: number | undefined;
}

export function phaseTimes(plan: Plan, dates: MilestoneDates): PhaseTimes[] {
  return plan.phases.map((phase) => {
    const end = phaseEndDate(plan, phase, dates);
    return { id: phase.id, startsAt: startOfLocalDay(phase.window.start), endsAt: end === undefined ? undefined : endOfLocalDay(end) };
  });
}

export interface TaskDeadline {
  taskId: string;
  phaseId: string;
  dueDate: LocalDate | undefined;
  dueAt: number | undefined;
}

/** Each task's deadline; an amended deadline (unit-level, then campaign-level) wins over the plan's rule. */
export function taskDeadlines(
  plan: Plan,
  dates: MilestoneDates,
  overrides: DeadlineOverrides = {},
  isWorkingDay: WorkingDayCalendar = weekdaysOnly,
): TaskDeadline[] {
  return plan.phases.flatMap((phase) =>
    phase.tasks.map((task) => {
      const dueDate = overrides[task.id] ?? dueDateOf(plan, phase, task.due, dates, isWorkingDay);
      return { taskId: task.id, phaseId: phase.id, dueDate, dueAt: dueDate === undefined ? undefined : endOfLocalDay(dueDate) };
    }),
  );
}
