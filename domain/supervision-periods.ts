/**
 * The periods of the plan's supervision (domain/plan-supervision.ts): when each
 * scheduled method is owed and when each contact-point visit is due, as far as
 * phase ends are known.
 */
import { addDays, type LocalDate } from './calendar';
import type { SupervisionKindKey } from './labels';
import type { Plan } from './plan';
import type { ScheduledSupervision, SupervisionCadence } from './plan-supervision';
import { calendarBlocks } from './reviews';
import { phaseEndDate, type MilestoneDates } from './schedule';

/** One period in which a scheduled method is owed. */
export interface SupervisionOccurrence {
  /** `<entry>/<phase>/<start>`: stable, part of ledger and outbox keys. */
  id: string;
  entryId: string;
  kind: SupervisionKindKey;
  phaseId: string;
  start: LocalDate;
  end: LocalDate;
  /** Not recorded by the end of this day: chased. */
  dueDate: LocalDate;
  target: ScheduledSupervision['target'];
}

function blocks(start: LocalDate, end: LocalDate, every: SupervisionCadence): Array<[LocalDate, LocalDate]> {
  return every === 'once' ? [[start, end]] : calendarBlocks(start, end, every === 'monthly' ? 1 : 3);
}

/** Every period of every scheduled method, as far as phase ends are known. */
export function supervisionOccurrences(plan: Plan, dates: MilestoneDates): SupervisionOccurrence[] {
  return plan.supervisionSchedule.flatMap((entry) => {
    const phase = plan.phases.find((p) => p.id === entry.phase);
    const end = phase && phaseEndDate(plan, phase, dates);
    if (!phase || end === undefined) return [];
    return blocks(phase.window.start, end, entry.every).map(([start, blockEnd]) => ({
      id: `${entry.id}/${phase.id}/${start}`,
      entryId: entry.id,
      kind: entry.kind,
      phaseId: phase.id,
      start,
      end: blockEnd,
      dueDate: addDays(blockEnd, entry.graceDays),
      target: entry.target,
    }));
  });
}

/** A period in which a leader owes each of their contact points a visit. */
export interface ContactVisitPeriod {
  /** `<phase>/<start>`. */
  id: string;
  phaseId: string;
  start: LocalDate;
  end: LocalDate;
  dueDate: LocalDate;
}

export function contactVisitPeriods(plan: Plan, dates: MilestoneDates): ContactVisitPeriod[] {
  const cp = plan.contactPoints;
  if (!cp) return [];
  return plan.phases
    .filter((p) => !cp.phases || cp.phases.includes(p.id))
    .flatMap((phase) => {
      const end = phaseEndDate(plan, phase, dates);
      if (end === undefined) return [];
      return blocks(phase.window.start, end, cp.every).map(([start, blockEnd]) => ({ id: `${phase.id}/${start}`, phaseId: phase.id, start, end: blockEnd, dueDate: addDays(blockEnd, cp.graceDays) }));
    });
}

