/**
 * What time owes a unit besides its phases: reminders before deadlines, the
 * ladder after them, reminders to approvers, and the chase of point reviews not
 * given. Both firing and the next wake-up come from the ladder engine's owed
 * steps (domain/ladder.ts), so they cannot disagree.
 */
import type { LedgerEntryDraft } from '../../activities';
import { daysBetween, endOfLocalDay, localDateOf } from '../../domain/calendar';
import { RUNGS } from '../../domain/labels';
import { dueNow, owedRungSteps, owedTaskSteps, type OwedStep } from '../../domain/ladder';
import { chasesBefore } from '../../domain/late-start';
import { approvalReminderMessage, catchUpDigests, reminderMessage, rungMessage, type NotificationDraft } from '../../domain/notifications';
import type { TaskRecord } from '../../contracts';
import { deadlines, entry, hasPatch, notice, owedPeriods, reviewLadder, reviewRecord, taskDefinition, taskLadderRules, workingDays, type UnitContext } from './context';

function owedByTask(ctx: UnitContext, task: TaskRecord, dueDate: string | undefined, now: number): OwedStep[] {
  return owedTaskSteps({ ...task, lastSubmittedAt: task.lastSubmission?.at }, dueDate, now, taskLadderRules(ctx));
}

/** Fires every reminder, rung and approver's reminder that has come due, recording each. */
function fireTaskSteps(ctx: UnitContext, now: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
  const due = deadlines(ctx);
  for (const task of Object.values(ctx.state.tasks)) {
    if (task.status === 'pending') continue;
    const handled = (task.escalations ??= []);
    const dueDate = due.get(task.taskId)?.dueDate;
    const fired = dueNow(owedByTask(ctx, task, dueDate, now), now);
    if (fired.length === 0) continue;
    const title = taskDefinition(ctx, task.taskId)!.title;
    // Only the latest reminder that has come due is sent: a task opened three days
    // before its deadline gets no "seven days left" notice.
    const latestReminder = fired.filter((step) => step.kind === 'reminder').at(-1);
    for (const step of fired) {
      handled.push(step.id);
      if (step.kind === 'reminder' && step === latestReminder) {
        const message = reminderMessage({ taskTitle: title, dueDate: dueDate!, daysBefore: step.daysBefore, nextRung: ctx.plan.escalation.ladder[0]?.rung });
        entries.push(entry(ctx, 'task.reminded', `task/${task.taskId}/${step.id}`, 'system', { taskId: task.taskId, dueDate, daysBefore: step.daysBefore }, step.at));
        notifications.push(notice(ctx, `task/${task.taskId}/${step.id}`, 'reminder', ['secretary'], message, { taskId: task.taskId, dueDate }));
      } else if (step.kind === 'rung') {
        const overdueDays = Math.max(1, daysBetween(dueDate!, localDateOf(now)));
        const message = rungMessage({ rung: step.rung, taskTitle: title, dueDate: dueDate!, overdueDays, nextRung: step.next ? { rung: step.next.rung, onDate: step.next.date } : undefined });
        entries.push(entry(ctx, 'escalation.rung', `task/${task.taskId}/${step.id}`, 'system', { taskId: task.taskId, dueDate, rung: step.rung, label: RUNGS[step.rung], notify: step.notify }, step.at));
        notifications.push(notice(ctx, `task/${task.taskId}/${step.id}`, 'rung', step.notify, message, { taskId: task.taskId, dueDate, rung: step.rung }));
      } else if (step.kind === 'approval-reminder') {
        const approver = taskDefinition(ctx, task.taskId)!.approvedBy === 'office' ? 'office' : 'supervisor';
        const submittedAt = localDateOf(Date.parse(task.lastSubmission!.at));
        const message = approvalReminderMessage({ taskTitle: title, kind: 'approval', submittedAt, waitingDays: ctx.plan.reminders.approvalAfterDays, to: approver });
        entries.push(entry(ctx, 'approval.reminded', `task/${task.taskId}/${step.id}`, 'system', { taskId: task.taskId, submission: step.submission, approver }, step.at));
        notifications.push(notice(ctx, `task/${task.taskId}/${step.id}`, 'approval-reminder', [approver], message, { taskId: task.taskId }));
      }
    }
  }
}

/** The review rungs a period not reviewed still owes. */
function owedByPeriod(ctx: UnitContext, periodId: string, dueDate: string) {
  const record = ctx.state.reviews?.[periodId];
  return record?.given ? [] : owedRungSteps(reviewLadder(ctx), dueDate, record?.escalations ?? [], workingDays(ctx));
}

/** Chases point reviews not given by their due date, toward the campaign office. */
function chaseReviews(ctx: UnitContext, now: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
  for (const period of owedPeriods(ctx)) {
    if (ctx.state.reviews?.[period.id]?.given || now <= endOfLocalDay(period.dueDate)) continue;
    // A review owed for time before the unit started is not chased (late-start policy grace or waive).
    if (!chasesBefore(ctx.state.lateStart, endOfLocalDay(period.dueDate))) continue;
    // Past due and not given: the record exists from now on, chased or not yet.
    const record = reviewRecord(ctx, period.id);
    const fired = dueNow(owedByPeriod(ctx, period.id, period.dueDate), now);
    for (const step of fired) {
      record.escalations.push(step.id);
      const message = approvalReminderMessage({
        taskTitle: { zh: `${period.start}至${period.end}點評`, en: `point review for ${period.start} to ${period.end}` },
        kind: 'review',
        submittedAt: period.end,
        waitingDays: Math.max(0, daysBetween(period.end, localDateOf(now))),
        to: step.notify.includes('office') ? 'office' : 'supervisor',
      });
      entries.push(entry(ctx, 'review.chased', `review/${period.id}/${step.id}`, 'system', { periodId: period.id, dueDate: period.dueDate, rung: step.rung, label: RUNGS[step.rung], notify: step.notify }, step.at));
      notifications.push(notice(ctx, `review/${period.id}/${step.id}`, 'review', step.notify, message, { periodId: period.id, rung: step.rung }));
    }
  }
}

/** Records everything owed that has come due. */
export function fireFollowUps(ctx: UnitContext, now: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
  const lateStart = ctx.state.lateStart;
  if (lateStart?.policy !== 'escalate') {
    fireTaskSteps(ctx, now, entries, notifications);
    chaseReviews(ctx, now, entries, notifications);
    return;
  }
  // Under `escalate`, the ladder for time before the start fires at once, on purpose: every step is
  // recorded, and its notices go out as one digest per recipient role instead of one per rung.
  const fired: NotificationDraft[] = [];
  fireTaskSteps(ctx, now, entries, fired);
  chaseReviews(ctx, now, entries, fired);
  const catchUp = fired.filter((draft) => draft.kind !== 'reminder' && firedAt(entries, draft.key) < lateStart.startedAt);
  // Since issue16-daily-digest-v1 each digest names its Beijing day, so that delivery merges it into the recipient's digest of the day.
  const day = catchUp.length > 0 && hasPatch(ctx, 'issue16-daily-digest-v1') ? localDateOf(now) : undefined;
  notifications.push(...fired.filter((draft) => !catchUp.includes(draft)), ...catchUpDigests(catchUp, `${ctx.campaignId}/${ctx.unitId}/late-start/digest`, day));
}

/** The instant the plan set for the ledger row of a notice's step (its key is the row's key). */
const firedAt = (entries: readonly LedgerEntryDraft[], key: string): number => {
  const row = entries.find((e) => e.key === key);
  return row ? Date.parse(row.occurredAt) : Number.POSITIVE_INFINITY;
};

/** The next instant a reminder, rung, approver's reminder or review chase comes due. */
export function nextFollowUpAt(ctx: UnitContext, now: number, includePast: boolean): number | undefined {
  const due = deadlines(ctx);
  const candidates: number[] = [];
  for (const task of Object.values(ctx.state.tasks)) {
    for (const step of owedByTask(ctx, task, due.get(task.taskId)?.dueDate, now)) candidates.push(step.at);
  }
  for (const period of owedPeriods(ctx)) {
    if (!chasesBefore(ctx.state.lateStart, endOfLocalDay(period.dueDate))) continue;
    for (const step of owedByPeriod(ctx, period.id, period.dueDate)) candidates.push(step.at);
  }
  const pending = includePast ? candidates : candidates.filter((t) => t > now);
  return pending.length ? Math.min(...pending) : undefined;
}
