/** What time alone brings a unit: phases entered and their tasks opened, deadlines missed, follow-ups due, the end. */
import type { LedgerEntryDraft } from '../../activities';
import type { NotificationDraft } from '../../domain/notifications';
import { phaseTimes } from '../../domain/schedule';
import { deadlines, entry, isOutstanding, type UnitContext } from './context';
import { fireFollowUps, nextFollowUpAt } from './follow-ups';
import { praiseOnTimePhase } from './praise';
import { isOverdue } from './view';

export interface Advanced {
  entries: LedgerEntryDraft[];
  notifications: NotificationDraft[];
  enteredPhase: boolean;
}

/** Applies everything that time has brought by `now`. */
export function advance(ctx: UnitContext, now: number): Advanced {
  const { plan, state } = ctx;
  const entries: LedgerEntryDraft[] = [];
  const notifications: NotificationDraft[] = [];
  const times = phaseTimes(plan, ctx.amendments.milestoneDates);
  let enteredPhase = false;
  while (state.phaseIndex + 1 < plan.phases.length && times[state.phaseIndex + 1].startsAt <= now) {
    praiseOnTimePhase(ctx, state.phaseIndex, times[state.phaseIndex + 1].startsAt, entries, notifications);
    state.phaseIndex += 1;
    enteredPhase = true;
    const phase = plan.phases[state.phaseIndex];
    entries.push(entry(ctx, 'phase.entered', `phase/${phase.id}/entered`, 'system', { phaseId: phase.id, name: phase.name, index: state.phaseIndex }));
    const due = deadlines(ctx);
    for (const task of phase.tasks) {
      state.tasks[task.id].status = 'open';
      entries.push(
        entry(ctx, 'task.opened', `task/${task.id}/opened`, 'system', {
          taskId: task.id,
          title: task.title,
          dueDate: due.get(task.id)?.dueDate ?? null,
          theme: plan.unitThemes[ctx.input.unitType] ?? null,
        }),
      );
    }
  }
  const due = deadlines(ctx);
  for (const task of Object.values(state.tasks)) {
    const deadline = due.get(task.taskId);
    if (isOverdue(task, deadline, now) && !task.overdueRecorded.includes(deadline!.dueDate!)) {
      task.overdueRecorded.push(deadline!.dueDate!);
      entries.push(entry(ctx, 'task.overdue', `task/${task.taskId}/overdue/${deadline!.dueDate}`, 'system', { taskId: task.taskId, dueDate: deadline!.dueDate, status: task.status }));
    }
  }
  if (ctx.escalationEnabled) fireFollowUps(ctx, now, entries, notifications);
  const last = times[times.length - 1];
  if (state.phaseIndex === plan.phases.length - 1 && last.endsAt !== undefined && now > last.endsAt) {
    state.completed = true;
    praiseOnTimePhase(ctx, state.phaseIndex, last.endsAt + 1, entries, notifications);
    const outcomes = Object.fromEntries(Object.values(state.tasks).map((t) => [t.taskId, t.status]));
    entries.push(entry(ctx, 'unit.completed', 'completed', 'system', { outcomes }));
  }
  return { entries, notifications, enteredPhase };
}

/** The next instant at which time alone changes something; with `includePast`, also what is already due. */
export function nextWakeAt(ctx: UnitContext, now: number, includePast: boolean): number | undefined {
  const { state } = ctx;
  const times = phaseTimes(ctx.plan, ctx.amendments.milestoneDates);
  const candidates: number[] = [];
  const next = times[state.phaseIndex + 1];
  if (next) candidates.push(next.startsAt);
  const last = times[times.length - 1];
  if (state.phaseIndex === times.length - 1 && last.endsAt !== undefined) candidates.push(last.endsAt + 1);
  const due = deadlines(ctx);
  for (const task of Object.values(state.tasks)) {
    const deadline = due.get(task.taskId);
    if (isOutstanding(task) && deadline?.dueAt !== undefined && !task.overdueRecorded.includes(deadline.dueDate!)) candidates.push(deadline.dueAt + 1);
  }
  if (ctx.escalationEnabled) {
    const followUp = nextFollowUpAt(ctx, now, includePast);
    if (followUp !== undefined) candidates.push(followUp);
  }
  // Old runs waited only for future instants; new ones also act at once on what fell due meanwhile.
  const pending = includePast ? candidates : candidates.filter((t) => t > now);
  return pending.length ? Math.min(...pending) : undefined;
}
