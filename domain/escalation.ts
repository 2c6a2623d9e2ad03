/**
 * When a task's reminders go out and when an overdue task reaches each rung of
 * the escalation ladder (提醒 → 黃牌預警 → 掛牌督辦 → 通報批評 → 問責), and the
 * traffic light (亮燈) that follows from it. Pure: the unit workflow arms its
 * timers from these instants.
 */
import { addDays, endOfLocalDay, startOfLocalDay, type LocalDate } from './calendar';
import { RUNGS, type Light, type Rung } from './labels';

export type { Light } from './labels';
import type { LadderRung, Plan } from './plan';
import { addWorkingDays, weekdaysOnly, type WorkingDayCalendar } from './schedule';

const HOUR_MS = 3600_000;

export interface ReminderStep {
  /** Stable id within the task: part of the ledger and outbox keys. */
  id: string;
  daysBefore: number;
  at: number;
}

export interface RungStep {
  id: string;
  rung: Rung;
  notify: LadderRung['notify'];
  /** The local date the rung is reached on. */
  date: LocalDate;
  at: number;
}

/** Reminders before a deadline, earliest first, at the plan's hour on each day. */
export function reminderSteps(plan: Pick<Plan, 'reminders'>, dueDate: LocalDate): ReminderStep[] {
  return [...new Set(plan.reminders.daysBefore)]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({
      id: `reminder/${dueDate}/${daysBefore}`,
      daysBefore,
      at: startOfLocalDay(addDays(dueDate, -daysBefore)) + plan.reminders.atHour * HOUR_MS,
    }));
}

export interface LadderSettings {
  ladder: LadderRung[];
  /** Local hour at which rungs are reached. */
  atHour: number;
}

export const taskLadder = (plan: Plan): LadderSettings => ({ ladder: plan.escalation.ladder, atHour: plan.reminders.atHour });

/**
 * Rung steps already worked out, by ladder (the plan's own array), calendar and date. A unit
 * workflow asks for the same task's ladder on every activation (its view, its next wake-up, the
 * rungs owed), and the working-day arithmetic was a twentieth of its CPU in a profile
 * (docs/scaling.md). The steps are frozen: one caller's change cannot reach another's.
 */
const workedOut = new WeakMap<readonly LadderRung[], WeakMap<WorkingDayCalendar, Map<string, readonly RungStep[]>>>();

/** The ladder for a deadline, lowest rung first; each rung no earlier than just after the deadline. */
export function rungSteps(settings: LadderSettings, dueDate: LocalDate, isWorkingDay: WorkingDayCalendar = weekdaysOnly): readonly RungStep[] {
  let byCalendar = workedOut.get(settings.ladder);
  if (!byCalendar) workedOut.set(settings.ladder, (byCalendar = new WeakMap()));
  let byDate = byCalendar.get(isWorkingDay);
  if (!byDate) byCalendar.set(isWorkingDay, (byDate = new Map()));
  const key = `${settings.atHour}/${dueDate}`;
  const known = byDate.get(key);
  if (known) return known;
  const dueAt = endOfLocalDay(dueDate);
  const steps = Object.freeze(
    settings.ladder.map((step) => {
      const date = step.workingDays ? addWorkingDays(dueDate, step.afterDays, isWorkingDay) : addDays(dueDate, step.afterDays);
      return Object.freeze({
        id: `rung/${dueDate}/${step.rung}`,
        rung: step.rung,
        notify: step.notify,
        date,
        at: Math.max(dueAt + 1, startOfLocalDay(date) + settings.atHour * HOUR_MS),
      });
    }),
  );
  byDate.set(key, steps);
  return steps;
}

export const RUNG_ORDER: Rung[] = Object.keys(RUNGS) as Rung[];

export function higherRung(a: Rung | null, b: Rung | null): Rung | null {
  if (a === null) return b;
  if (b === null) return a;
  return RUNG_ORDER.indexOf(a) >= RUNG_ORDER.indexOf(b) ? a : b;
}


/** 亮燈: red from listed supervision up, yellow when reminded or warned, else green. */
export function lightOf(rung: Rung | null, reminded: boolean): Light {
  if (rung && RUNG_ORDER.indexOf(rung) >= RUNG_ORDER.indexOf('listed_supervision')) return 'red';
  if (rung || reminded) return 'yellow';
  return 'green';
}

export function worstLight(lights: Light[]): Light {
  if (lights.includes('red')) return 'red';
  if (lights.includes('yellow')) return 'yellow';
  return 'green';
}
