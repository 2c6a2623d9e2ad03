/**
 * One unit's campaign (一個基層黨組織的創先爭優活動): it walks the plan's phases
 * at their window boundaries, opens each phase's tasks, takes submissions,
 * approvals and rejections as updates, follows amended deadlines and milestone
 * dates, records every step in the ledger, and continues-as-new at each phase
 * boundary so that a campaign of years keeps a short history.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft, UnitStateSnapshot } from '../activities';
import { DAY_IN_MS, daysBetween, endOfLocalDay, formatLocalInstant, isValidLocalDate, localDateOf, startOfLocalDay } from '../domain/calendar';
import { ErrorType } from '../domain/errors';
import { LIGHTS, higherRung, lightOf, reminderSteps, rungSteps, taskLadder, worstLight } from '../domain/escalation';
import { CLASSIFICATION_GRADES, RUNGS, TASK_STATUSES, type Rung } from '../domain/labels';
import { approvalReminderMessage, reminderMessage, rungMessage, type NotificationDraft } from '../domain/notifications';
import { planSchema } from '../domain/plan';
import { REVIEW_RATINGS, reviewPeriods, type ReviewPeriod } from '../domain/reviews';
import { createWorkingDayCalendar } from '../domain/holidays/working-days';
import { phaseTimes, taskDeadlines, weekdaysOnly, type TaskDeadline, type WorkingDayCalendar } from '../domain/schedule';
import { QUICK, QUICK_LOCAL } from './activity-options';
import { deliverOrHandOver } from './delivery';
import { workflowNow, workflowNowIso } from './clock';
import {
  amendUnitDeadlineUpdate,
  approveTaskUpdate,
  campaignAmendedSignal,
  decideExtensionUpdate,
  classifyUnitUpdate,
  givePointReviewUpdate,
  requestExtensionUpdate,
  rejectTaskUpdate,
  submitTaskUpdate,
  unitStateQuery,
  type CampaignAmendments,
  type ClassificationRecord,
  type ClassificationView,
  type PointReviewInput,
  type ReviewRecord,
  type ReviewView,
  type TaskRecord,
  type TaskView,
  type UnitCampaignCarriedState,
  type UnitCampaignInput,
  type UnitCampaignView,
} from './definitions';

const { commitEvents } = proxyActivities<Activities>(QUICK);
const local = proxyLocalActivities<Activities>(QUICK_LOCAL);

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
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

/** @see UnitCampaignInput; the workflow id is `unitWorkflowId(campaignId, unitId)`. */
export async function unitCampaignWorkflow(input: UnitCampaignInput): Promise<UnitCampaignView> {
  const { campaignId, unitId } = input;
  // Plans carried from older runs may lack fields added since; parsing fills their defaults.
  const plan = planSchema.parse(input.plan);
  const state = input.carried ?? initialState(input);
  // Reminders, the overdue ladder and notifications came after the first campaigns started:
  // histories recorded before them replay without, new runs (and old ones after their next
  // continue-as-new) run with them.
  const escalationEnabled = patched('reminders-and-ladder-v1');
  // Later fixes, for new runs: an extension and a campaign-wide postponement keep the later date,
  // and anything that falls due while the workflow is busy is handled at once, not at the next timer.
  const followUps = patched('later-deadline-and-prompt-wakeup-v1');
  // Fewer history events and server round trips per event, for new runs: ledger writes as local
  // activities, and a wake-up timer that a message leaves in place when the next instant is unchanged.
  const lean = patched('local-ledger-commit-and-kept-timer-v1');
  let amendments = input.amendments;
  let changed = false;

  const taskDefinition = (taskId: string) => plan.phases.flatMap((p) => p.tasks).find((t) => t.id === taskId);
  /** Working days count with the campaign's holiday calendar (statutory holidays, 調休). */
  let calendarFor: { amendments: CampaignAmendments; calendar: WorkingDayCalendar } | undefined;
  const isWorkingDay = (): WorkingDayCalendar => {
    if (calendarFor?.amendments !== amendments) {
      calendarFor = { amendments, calendar: amendments.holidays ? createWorkingDayCalendar(amendments.holidays) : weekdaysOnly };
    }
    return calendarFor.calendar;
  };
  /** Amended deadlines: a unit's own (an extension) and the campaign's; with both, the later date holds. */
  const overrides = () => {
    if (!followUps) return { ...amendments.deadlineOverrides, ...state.unitDeadlineOverrides };
    const merged = { ...amendments.deadlineOverrides };
    for (const [taskId, date] of Object.entries(state.unitDeadlineOverrides)) {
      if (!merged[taskId] || date > merged[taskId]) merged[taskId] = date;
    }
    return merged;
  };
  /** With both a unit date and a campaign-wide date the later holds, so an earlier unit date would be recorded and do nothing. */
  const refuseUnitDateBeforeCampaignDate = (taskId: string, date: string) => {
    const campaignDate = amendments.deadlineOverrides[taskId];
    if (followUps && campaignDate && date < campaignDate) {
      refuse(ErrorType.Conflict, `the campaign office has set ${campaignDate} for "${taskId}" for every unit; a unit's own date can only be later`);
    }
  };
  const deadlines = (): Map<string, TaskDeadline> =>
    new Map(taskDeadlines(plan, amendments.milestoneDates, overrides(), isWorkingDay()).map((d) => [d.taskId, d]));
  const isOutstanding = (task: TaskRecord) => task.status === 'open' || task.status === 'rejected';
  /** Whether the ladder still climbs for the task: until submitted, or until approved if the plan says so. */
  const ladderClimbs = (task: TaskRecord) =>
    isOutstanding(task) || (plan.escalation.stopsOn === 'approved' && task.status === 'submitted');
  const currentRung = (task: TaskRecord, deadline: TaskDeadline | undefined): Rung | null => {
    if (!deadline?.dueDate || !ladderClimbs(task)) return null;
    const handled = task.escalations ?? [];
    return rungSteps(taskLadder(plan), deadline.dueDate, isWorkingDay()).filter((step) => handled.includes(step.id)).reduce<Rung | null>((top, step) => higherRung(top, step.rung), null);
  };
  const wasReminded = (task: TaskRecord, deadline: TaskDeadline | undefined) =>
    !!deadline?.dueDate && isOutstanding(task) && (task.escalations ?? []).some((id) => id.startsWith(`reminder/${deadline.dueDate}/`));
  const isOverdue = (task: TaskRecord, deadline: TaskDeadline | undefined, now: number) =>
    isOutstanding(task) && deadline?.dueAt !== undefined && deadline.dueAt < now;

  const reviewLadder = () => ({ ladder: plan.reviewLadder, atHour: plan.reminders.atHour });
  /** Review periods of the phases the unit has entered. */
  const owedPeriods = (): ReviewPeriod[] => {
    const entered = new Set(plan.phases.slice(0, state.phaseIndex + 1).map((p) => p.id));
    return reviewPeriods(plan, amendments.milestoneDates).filter((period) => entered.has(period.phaseId));
  };
  const reviewRecord = (periodId: string): ReviewRecord => ((state.reviews ??= {})[periodId] ??= { periodId, escalations: [] });

  function reviewView(period: ReviewPeriod, now: number): ReviewView {
    const record = state.reviews?.[period.id];
    const started = now >= startOfLocalDay(period.start);
    const overdue = !record?.given && now > endOfLocalDay(period.dueDate);
    const rung = record?.given
      ? null
      : rungSteps(reviewLadder(), period.dueDate, isWorkingDay())
          .filter((step) => record?.escalations.includes(step.id))
          .reduce<Rung | null>((top, step) => higherRung(top, step.rung), null);
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

  function taskView(task: TaskRecord, deadline: TaskDeadline | undefined, now: number): TaskView {
    const definition = taskDefinition(task.taskId)!;
    const rung = currentRung(task, deadline);
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

  function view(): UnitCampaignView {
    const now = workflowNow();
    const due = deadlines();
    const times = phaseTimes(plan, amendments.milestoneDates);
    const phase = state.phaseIndex >= 0 ? plan.phases[state.phaseIndex] : undefined;
    const tasks = Object.values(state.tasks).map((task) => taskView(task, due.get(task.taskId), now));
    return {
      campaignId,
      unitId,
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
      reviews: owedPeriods().map((period) => reviewView(period, now)),
      classifications: Object.values(state.classifications ?? {}).map(classificationView),
      milestoneDates: amendments.milestoneDates,
      amendmentRevision: amendments.revision,
      asOf: formatLocalInstant(now),
    };
  }

  function snapshot(): UnitStateSnapshot {
    const current = view();
    return {
      campaignId,
      unitId,
      phaseId: current.phase?.id ?? null,
      status: current.status,
      tasks: current.tasks.map((t) => ({ taskId: t.taskId, status: t.status, dueDate: t.dueDate, overdue: t.overdue, rung: t.rung, light: t.light })),
      overdueCount: current.overdue.length,
      rung: current.rung,
      light: current.light,
      version: state.version,
    };
  }

  /** A ledger row; time-driven rows pass the instant the plan set for them (`at`), people's rows happen now. */
  const entry = (kind: string, keySuffix: string, actor: string, payload: Record<string, unknown> = {}, at?: number): LedgerEntryDraft => ({
    key: `${campaignId}/${unitId}/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    payload,
    occurredAt: at === undefined ? workflowNowIso() : new Date(at).toISOString(),
  });

  /**
   * Writes ledger rows, their notifications' outbox rows and the read model in
   * one transaction (idempotent by key and version), then delivers the notices.
   */
  async function commit(entries: LedgerEntryDraft[], notifications: NotificationDraft[] = []): Promise<void> {
    state.version += 1;
    // Runs recorded before notifications existed return no keys.
    const { notificationKeys = [] } = await (lean ? local.commitEvents : commitEvents)({ entries, notifications, unitState: snapshot() });
    await deliverOrHandOver(notificationKeys);
  }

  const notice = (keySuffix: string, kind: string, notify: NotificationDraft['notify'], message: { subject: string; body: string }, payload: Record<string, unknown>): NotificationDraft => ({
    key: `${campaignId}/${unitId}/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    notify,
    subject: message.subject,
    body: message.body,
    payload,
  });

  function requireTask(taskId: string): TaskRecord {
    const task = state.tasks[taskId];
    if (!task) refuse(ErrorType.NotFound, `task "${taskId}" is not part of this unit's campaign`);
    return task;
  }

  function requireOpenedPhase(task: TaskRecord): void {
    if (task.status === 'pending') refuse(ErrorType.InvalidTransition, `task "${task.taskId}" is not open yet: its phase "${task.phaseId}" has not started`);
  }

  // Handlers are registered before the first await so that no message is missed.
  setHandler(unitStateQuery, view);

  setHandler(campaignAmendedSignal, (next) => {
    if (next.revision > amendments.revision) {
      amendments = next;
      changed = true;
    }
  });

  setHandler(
    submitTaskUpdate,
    async ({ taskId, actor, evidence }) => {
      const task = requireTask(taskId);
      task.status = 'submitted';
      task.submissions += 1;
      task.lastSubmission = { by: actor, at: workflowNowIso(), evidence };
      changed = true;
      await commit([entry('task.submitted', `task/${taskId}/submitted/${task.submissions}`, actor, { taskId, evidence, submission: task.submissions })]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId }) => {
        const task = requireTask(taskId);
        requireOpenedPhase(task);
        if (task.status === 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already submitted and awaits approval`);
        if (task.status === 'approved') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already approved; nothing more can be submitted`);
        if (state.completed) refuse(ErrorType.InvalidTransition, 'this unit\'s campaign has ended');
      },
    },
  );

  setHandler(
    approveTaskUpdate,
    async ({ taskId, actor, comment }) => {
      const task = requireTask(taskId);
      task.status = 'approved';
      task.approval = { by: actor, at: workflowNowIso(), comment };
      changed = true;
      await commit([entry('task.approved', `task/${taskId}/approved`, actor, { taskId, comment: comment ?? null, submission: task.submissions })]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId }) => {
        const task = requireTask(taskId);
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (task.status !== 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" cannot be approved: it is ${TASK_STATUSES[task.status].en} (${TASK_STATUSES[task.status].zh}), not submitted`);
      },
    },
  );

  setHandler(
    rejectTaskUpdate,
    async ({ taskId, actor, reason }) => {
      const task = requireTask(taskId);
      task.status = 'rejected';
      task.rejections += 1;
      task.lastRejection = { by: actor, at: workflowNowIso(), reason };
      changed = true;
      await commit([entry('task.rejected', `task/${taskId}/rejected/${task.rejections}`, actor, { taskId, reason, submission: task.submissions })]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId, reason }) => {
        const task = requireTask(taskId);
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (!reason || !reason.trim()) refuse(ErrorType.InvalidInput, 'a rejection needs a reason the unit can act on');
        if (task.status !== 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" cannot be rejected: it is ${TASK_STATUSES[task.status].en} (${TASK_STATUSES[task.status].zh}), not submitted`);
      },
    },
  );

  setHandler(
    amendUnitDeadlineUpdate,
    async ({ taskId, date, actor, reason }) => {
      const task = requireTask(taskId);
      const previous = deadlines().get(taskId)?.dueDate ?? null;
      state.unitDeadlineOverrides[taskId] = date;
      state.unitAmendments += 1;
      changed = true;
      await commit([entry('deadline.amended', `deadline/${taskId}/amended/${state.unitAmendments}`, actor, { taskId, from: previous, to: date, reason, scope: 'unit' })]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId, date, reason }) => {
        const task = requireTask(taskId);
        if (!isValidLocalDate(date)) refuse(ErrorType.InvalidInput, `"${date}" is not a date written YYYY-MM-DD`);
        if (!reason || !reason.trim()) refuse(ErrorType.InvalidInput, 'an amended deadline needs a reason for the ledger');
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (task.status === 'approved') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already approved; its deadline no longer matters`);
        if (endOfLocalDay(date) < workflowNow()) refuse(ErrorType.DateInPast, `${date} is already past; choose today or a later date`);
        refuseUnitDateBeforeCampaignDate(taskId, date);
      },
    },
  );

  const periodToReview = (periodId: string | undefined): ReviewPeriod | undefined => {
    const now = workflowNow();
    const periods = owedPeriods();
    if (periodId) return periods.find((p) => p.id === periodId);
    return periods.find((p) => !state.reviews?.[p.id]?.given && startOfLocalDay(p.start) <= now);
  };

  /**
   * The named period, when its review was already given with exactly this
   * content by this reviewer: a retried request, answered with the first
   * review rather than a 409. Only with a period id: without one, the same
   * words next quarter are a new review. (Such a repeat was refused before,
   * so no recorded history reaches this path.)
   */
  const repeatedReview = (input: PointReviewInput): ReviewPeriod | undefined => {
    if (input.periodId === undefined) return undefined;
    const given = state.reviews?.[input.periodId]?.given;
    const same =
      given?.by === input.actor && given.comment === input.comment && given.strengths === input.strengths && given.weaknesses === input.weaknesses && given.rating === input.rating;
    return same ? owedPeriods().find((p) => p.id === input.periodId) : undefined;
  };

  setHandler(
    givePointReviewUpdate,
    async (input) => {
      const { actor, periodId, comment, strengths, weaknesses, rating } = input;
      const repeated = repeatedReview(input);
      if (repeated) return reviewView(repeated, workflowNow());
      const period = periodToReview(periodId)!;
      const record = reviewRecord(period.id);
      record.given = { by: actor, at: workflowNowIso(), comment, strengths, weaknesses, rating };
      changed = true;
      await commit([entry('review.given', `review/${period.id}/given`, actor, { periodId: period.id, phaseId: period.phaseId, comment, strengths, weaknesses, rating, ratingLabel: REVIEW_RATINGS[rating] })]);
      return reviewView(period, workflowNow());
    },
    {
      validator: (input) => {
        const { periodId, comment, rating } = input;
        if (!escalationEnabled) refuse(ErrorType.InvalidTransition, 'this campaign run predates point reviews; they open at its next phase');
        if (repeatedReview(input)) return;
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        const period = periodToReview(periodId);
        if (!period) {
          refuse(ErrorType.NotFound, periodId ? `no review period "${periodId}" is owed for this unit (periods: ${owedPeriods().map((p) => p.id).join(', ') || 'none yet'})` : 'no review period is owed for this unit now');
        }
        if (startOfLocalDay(period.start) > workflowNow()) refuse(ErrorType.InvalidTransition, `the period ${period.id} has not started yet`);
        if (state.reviews?.[period.id]?.given) refuse(ErrorType.Conflict, `the point review (點評) for ${period.id} has already been given`);
        if (!comment?.trim()) refuse(ErrorType.InvalidInput, 'a point review needs a comment');
        if (!(rating in REVIEW_RATINGS)) refuse(ErrorType.InvalidInput, `rating must be one of ${Object.keys(REVIEW_RATINGS).join(', ')}`);
      },
    },
  );

  /** Own keys only: a round named like an Object.prototype member must not find one. */
  const classificationOf = (round: string): ClassificationRecord | undefined =>
    state.classifications && Object.hasOwn(state.classifications, round) ? state.classifications[round] : undefined;

  function classificationView(record: ClassificationRecord): ClassificationView {
    return { ...record, gradeLabel: CLASSIFICATION_GRADES[record.grade] };
  }

  setHandler(
    classifyUnitUpdate,
    async ({ actor, round, grade, basis }) => {
      // A repeat that raced past the validator finds the first one's record.
      const existing = classificationOf(round);
      if (existing) return classificationView(existing);
      const record: ClassificationRecord = { round, grade, basis, by: actor, at: workflowNowIso() };
      (state.classifications ??= {})[round] = record;
      await commit([entry('unit.classified', `classification/${round}`, actor, { round, grade, gradeLabel: CLASSIFICATION_GRADES[grade], basis })]);
      return classificationView(record);
    },
    {
      validator: ({ round, grade, basis }) => {
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (!(grade in CLASSIFICATION_GRADES)) refuse(ErrorType.InvalidInput, `grade must be one of ${Object.keys(CLASSIFICATION_GRADES).join(', ')}`);
        if (!basis?.trim()) refuse(ErrorType.InvalidInput, 'say what the classification rests on');
        const existing = classificationOf(round);
        if (existing && existing.grade !== grade) {
          const was = CLASSIFICATION_GRADES[existing.grade];
          refuse(ErrorType.Conflict, `the unit was already classified ${was.zh} (${was.en}) in round ${round} by ${existing.by}; a round's grade is not changed, classify the next round instead`);
        }
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    async ({ taskId, actor, proposedDate, reason }) => {
      const task = requireTask(taskId);
      task.extensionRequests = (task.extensionRequests ?? 0) + 1;
      task.extensionRequest = { by: actor, at: workflowNowIso(), proposedDate, reason, number: task.extensionRequests };
      changed = true;
      await commit([entry('extension.requested', `task/${taskId}/extension/${task.extensionRequests}/requested`, actor, { taskId, proposedDate, reason, currentDueDate: deadlines().get(taskId)?.dueDate ?? null })]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId, proposedDate, reason }) => {
        const task = requireTask(taskId);
        requireOpenedPhase(task);
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (!isOutstanding(task)) refuse(ErrorType.InvalidTransition, `task "${taskId}" is ${TASK_STATUSES[task.status].en} (${TASK_STATUSES[task.status].zh}); only open work can be extended`);
        if (task.extensionRequest) refuse(ErrorType.Conflict, `an extension request (延期申請) for "${taskId}" already awaits a decision`);
        if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say why more time is needed');
        if (!isValidLocalDate(proposedDate)) refuse(ErrorType.InvalidInput, `"${proposedDate}" is not a date written YYYY-MM-DD`);
        const due = deadlines().get(taskId);
        if (!due?.dueAt) refuse(ErrorType.InvalidTransition, `task "${taskId}" has no deadline yet`);
        if (due.dueAt < workflowNow()) refuse(ErrorType.InvalidTransition, `the deadline ${due.dueDate} has passed; an extension (延期申請) must be asked for before it`);
        if (proposedDate <= due.dueDate!) refuse(ErrorType.InvalidInput, `the proposed date must be after the current deadline ${due.dueDate}`);
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async ({ taskId, actor, grant, date, reason }) => {
      const task = requireTask(taskId);
      const request = task.extensionRequest!;
      task.extensionRequest = undefined;
      const previous = deadlines().get(taskId)?.dueDate ?? null;
      if (grant) state.unitDeadlineOverrides[taskId] = date ?? request.proposedDate;
      changed = true;
      await commit([
        entry(grant ? 'extension.granted' : 'extension.refused', `task/${taskId}/extension/${request.number}/decided`, actor, {
          taskId,
          from: previous,
          to: grant ? state.unitDeadlineOverrides[taskId] : previous,
          reason: reason ?? null,
          request: request.number,
        }),
      ]);
      return taskView(task, deadlines().get(taskId), workflowNow());
    },
    {
      validator: ({ taskId, grant, date, reason }) => {
        const task = requireTask(taskId);
        if (state.completed) refuse(ErrorType.InvalidTransition, "this unit's campaign has ended");
        if (!task.extensionRequest) refuse(ErrorType.InvalidTransition, `no extension request (延期申請) for "${taskId}" awaits a decision`);
        if (!grant && !reason?.trim()) refuse(ErrorType.InvalidInput, 'a refusal needs a reason');
        if (grant && date !== undefined) {
          if (!isValidLocalDate(date)) refuse(ErrorType.InvalidInput, `"${date}" is not a date written YYYY-MM-DD`);
          if (endOfLocalDay(date) < workflowNow()) refuse(ErrorType.DateInPast, `${date} is already past`);
          refuseUnitDateBeforeCampaignDate(taskId, date);
        }
      },
    },
  );

  /** Reminders before deadlines, rungs after them and reminders to approvers who owe a decision. */
  function escalate(now: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
    const due = deadlines();
    for (const task of Object.values(state.tasks)) {
      if (task.status === 'pending') continue;
      const deadline = due.get(task.taskId);
      const handled = (task.escalations ??= []);
      const title = taskDefinition(task.taskId)!.title;
      if (deadline?.dueDate && deadline.dueAt !== undefined) {
        const dueDate = deadline.dueDate;
        if (isOutstanding(task) && now <= deadline.dueAt) {
          // Only the latest reminder that has come due is sent: a task opened three days
          // before its deadline gets no "seven days left" notice.
          const passed = reminderSteps(plan, dueDate).filter((step) => step.at <= now && !handled.includes(step.id));
          const latest = passed.at(-1);
          for (const step of passed) handled.push(step.id);
          if (latest) {
            const message = reminderMessage({ taskTitle: title, dueDate, daysBefore: latest.daysBefore, nextRung: plan.escalation.ladder[0]?.rung });
            entries.push(entry('task.reminded', `task/${task.taskId}/${latest.id}`, 'system', { taskId: task.taskId, dueDate, daysBefore: latest.daysBefore }, latest.at));
            notifications.push(notice(`task/${task.taskId}/${latest.id}`, 'reminder', ['secretary'], message, { taskId: task.taskId, dueDate }));
          }
        }
        if (ladderClimbs(task) && now > deadline.dueAt) {
          const steps = rungSteps(taskLadder(plan), dueDate, isWorkingDay());
          steps.forEach((step, index) => {
            if (step.at > now || handled.includes(step.id)) return;
            handled.push(step.id);
            const next = steps[index + 1];
            const overdueDays = Math.max(1, daysBetween(dueDate, localDateOf(now)));
            const message = rungMessage({ rung: step.rung, taskTitle: title, dueDate, overdueDays, nextRung: next ? { rung: next.rung, onDate: next.date } : undefined });
            entries.push(entry('escalation.rung', `task/${task.taskId}/${step.id}`, 'system', { taskId: task.taskId, dueDate, rung: step.rung, label: RUNGS[step.rung], notify: step.notify }, step.at));
            notifications.push(notice(`task/${task.taskId}/${step.id}`, 'rung', step.notify, message, { taskId: task.taskId, dueDate, rung: step.rung }));
          });
        }
      }
      if (task.status === 'submitted' && task.lastSubmission) {
        const id = `approval-reminder/${task.submissions}`;
        const at = Date.parse(task.lastSubmission.at) + plan.reminders.approvalAfterDays * DAY_IN_MS;
        if (at <= now && !handled.includes(id)) {
          handled.push(id);
          const approver = taskDefinition(task.taskId)!.approvedBy === 'office' ? 'office' : 'supervisor';
          const message = approvalReminderMessage({ taskTitle: title, kind: 'approval', submittedAt: localDateOf(Date.parse(task.lastSubmission.at)), waitingDays: plan.reminders.approvalAfterDays, to: approver });
          entries.push(entry('approval.reminded', `task/${task.taskId}/${id}`, 'system', { taskId: task.taskId, submission: task.submissions, approver }, at));
          notifications.push(notice(`task/${task.taskId}/${id}`, 'approval-reminder', [approver], message, { taskId: task.taskId }));
        }
      }
    }
  }

  /** Chases point reviews not given by their due date, toward the campaign office. */
  function chaseReviews(now: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
    for (const period of owedPeriods()) {
      if (state.reviews?.[period.id]?.given || now <= endOfLocalDay(period.dueDate)) continue;
      const record = reviewRecord(period.id);
      for (const step of rungSteps(reviewLadder(), period.dueDate, isWorkingDay())) {
        if (step.at > now || record.escalations.includes(step.id)) continue;
        record.escalations.push(step.id);
        const message = approvalReminderMessage({
          taskTitle: { zh: `${period.start}至${period.end}點評`, en: `point review for ${period.start} to ${period.end}` },
          kind: 'review',
          submittedAt: period.end,
          waitingDays: Math.max(0, daysBetween(period.end, localDateOf(now))),
          to: step.notify.includes('office') ? 'office' : 'supervisor',
        });
        entries.push(entry('review.chased', `review/${period.id}/${step.id}`, 'system', { periodId: period.id, dueDate: period.dueDate, rung: step.rung, label: RUNGS[step.rung], notify: step.notify }, step.at));
        notifications.push(notice(`review/${period.id}/${step.id}`, 'review', step.notify, message, { periodId: period.id, rung: step.rung }));
      }
    }
  }

  /** The next instant a reminder, rung or approval reminder comes due. */
  function nextEscalationAt(now: number, includePast: boolean): number | undefined {
    const due = deadlines();
    const candidates: number[] = [];
    for (const task of Object.values(state.tasks)) {
      if (task.status === 'pending') continue;
      const handled = task.escalations ?? [];
      const deadline = due.get(task.taskId);
      if (deadline?.dueDate && deadline.dueAt !== undefined) {
        if (isOutstanding(task) && now <= deadline.dueAt) {
          for (const step of reminderSteps(plan, deadline.dueDate)) if (step.at < deadline.dueAt && !handled.includes(step.id)) candidates.push(step.at);
        }
        if (ladderClimbs(task)) for (const step of rungSteps(taskLadder(plan), deadline.dueDate, isWorkingDay())) if (!handled.includes(step.id)) candidates.push(step.at);
      }
      if (task.status === 'submitted' && task.lastSubmission && !handled.includes(`approval-reminder/${task.submissions}`)) {
        candidates.push(Date.parse(task.lastSubmission.at) + plan.reminders.approvalAfterDays * DAY_IN_MS);
      }
    }
    for (const period of owedPeriods()) {
      const record = state.reviews?.[period.id];
      if (record?.given) continue;
      for (const step of rungSteps(reviewLadder(), period.dueDate, isWorkingDay())) if (!record?.escalations.includes(step.id)) candidates.push(step.at);
    }
    const pending = includePast ? candidates : candidates.filter((t) => t > now);
    return pending.length ? Math.min(...pending) : undefined;
  }

  /** Applies everything that time has brought: phases entered, tasks opened, deadlines missed, the end. */
  function advance(now: number): { entries: LedgerEntryDraft[]; notifications: NotificationDraft[]; enteredPhase: boolean } {
    const entries: LedgerEntryDraft[] = [];
    const notifications: NotificationDraft[] = [];
    const times = phaseTimes(plan, amendments.milestoneDates);
    let enteredPhase = false;
    while (state.phaseIndex + 1 < plan.phases.length && times[state.phaseIndex + 1].startsAt <= now) {
      state.phaseIndex += 1;
      enteredPhase = true;
      const phase = plan.phases[state.phaseIndex];
      entries.push(entry('phase.entered', `phase/${phase.id}/entered`, 'system', { phaseId: phase.id, name: phase.name, index: state.phaseIndex }));
      const due = deadlines();
      for (const task of phase.tasks) {
        state.tasks[task.id].status = 'open';
        entries.push(
          entry('task.opened', `task/${task.id}/opened`, 'system', {
            taskId: task.id,
            title: task.title,
            dueDate: due.get(task.id)?.dueDate ?? null,
            theme: plan.unitThemes[input.unitType] ?? null,
          }),
        );
      }
    }
    const due = deadlines();
    for (const task of Object.values(state.tasks)) {
      const deadline = due.get(task.taskId);
      if (isOverdue(task, deadline, now) && !task.overdueRecorded.includes(deadline!.dueDate!)) {
        task.overdueRecorded.push(deadline!.dueDate!);
        entries.push(entry('task.overdue', `task/${task.taskId}/overdue/${deadline!.dueDate}`, 'system', { taskId: task.taskId, dueDate: deadline!.dueDate, status: task.status }));
      }
    }
    if (escalationEnabled) {
      escalate(now, entries, notifications);
      chaseReviews(now, entries, notifications);
    }
    const last = times[times.length - 1];
    if (state.phaseIndex === plan.phases.length - 1 && last.endsAt !== undefined && now > last.endsAt) {
      state.completed = true;
      const outcomes = Object.fromEntries(Object.values(state.tasks).map((t) => [t.taskId, t.status]));
      entries.push(entry('unit.completed', 'completed', 'system', { outcomes }));
    }
    return { entries, notifications, enteredPhase };
  }

  /** The next instant at which time alone changes something. */
  function nextWakeAt(now: number, includePast: boolean): number | undefined {
    const times = phaseTimes(plan, amendments.milestoneDates);
    const candidates: number[] = [];
    const next = times[state.phaseIndex + 1];
    if (next) candidates.push(next.startsAt);
    const last = times[times.length - 1];
    if (state.phaseIndex === times.length - 1 && last.endsAt !== undefined) candidates.push(last.endsAt + 1);
    const due = deadlines();
    for (const task of Object.values(state.tasks)) {
      const deadline = due.get(task.taskId);
      if (isOutstanding(task) && deadline?.dueAt !== undefined && !task.overdueRecorded.includes(deadline.dueDate!)) candidates.push(deadline.dueAt + 1);
    }
    if (escalationEnabled) {
      const escalation = nextEscalationAt(now, includePast);
      if (escalation !== undefined) candidates.push(escalation);
    }
    // Old runs waited only for future instants; new ones also act at once on what fell due meanwhile.
    const pending = includePast ? candidates : candidates.filter((t) => t > now);
    return pending.length ? Math.min(...pending) : undefined;
  }

  if (!state.started) {
    state.started = true;
    await commit([entry('unit.started', 'started', 'system', { unitType: input.unitType, planId: plan.id })]);
  }

  /** The wake-up timer of the main loop, kept while its instant stays the next one. */
  let wakeTimer: { at: number; fired: boolean; scope: CancellationScope } | undefined;
  const dropWakeTimer = () => {
    if (wakeTimer && !wakeTimer.fired) wakeTimer.scope.cancel();
    wakeTimer = undefined;
  };
  const keptWakeTimer = (at: number, now: number) => {
    if (wakeTimer?.at === at && !wakeTimer.fired) return wakeTimer;
    dropWakeTimer();
    const timer = { at, fired: false, scope: new CancellationScope() };
    timer.scope.run(() => sleep(Math.max(1, at - now))).then(
      () => void (timer.fired = true),
      () => undefined, // cancelled: another instant came first
    );
    wakeTimer = timer;
    return timer;
  };

  let promptPasses = 0;
  while (!state.completed) {
    // A message arriving while this pass commits must wake the next wait.
    if (followUps) changed = false;
    const { entries, notifications, enteredPhase } = advance(workflowNow());
    if (entries.length) await commit(entries, notifications);
    if (state.completed) break;
    if (enteredPhase || workflowInfo().continueAsNewSuggested) {
      // Let in-flight updates finish so that no accepted submission is lost across the boundary.
      await condition(allHandlersFinished);
      await continueAsNew<typeof unitCampaignWorkflow>({ ...input, amendments, carried: state });
    }
    if (!followUps) changed = false;
    const now = workflowNow();
    // Something already due: another pass now. Bounded, in case a rule never settles: then only
    // future instants count, so a stuck rule can never spin timers into the history.
    const wakeAt = nextWakeAt(now, followUps && promptPasses < 20);
    if (wakeAt !== undefined && wakeAt <= now) {
      promptPasses += 1;
      continue;
    }
    promptPasses = 0;
    if (lean) {
      if (wakeAt === undefined) {
        dropWakeTimer();
        await condition(() => changed);
      } else {
        const timer = keptWakeTimer(wakeAt, now);
        await condition(() => changed || timer.fired);
      }
    } else if (wakeAt === undefined) await condition(() => changed);
    else await condition(() => changed, Math.max(1, wakeAt - now));
  }
  dropWakeTimer();
  await condition(allHandlersFinished);
  return view();
}
