/** What a unit's campaign looks like from outside: its query answer and the read model's snapshot. */
import type { UnitStateSnapshot } from '../../activities';
import { endOfLocalDay, formatLocalInstant, startOfLocalDay } from '../../domain/calendar';
import { higherRung, lightOf, rungSteps, worstLight } from '../../domain/escalation';
import { CLASSIFICATION_GRADES, LIGHTS, RUNGS, TASK_STATUSES, type Rung } from '../../domain/labels';
import { ladderClimbs, reachedRung } from '../../domain/ladder';
import type { ReviewPeriod } from '../../domain/reviews';
import { phaseTimes, type TaskDeadline } from '../../domain/schedule';
import { workflowNow } from '../clock';
import type { ClassificationRecord, ClassificationView, ReviewView, TaskRecord, TaskView, UnitCampaignView } from '../../contracts';
import { deadlines, isOutstanding, owedPeriods, reviewLadder, taskDefinition, taskLadderRules, workingDays, type UnitContext } from './context';

/** Highest rung reached for the task's current deadline (null once the ladder stopped). */
function currentRung(ctx: UnitContext, task: TaskRecord, deadline: TaskDeadline | undefined): Rung | null {
  if (!deadline?.dueDate || !ladderClimbs(task, taskLadderRules(ctx))) return null;
  return reachedRung(rungSteps(taskLadderRules(ctx).ladder, deadline.dueDate, workingDays(ctx)), task.escalations ?? []);
}

const wasReminded = (task: TaskRecord, deadline: TaskDeadline | undefined) =>
  !!deadline?.dueDate && isOutstanding(task) && (task.escalations ?? []).some((id) => id.startsWith(`reminder/${deadline.dueDate}/`));

export const isOverdue = (task: TaskRecord, deadline: TaskDeadline | undefined, now: number) =>
  isOutstanding(task) && deadline?.dueAt !== undefined && deadline.dueAt < now;

export function taskView(ctx: UnitContext, task: TaskRecord, deadline: TaskDeadline | undefined, now: number): TaskView {
  const definition = taskDefinition(ctx, task.taskId)!;
  const rung = currentRung(ctx, task, deadline);
  const light = lightOf(rung, wasReminded(task, deadline));
  return {
    rung,
    rungLabel: rung ? RUNGS[rung] : null,
    light,
    lightLabel: LIGHTS[light],
    extensionRequest: task.extensionRequest,
    taskId: task.taskId,
    phaseId: task.phaseId,
    title: definition.title,
    required: definition.required,
    approvedBy: definition.approvedBy,
    status: task.status,
    statusLabel: TASK_STATUSES[task.status],
    dueDate: deadline?.dueDate ?? null,
    dueAt: deadline?.dueAt === undefined ? null : formatLocalInstant(deadline.dueAt),
    overdue: isOverdue(task, deadline, now),
    submissions: task.submissions,
    rejections: task.rejections,
    lastSubmission: task.lastSubmission,
    lastRejection: task.lastRejection,
    approval: task.approval,
  };
}

/** The task's view now, with its deadline in force. */
export const currentTaskView = (ctx: UnitContext, task: TaskRecord): TaskView => taskView(ctx, task, deadlines(ctx).get(task.taskId), workflowNow());

export function reviewView(ctx: UnitContext, period: ReviewPeriod, now: number): ReviewView {
  const record = ctx.state.reviews?.[period.id];
  const started = now >= startOfLocalDay(period.start);
  const overdue = !record?.given && now > endOfLocalDay(period.dueDate);
  const rung = record?.given ? null : reachedRung(rungSteps(reviewLadder(ctx), period.dueDate, workingDays(ctx)), record?.escalations ?? []);
  return {
    periodId: period.id,
    phaseId: period.phaseId,
    start: period.start,
    end: period.end,
    dueDate: period.dueDate,
    status: record?.given ? 'given' : overdue ? 'overdue' : started ? 'due' : 'upcoming',
    rung,
    given: record?.given,
  };
}

export function classificationView(record: ClassificationRecord): ClassificationView {
  return { ...record, gradeLabel: CLASSIFICATION_GRADES[record.grade] };
}

export function unitView(ctx: UnitContext): UnitCampaignView {
  const { plan, state, amendments, input } = ctx;
  const now = workflowNow();
  const due = deadlines(ctx);
  const times = phaseTimes(plan, amendments.milestoneDates);
  const phase = state.phaseIndex >= 0 ? plan.phases[state.phaseIndex] : undefined;
  const tasks = Object.values(state.tasks).map((task) => taskView(ctx, task, due.get(task.taskId), now));
  return {
    campaignId: ctx.campaignId,
    unitId: ctx.unitId,
    unitType: input.unitType,
    theme: plan.unitThemes[input.unitType] ?? null,
    status: state.completed ? 'completed' : state.phaseIndex >= 0 ? 'running' : 'waiting',
    phase: phase
      ? {
          id: phase.id,
          name: phase.name,
          index: state.phaseIndex,
          startsAt: formatLocalInstant(times[state.phaseIndex].startsAt),
          endsAt: times[state.phaseIndex].endsAt === undefined ? null : formatLocalInstant(times[state.phaseIndex].endsAt!),
        }
      : null,
    tasks,
    overdue: tasks.filter((t) => t.overdue).map((t) => t.taskId),
    rung: tasks.reduce<Rung | null>((top, t) => higherRung(top, t.rung), null),
    light: worstLight(tasks.map((t) => t.light)),
    lightLabel: LIGHTS[worstLight(tasks.map((t) => t.light))],
    reviews: owedPeriods(ctx).map((period) => reviewView(ctx, period, now)),
    classifications: Object.values(state.classifications ?? {}).map(classificationView),
    milestoneDates: amendments.milestoneDates,
    amendmentRevision: amendments.revision,
    asOf: formatLocalInstant(now),
  };
}

/** The read model's row for the unit. */
export function snapshot(ctx: UnitContext): UnitStateSnapshot {
  const current = unitView(ctx);
  return {
    campaignId: ctx.campaignId,
    unitId: ctx.unitId,
    phaseId: current.phase?.id ?? null,
    status: current.status,
    tasks: current.tasks.map((t) => ({ taskId: t.taskId, status: t.status, dueDate: t.dueDate, overdue: t.overdue, rung: t.rung, light: t.light })),
    overdueCount: current.overdue.length,
    rung: current.rung,
    light: current.light,
    version: ctx.state.version,
  };
}
