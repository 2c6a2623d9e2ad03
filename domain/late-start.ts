/**
 * Late start (遲啟動): what happens to a task whose deadline has already passed
 * when a unit's campaign starts. Nobody could have met such a deadline, so by
 * default (`grace`) it moves to the start plus a few (working) days; `waive`
 * drops it; `escalate` keeps it, and the ladder fires at once, on purpose.
 * Pure: the unit workflow records the decision once, at its start.
 */
import { addDays, localDateOf, type LocalDate } from './calendar';
import { addWorkingDays, type TaskDeadline, type WorkingDayCalendar } from './schedule';

export const lateStartPolicies = ['grace', 'escalate', 'waive'] as const;
export type LateStartPolicy = (typeof lateStartPolicies)[number];

/** The plan's late-start settings (schema: ./late-start-schema.ts; no zod here, the workflows use this module). */
export interface LateStartSettings {
  policy: LateStartPolicy;
  /** Under `grace`: the new deadline is the start plus this many days. */
  graceDays: number;
  /** Whether grace counts working days (the holiday calendar applies) or calendar days. */
  workingDays: boolean;
}

/** One task that had passed its deadline at the start, and what became of it. */
export interface LateStartTask {
  taskId: string;
  /** The deadline in force at the start, already past. */
  passedDueDate: LocalDate;
  /** Under `grace`, the deadline that holds instead. */
  graceDueDate?: LocalDate;
}

export interface LateStartRecord {
  policy: LateStartPolicy;
  /** The instant the unit started (ms): nothing is chased for time before it under `grace` or `waive`. */
  startedAt: number;
  tasks: LateStartTask[];
}

/** The decision taken at a unit's start: which deadlines had passed, and what holds instead. */
export function decideLateStart(settings: LateStartSettings, deadlines: readonly TaskDeadline[], startedAt: number, isWorkingDay: WorkingDayCalendar): LateStartRecord {
  const today = localDateOf(startedAt);
  const graceDueDate = settings.workingDays ? addWorkingDays(today, settings.graceDays, isWorkingDay) : addDays(today, settings.graceDays);
  const passed = deadlines.filter((d) => d.dueAt !== undefined && d.dueAt < startedAt);
  return {
    policy: settings.policy,
    startedAt,
    tasks: passed.map((d) => ({ taskId: d.taskId, passedDueDate: d.dueDate!, ...(settings.policy === 'grace' ? { graceDueDate } : {}) })),
  };
}

/**
 * The deadlines with the late-start decision applied. A deadline amended since
 * to a later date than the one that had passed is the office's new decision and
 * holds as it is; otherwise `grace` gives its date and `waive` leaves no deadline.
 */
export function withLateStart(deadlines: readonly TaskDeadline[], record: LateStartRecord | undefined, endOfDay: (date: LocalDate) => number): TaskDeadline[] {
  if (!record || record.policy === 'escalate' || record.tasks.length === 0) return [...deadlines];
  const byTask = new Map(record.tasks.map((t) => [t.taskId, t]));
  return deadlines.map((deadline) => {
    const late = byTask.get(deadline.taskId);
    if (!late || deadline.dueDate === undefined || deadline.dueDate > late.passedDueDate) return deadline;
    if (late.graceDueDate === undefined) return { ...deadline, dueDate: undefined, dueAt: undefined };
    return { ...deadline, dueDate: late.graceDueDate, dueAt: endOfDay(late.graceDueDate) };
  });
}

/** Under `grace` and `waive`, nothing is chased for time before the unit started. */
export const chasesBefore = (record: LateStartRecord | undefined, at: number): boolean => !record || record.policy === 'escalate' || at >= record.startedAt;
