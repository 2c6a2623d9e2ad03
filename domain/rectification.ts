/** Rules for rectification items (整改) that do not need a running workflow. */
import { endOfLocalDay, formatLocalInstant } from './calendar';
import type { Plan } from './plan';
import type { HolidayCalendarData } from './holidays/working-days';
import { phaseEndDate, type MilestoneDates } from './schedule';

/**
 * When an item still open goes under listed supervision (掛牌督辦): the end of
 * the phase the plan names (seed 003: the demonstration and rectification
 * phase). Null when the plan names none, its end is not known yet, or it has
 * already passed when the item is opened.
 */
export function listUnderSupervisionAt(plan: Plan, dates: MilestoneDates, openedAt: number): string | null {
  const phaseId = plan.rectification.listOpenItemsAtEndOf;
  const phase = phaseId ? plan.phases.find((p) => p.id === phaseId) : undefined;
  const end = phase && phaseEndDate(plan, phase, dates);
  if (!end || endOfLocalDay(end) < openedAt) return null;
  return formatLocalInstant(endOfLocalDay(end));
}

/**
 * An item's schedule under the campaign's amendments in force: when it goes
 * under listed supervision, the calendar its ladder counts with, and the
 * revision they come from (an item keeps the newest it has seen).
 */
export function rectificationSchedule(
  plan: Plan,
  amendments: { revision: number; milestoneDates: MilestoneDates; holidays?: HolidayCalendarData },
  openedAt: number,
): { revision: number; listUnderSupervisionAt: string | null; holidays?: HolidayCalendarData } {
  return {
    revision: amendments.revision,
    listUnderSupervisionAt: listUnderSupervisionAt(plan, amendments.milestoneDates, openedAt),
    ...(amendments.holidays ? { holidays: amendments.holidays } : {}),
  };
}
