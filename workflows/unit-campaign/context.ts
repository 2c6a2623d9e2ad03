/**
 * What every part of a unit's campaign reads: the plan, the state carried
 * across runs, the campaign's amendments as last broadcast, and the rules
 * derived from them (deadlines in force, the working-day calendar), plus the
 * refusals shared by the updates. One context per run.
 */
import { patched } from '@temporalio/workflow';
import type { LedgerEntryDraft } from '../../activities';
import { endOfLocalDay } from '../../domain/calendar';
import { ErrorType } from '../../domain/errors';
import { withLateStart } from '../../domain/late-start';
import { taskLadder } from '../../domain/escalation';
import { createWorkingDayCalendar } from '../../domain/holidays/working-days';
import type { TaskLadderRules } from '../../domain/ladder';
import type { NotificationDraft } from '../../domain/notifications';
import { withPlanDefaults } from '../../domain/defaults/plan';
import type { Plan } from '../../domain/plan';
import { reviewPeriods, type ReviewPeriod } from '../../domain/reviews';
import { taskDeadlines, weekdaysOnly, type TaskDeadline, type WorkingDayCalendar } from '../../domain/schedule';
import { workflowNowIso } from '../clock';
import type { CampaignAmendments, ReviewRecord, TaskRecord, UnitCampaignCarriedState, UnitCampaignInput } from '../../contracts';
import type { ItemOpeningContext } from '../open-rectification';
import { refuse } from '../refuse';

export interface UnitContext {
  readonly input: UnitCampaignInput;
  readonly campaignId: string;
  readonly unitId: string;
  readonly plan: Plan;
  readonly state: UnitCampaignCarriedState;
  /** Reminders, the ladder and reviews (patch reminders-and-ladder-v1): off only in runs from before them. */
  readonly escalationEnabled: boolean;
  /** The later date holds, and work that fell due meanwhile is handled at once (patch later-deadline-and-prompt-wakeup-v1). */
  readonly followUps: boolean;
  /** Ledger writes as local activities, and a wake-up timer kept across messages (patch local-ledger-commit-and-kept-timer-v1). */
  readonly lean: boolean;
  /**
   * Runs since patch issue11-lean-unit-runs-v2: every earlier unit patch holds, checked once per run
   * (one marker instead of one per patch); the start is recorded with the first phase's entry; a
   * near-empty run does not continue-as-new at a phase boundary; small batches of notices are
   * delivered by a local activity.
   */
  readonly leanRuns: boolean;
  /** The campaign's milestones, deadline overrides and calendar, as last broadcast. */
  amendments: CampaignAmendments;
  /** Set by every message that may change what is due; the main loop wakes on it. */
  changed: boolean;
  /** The calendar built from `amendments`, rebuilt when a broadcast replaces them. */
  calendarOf?: { amendments: CampaignAmendments; calendar: WorkingDayCalendar };
}

function initialState(input: UnitCampaignInput): UnitCampaignCarriedState {
  const tasks: Record<string, TaskRecord> = {};
  for (const phase of input.plan.phases) {
    for (const task of phase.tasks) {
      tasks[task.id] = { taskId: task.id, phaseId: phase.id, status: 'pending', submissions: 0, rejections: 0, overdueRecorded: [] };
    }
  }
  return { phaseIndex: -1, started: false, completed: false, tasks, unitDeadlineOverrides: {}, unitAmendments: 0, version: 0 };
}

/**
 * Whether this run has the unit patch `id` (one made before issue11-lean-unit-runs-v2): a lean run
 * has them all without asking, so it records no marker; an older run asks, as when it was recorded.
 */
export function hasPatch(ctx: Pick<UnitContext, 'leanRuns'>, id: string): boolean {
  return ctx.leanRuns || patched(id);
}

export function createUnitContext(input: UnitCampaignInput): UnitContext {
  // Plans carried from older runs may lack fields added since: their defaults are filled in as
  // planSchema.parse would (the API validated the plan), without zod in the workflow bundle.
  const plan = withPlanDefaults(input.plan);
  const state = input.carried ?? initialState(input);
  // Reminders, the overdue ladder and notifications came after the first campaigns started:
  // histories recorded before them replay without, new runs (and old ones after their next
  // continue-as-new) run with them.
  // One marker for the run (issue 11): a run that has it has every patch below, and asks no more.
  // Runs recorded before it find no marker and ask each patch as they did, in the same order.
  const leanRuns = patched('issue11-lean-unit-runs-v2');
  const escalationEnabled = hasPatch({ leanRuns }, 'reminders-and-ladder-v1');
  // Later fixes, for new runs: an extension and a campaign-wide postponement keep the later date,
  // and anything that falls due while the workflow is busy is handled at once, not at the next timer.
  const followUps = hasPatch({ leanRuns }, 'later-deadline-and-prompt-wakeup-v1');
  // Fewer history events and server round trips per event, for new runs: ledger writes as local
  // activities, and a wake-up timer that a message leaves in place when the next instant is unchanged.
  const lean = hasPatch({ leanRuns }, 'local-ledger-commit-and-kept-timer-v1');
  return { input, campaignId: input.campaignId, unitId: input.unitId, plan, state, escalationEnabled, followUps, lean, leanRuns, amendments: input.amendments, changed: false };
}

/** What opening a rectification item from this unit needs: the plan and the amendments as this unit holds them. */
export const itemOpening = (ctx: UnitContext): ItemOpeningContext => ({ campaignId: ctx.campaignId, plan: ctx.plan, amendments: () => ctx.amendments });

/** Working days count with the campaign's holiday calendar (statutory holidays, 調休). */
export function workingDays(ctx: UnitContext): WorkingDayCalendar {
  if (ctx.calendarOf?.amendments !== ctx.amendments) {
    const holidays = ctx.amendments.holidays;
    ctx.calendarOf = { amendments: ctx.amendments, calendar: holidays ? createWorkingDayCalendar(holidays) : weekdaysOnly };
  }
  return ctx.calendarOf.calendar;
}

/** Amended deadlines: a unit's own (an extension) and the campaign's; with both, the later date holds. */
function overrides(ctx: UnitContext): Record<string, string> {
  if (!ctx.followUps) return { ...ctx.amendments.deadlineOverrides, ...ctx.state.unitDeadlineOverrides };
  const merged = { ...ctx.amendments.deadlineOverrides };
  for (const [taskId, date] of Object.entries(ctx.state.unitDeadlineOverrides)) {
    if (!merged[taskId] || date > merged[taskId]) merged[taskId] = date;
  }
  return merged;
}

/** Every task's deadline in force. */
export const deadlines = (ctx: UnitContext): Map<string, TaskDeadline> =>
  new Map(withLateStart(planDeadlines(ctx), ctx.state.lateStart, endOfLocalDay).map((d) => [d.taskId, d]));

/** Deadlines as the plan and its amendments set them, before the late-start decision. */
export const planDeadlines = (ctx: UnitContext): TaskDeadline[] => taskDeadlines(ctx.plan, ctx.amendments.milestoneDates, overrides(ctx), workingDays(ctx));

export const taskDefinition = (ctx: UnitContext, taskId: string) => ctx.plan.phases.flatMap((p) => p.tasks).find((t) => t.id === taskId);

export const isOutstanding = (task: TaskRecord) => task.status === 'open' || task.status === 'rejected';

export const taskLadderRules = (ctx: UnitContext): TaskLadderRules => ({ plan: ctx.plan, ladder: taskLadder(ctx.plan), isWorkingDay: workingDays(ctx) });

export const reviewLadder = (ctx: UnitContext) => ({ ladder: ctx.plan.reviewLadder, atHour: ctx.plan.reminders.atHour });

/** Review periods of the phases the unit has entered. */
export function owedPeriods(ctx: UnitContext): ReviewPeriod[] {
  const entered = new Set(ctx.plan.phases.slice(0, ctx.state.phaseIndex + 1).map((p) => p.id));
  return reviewPeriods(ctx.plan, ctx.amendments.milestoneDates).filter((period) => entered.has(period.phaseId));
}

export const reviewRecord = (ctx: UnitContext, periodId: string): ReviewRecord => ((ctx.state.reviews ??= {})[periodId] ??= { periodId, escalations: [] });

/** A ledger row; time-driven rows pass the instant the plan set for them (`at`), people's rows happen now. */
export const entry = (ctx: UnitContext, kind: string, keySuffix: string, actor: string, payload: Record<string, unknown> = {}, at?: number): LedgerEntryDraft => ({
  key: `${ctx.campaignId}/${ctx.unitId}/${keySuffix}`,
  campaignId: ctx.campaignId,
  unitId: ctx.unitId,
  kind,
  actor,
  payload,
  occurredAt: at === undefined ? workflowNowIso() : new Date(at).toISOString(),
});

export const notice = (
  ctx: UnitContext,
  keySuffix: string,
  kind: string,
  notify: NotificationDraft['notify'],
  message: { subject: string; body: string },
  payload: Record<string, unknown>,
): NotificationDraft => ({
  key: `${ctx.campaignId}/${ctx.unitId}/${keySuffix}`,
  campaignId: ctx.campaignId,
  unitId: ctx.unitId,
  kind,
  notify,
  subject: message.subject,
  body: message.body,
  payload,
});

// ---------------------------------------------------------------- refusals shared by the updates

export function refuseIfEnded(ctx: UnitContext): void {
  if (ctx.state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
}

export function requireTask(ctx: UnitContext, taskId: string): TaskRecord {
  const task = ctx.state.tasks[taskId];
  if (!task) refuse(ErrorType.NotFound, `task "${taskId}" is not part of this unit's campaign`);
  return task;
}

export function requireOpenedPhase(task: TaskRecord): void {
  if (task.status === 'pending') refuse(ErrorType.InvalidTransition, `task "${task.taskId}" is not open yet: its phase "${task.phaseId}" has not started`);
}

/** With both a unit date and a campaign-wide date the later holds, so an earlier unit date would be recorded and do nothing. */
export function refuseUnitDateBeforeCampaignDate(ctx: UnitContext, taskId: string, date: string): void {
  const campaignDate = ctx.amendments.deadlineOverrides[taskId];
  if (ctx.followUps && campaignDate && date < campaignDate) {
    refuse(ErrorType.Conflict, `the campaign office has set ${campaignDate} for "${taskId}" for every unit; a unit's own date can only be later`);
  }
}
