/**
 * What the campaign workflow refuses when the office sets a milestone or
 * amends a deadline, as pure functions: the workflow's update validators and
 * the impact preview (dryRun) ask the same question, so they cannot disagree.
 */
import { endOfLocalDay, isValidLocalDate, type LocalDate } from './calendar';
import { ErrorType } from './errors';
import type { Plan } from './plan';
import { phaseEndDate, taskDeadlines, type DeadlineOverrides, type MilestoneDates } from './schedule';

export interface AmendmentRefusal {
  type: ErrorType;
  message: string;
}

function futureDateRefusal(date: LocalDate, now: number): AmendmentRefusal | undefined {
  if (!isValidLocalDate(date)) return { type: ErrorType.InvalidInput, message: `"${date}" is not a date written YYYY-MM-DD` };
  if (endOfLocalDay(date) < now) return { type: ErrorType.DateInPast, message: `${date} is already past; a milestone or deadline can only be set to today or later` };
  return undefined;
}

/** Why setting `milestoneId` to `date` would be refused, or undefined when it would be taken. */
export function milestoneChangeRefusal(
  plan: Plan,
  amendments: { milestoneDates: MilestoneDates; deadlineOverrides: DeadlineOverrides },
  change: { milestoneId: string; date: LocalDate; reason?: string },
  now: number,
): AmendmentRefusal | undefined {
  const { milestoneId, date, reason } = change;
  const milestone = plan.milestones.find((m) => m.id === milestoneId);
  if (!milestone) return { type: ErrorType.NotFound, message: `the plan has no milestone "${milestoneId}"; it has: ${plan.milestones.map((m) => m.id).join(', ') || 'none'}` };
  if (milestone.kind === 'yearly') return { type: ErrorType.InvalidTransition, message: `"${milestoneId}" recurs every year on a fixed day and cannot be moved` };
  if (!reason?.trim()) return { type: ErrorType.InvalidInput, message: 'say why the milestone is set or moved; the ledger records it' };
  const past = futureDateRefusal(date, now);
  if (past) return past;
  // Dates derived from it (the last phase's end, deadlines "the day before") must not be past either.
  const dates = { ...amendments.milestoneDates, [milestoneId]: date };
  const derived = [
    ...plan.phases.filter((p) => typeof p.window.end !== 'string' && p.window.end.milestone === milestoneId).map((p) => phaseEndDate(plan, p, dates)),
    ...taskDeadlines(plan, dates)
      .filter((d) => {
        const due = plan.phases.flatMap((p) => p.tasks).find((t) => t.id === d.taskId)?.due;
        return due?.kind === 'milestone' && due.milestone === milestoneId && !amendments.deadlineOverrides[d.taskId];
      })
      .map((d) => d.dueDate),
  ].filter((d): d is string => d !== undefined && endOfLocalDay(d) < now);
  if (derived.length) {
    return {
      type: ErrorType.DateInPast,
      message: `with ${milestoneId} on ${date}, dates that follow from it would already be past (${[...new Set(derived)].join(', ')}); amend those deadlines first (POST /campaigns/:id/deadlines), or choose a later date`,
    };
  }
  return undefined;
}

/** Why amending `taskId`'s deadline campaign-wide to `date` would be refused, or undefined. */
export function deadlineChangeRefusal(plan: Plan, change: { taskId: string; date: LocalDate; reason?: string }, now: number): AmendmentRefusal | undefined {
  if (!plan.phases.some((p) => p.tasks.some((t) => t.id === change.taskId))) return { type: ErrorType.NotFound, message: `the plan has no task "${change.taskId}"` };
  if (!change.reason?.trim()) return { type: ErrorType.InvalidInput, message: 'say why the deadline is amended; the ledger records it' };
  return futureDateRefusal(change.date, now);
}
