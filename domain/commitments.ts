/**
 * Public commitments (公開承諾, 承諾踐諾; issue 13): the rules that need no
 * running workflow — the campaign's window for completion dates, when an
 * unfulfilled commitment goes under listed supervision, when one counts as
 * kept, and the coverage of a subtree.
 *
 * Pure: no I/O.
 */
import { addDays, endOfLocalDay, formatLocalInstant, startOfLocalDay, type LocalDate } from './calendar';
import type { CommitmentReviewRating, MassRatingAnswer } from './labels';
import type { Plan } from './plan';
import type { CommitmentsPlan } from './plan-commitments';
import { defaultCommitmentsPlan } from './defaults/plan';
import { phaseEndDate, type MilestoneDates } from './schedule';

/** The plan's commitment rules, with every default when the plan has none. */
export const commitmentRules = (plan: Plan): CommitmentsPlan => plan.commitments ?? defaultCommitmentsPlan();

/** First and last day a completion date may take: the campaign's phases (the end undefined while it hangs on a milestone without a date). */
export function campaignWindow(plan: Plan, dates: MilestoneDates = {}): { start: LocalDate; end: LocalDate | undefined } {
  const last = plan.phases[plan.phases.length - 1];
  return { start: plan.phases[0].window.start, end: phaseEndDate(plan, last, dates) };
}

/** Why a completion date is refused, or null when it lies within the campaign. */
export function completionDateProblem(plan: Plan, date: LocalDate, dates: MilestoneDates = {}): string | null {
  const { start, end } = campaignWindow(plan, dates);
  if (date < start || (end !== undefined && date > end)) {
    return `the completion date ${date} is outside the campaign (${start} – ${end ?? 'the end set by a milestone'}); choose a date within it`;
  }
  return null;
}

/** When a commitment still unfulfilled goes under listed supervision (掛牌督辦): the end of the plan's phase, or null. */
export function commitmentListingAt(plan: Plan, publishedAt: number, dates: MilestoneDates = {}): string | null {
  const phaseId = commitmentRules(plan).listUnfulfilledAtEndOf;
  const phase = phaseId ? plan.phases.find((p) => p.id === phaseId) : undefined;
  const end = phase && phaseEndDate(plan, phase, dates);
  if (!end || endOfLocalDay(end) < publishedAt) return null;
  return formatLocalInstant(endOfLocalDay(end));
}

export type MassRatingCounts = Record<MassRatingAnswer, number>;

const RATING_ORDER: CommitmentReviewRating[] = ['poor', 'fair', 'good', 'excellent'];

/** Satisfied plus basically satisfied, in percent of all answers (0 when none). */
export function satisfiedPercent(counts: MassRatingCounts): number {
  const total = counts.satisfied + counts.basically_satisfied + counts.unsatisfied;
  return total === 0 ? 0 : ((counts.satisfied + counts.basically_satisfied) * 100) / total;
}

/**
 * Whether a commitment counts as kept (commitment.fulfilled): its fulfilment
 * was reported, a leader's review rated it at least the plan's minimum, and,
 * when the plan asks for it, the masses' counts give at least the plan's share
 * of satisfied plus basically satisfied answers. (Seed 004: commitments are
 * reviewed by leaders and judged by the masses; the plan sets the bar.)
 */
export function isKept(
  state: { reported: boolean; review?: { rating: CommitmentReviewRating }; massRating?: MassRatingCounts },
  rule: CommitmentsPlan['fulfilment'],
): boolean {
  if (!state.reported || !state.review) return false;
  if (RATING_ORDER.indexOf(state.review.rating) < RATING_ORDER.indexOf(rule.minimumReviewRating)) return false;
  if (!rule.massesMustRate) return true;
  return state.massRating !== undefined && satisfiedPercent(state.massRating) >= rule.minimumSatisfiedPercent;
}

export interface CoverageFigures {
  total: number;
  withCommitments: number;
  percent: number;
}

export interface Coverage {
  units: CoverageFigures;
  members: CoverageFigures;
  targetPercent: number;
  unitsMet: boolean;
  membersMet: boolean;
}

const figures = (total: number, withCommitments: number): CoverageFigures => ({
  total,
  withCommitments,
  percent: total === 0 ? 100 : Math.round((withCommitments * 10_000) / total) / 100,
});

/** The share of units and of members with at least one published commitment, against the target (seed 001: 100 %). */
export function coverageOf(
  counts: { units: number; unitsWithCommitments: number; members: number; membersWithCommitments: number },
  targetPercent: number,
): Coverage {
  const u = figures(counts.units, counts.unitsWithCommitments);
  const m = figures(counts.members, counts.membersWithCommitments);
  return { units: u, members: m, targetPercent, unitsMet: u.percent >= targetPercent, membersMet: m.percent >= targetPercent };
}

/** The reminders before a completion date: `daysBefore` days ahead, at the plan's hour, each once (its `daysBefore` is its id). */
export function commitmentReminderSteps(dueDate: LocalDate, daysBefore: readonly number[], atHour: number): Array<{ daysBefore: number; at: number }> {
  return [...new Set(daysBefore)].map((days) => ({ daysBefore: days, at: startOfLocalDay(addDays(dueDate, -days)) + atHour * 3_600_000 }));
}

/** A notice about a commitment, in Chinese and English. */
export function commitmentMessage(input: {
  content: string;
  dueDate: LocalDate;
  event: 'reminder' | 'rung' | 'listed';
  daysBefore?: number;
  rungLabel?: { zh: string; en: string };
}): { subject: string; body: string } {
  const what = `「${input.content.slice(0, 60)}」`;
  switch (input.event) {
    case 'reminder':
      return {
        subject: `承諾將到期 / Commitment due in ${input.daysBefore} days: ${what}`,
        body: `公開承諾${what}應於 ${input.dueDate} 前兌現，請按時報告踐諾情況並附佐證材料。\nThe public commitment ${what} is due on ${input.dueDate}; report its fulfilment with evidence in time.`,
      };
    case 'rung':
      return {
        subject: `承諾逾期(${input.rungLabel?.zh}) / Commitment overdue (${input.rungLabel?.en}): ${what}`,
        body: `公開承諾${what}已過兌現日期 ${input.dueDate}，尚未報告踐諾。\nThe public commitment ${what} passed its date ${input.dueDate} without a fulfilment report.`,
      };
    case 'listed':
      return {
        subject: `承諾掛牌督辦 / Commitment under listed supervision: ${what}`,
        body: `公開承諾${what}在示範帶動階段結束時尚未兌現，列入掛牌督辦、跟蹤問效。\nThe public commitment ${what} was still unfulfilled when the phase ended; it is now under listed supervision until kept.`,
      };
  }
}
