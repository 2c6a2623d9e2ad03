/**
 * The one ladder engine: which follow-up steps a piece of work still owes —
 * reminders before its deadline, rungs after it (提醒 → 黃牌預警 → 掛牌督辦 →
 * 通報批評 → 問責), a reminder to an approver who owes a decision, the chase of
 * a point review not given — and which rung has been reached. A workflow fires
 * the steps whose instant has come and sleeps until the earliest of the rest,
 * from the same list, so that firing and scheduling cannot drift apart. Pure.
 */
import { DAY_IN_MS, endOfLocalDay, type LocalDate } from './calendar';
import { higherRung, reminderSteps, rungSteps, type LadderSettings, type ReminderStep, type RungStep } from './escalation';
import type { Rung } from './labels';
import type { Plan } from './plan';
import type { WorkingDayCalendar } from './schedule';

export type OwedStep =
  | ({ kind: 'reminder' } & ReminderStep)
  | ({ kind: 'rung'; /** The rung after this one, if any: named in the notice. */ next?: RungStep } & RungStep)
  | { kind: 'approval-reminder'; id: string; at: number; submission: number };

/** A task as the ladder sees it. */
export interface LadderTask {
  status: 'pending' | 'open' | 'submitted' | 'approved' | 'rejected';
  /** Ids of the steps already handled. */
  escalations?: readonly string[];
  submissions: number;
  /** When the current submission was handed in (ISO), for the approver's reminder. */
  lastSubmittedAt?: string;
}

export interface TaskLadderRules {
  plan: Pick<Plan, 'reminders' | 'escalation'>;
  ladder: LadderSettings;
  isWorkingDay: WorkingDayCalendar;
}

const isOutstanding = (task: LadderTask) => task.status === 'open' || task.status === 'rejected';

/** Whether the ladder still climbs for the task: until submitted, or until approved if the plan says so. */
export const ladderClimbs = (task: LadderTask, rules: Pick<TaskLadderRules, 'plan'>) =>
  isOutstanding(task) || (rules.plan.escalation.stopsOn === 'approved' && task.status === 'submitted');

/**
 * The steps a task still owes for its current deadline, in the order they are
 * recorded: reminders (only while the deadline is ahead), rungs (while the
 * ladder climbs), then the approver's reminder for the current submission.
 */
export function owedTaskSteps(task: LadderTask, dueDate: LocalDate | undefined, now: number, rules: TaskLadderRules): OwedStep[] {
  if (task.status === 'pending') return [];
  const handled = task.escalations ?? [];
  const owed: OwedStep[] = [];
  if (dueDate) {
    const dueAt = endOfLocalDay(dueDate);
    if (isOutstanding(task) && now <= dueAt) {
      for (const step of reminderSteps(rules.plan, dueDate)) {
        if (step.at < dueAt && !handled.includes(step.id)) owed.push({ kind: 'reminder', ...step });
      }
    }
    if (ladderClimbs(task, rules)) {
      const steps = rungSteps(rules.ladder, dueDate, rules.isWorkingDay);
      steps.forEach((step, index) => {
        if (!handled.includes(step.id)) owed.push({ kind: 'rung', ...step, next: steps[index + 1] });
      });
    }
  }
  const approvalId = `approval-reminder/${task.submissions}`;
  if (task.status === 'submitted' && task.lastSubmittedAt && !handled.includes(approvalId)) {
    owed.push({ kind: 'approval-reminder', id: approvalId, at: Date.parse(task.lastSubmittedAt) + rules.plan.reminders.approvalAfterDays * DAY_IN_MS, submission: task.submissions });
  }
  return owed;
}

/** The rungs of a ladder not yet handled: a point review's chase, a rectification item's ladder. */
export function owedRungSteps(ladder: LadderSettings, dueDate: LocalDate, handled: readonly string[], isWorkingDay: WorkingDayCalendar): RungStep[] {
  return rungSteps(ladder, dueDate, isWorkingDay).filter((step) => !handled.includes(step.id));
}

/** The steps whose instant has come. */
export const dueNow = <T extends { at: number }>(steps: readonly T[], now: number): T[] => steps.filter((step) => step.at <= now);

/** The highest rung among the ladder's steps that were handled (null when none). */
export function reachedRung(steps: readonly RungStep[], handled: readonly string[], floor: Rung | null = null): Rung | null {
  return steps.filter((step) => handled.includes(step.id)).reduce<Rung | null>((top, step) => higherRung(top, step.rung), floor);
}
