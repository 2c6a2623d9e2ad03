/**
 * Point-review periods (定期點評): for each phase with a cadence, the months,
 * quarters or the whole phase for which a supervisor owes each unit a review,
 * and when each review is due (the period's end plus the plan's grace days).
 */
import { addDays, type LocalDate } from './calendar';
import type { Plan } from './plan';
import { phaseEndDate, type MilestoneDates } from './schedule';

export interface ReviewPeriod {
  /** `${phaseId}/${start}`: stable, part of ledger and outbox keys. */
  id: string;
  phaseId: string;
  start: LocalDate;
  end: LocalDate;
  dueDate: LocalDate;
}

export const REVIEW_RATINGS = {
  excellent: { zh: '好', en: 'excellent' },
  good: { zh: '較好', en: 'good' },
  fair: { zh: '一般', en: 'fair' },
  poor: { zh: '差', en: 'poor' },
} as const;
export type ReviewRating = keyof typeof REVIEW_RATINGS;

function lastDayOfMonth(year: number, month: number): LocalDate {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Calendar blocks of `months` months (1 = monthly, 3 = quarterly) clipped to [start, end]. */
export function calendarBlocks(start: LocalDate, end: LocalDate, months: number): Array<[LocalDate, LocalDate]> {
  const blocks: Array<[LocalDate, LocalDate]> = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  month = month - ((month - 1) % months); // first month of the block
  for (;;) {
    const blockStart = `${year}-${String(month).padStart(2, '0')}-01`;
    if (blockStart > end) break;
    const lastMonth = month + months - 1;
    const blockEnd = lastDayOfMonth(year + Math.floor((lastMonth - 1) / 12), ((lastMonth - 1) % 12) + 1);
    blocks.push([blockStart < start ? start : blockStart, blockEnd > end ? end : blockEnd]);
    month += months;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return blocks;
}

/** Every review period the plan asks for, as far as phase ends are known. */
export function reviewPeriods(plan: Plan, dates: MilestoneDates): ReviewPeriod[] {
  return plan.pointReviews.flatMap((cadence) => {
    const phase = plan.phases.find((p) => p.id === cadence.phase);
    if (!phase) return [];
    const end = phaseEndDate(plan, phase, dates);
    if (end === undefined) return [];
    const blocks = cadence.every === 'once' ? [[phase.window.start, end] as [LocalDate, LocalDate]] : calendarBlocks(phase.window.start, end, cadence.every === 'monthly' ? 1 : 3);
    return blocks.map(([start, blockEnd]) => ({ id: `${phase.id}/${start}`, phaseId: phase.id, start, end: blockEnd, dueDate: addDays(blockEnd, plan.reviewGraceDays) }));
  });
}
