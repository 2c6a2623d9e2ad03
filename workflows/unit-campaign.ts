/**
 * One unit's campaign (一個基層黨組織的創先爭優活動): it walks the plan's phases
 * at their window boundaries, opens each phase's tasks, takes submissions,
 * approvals and rejections as updates, follows amended deadlines and milestone
 * dates, records every step in the ledger, and continues-as-new at each phase
 * boundary so that a campaign of years keeps a short history.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft, UnitStateSnapshot } from '../activities';
import { endOfLocalDay, formatLocalInstant, isValidLocalDate } from '../domain/calendar';
import { ErrorType } from '../domain/errors';
import { TASK_STATUSES } from '../domain/labels';
import { phaseTimes, taskDeadlines, type TaskDeadline } from '../domain/schedule';
import { workflowNow, workflowNowIso } from './clock';
import {
  amendUnitDeadlineUpdate,
  approveTaskUpdate,
  campaignAmendedSignal,
  rejectTaskUpdate,
  submitTaskUpdate,
  unitStateQuery,
  type TaskRecord,
  type TaskView,
  type UnitCampaignCarriedState,
  type UnitCampaignInput,
  type UnitCampaignView,
} from './definitions';

const { commitEvents } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // No attempt limit: a ledger entry must never be lost, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

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
  const { campaignId, unitId, plan } = input;
  const state = input.carried ?? initialState(input);
  let amendments = input.amendments;
  let changed = false;

  const taskDefinition = (taskId: string) => plan.phases.flatMap((p) => p.tasks).find((t) => t.id === taskId);
  const deadlines = (): Map<string, TaskDeadline> =>
    new Map(
      taskDeadlines(plan, amendments.milestoneDates, { ...amendments.deadlineOverrides, ...state.unitDeadlineOverrides }).map((d) => [d.taskId, d]),
    );
  const isOutstanding = (task: TaskRecord) => task.status === 'open' || task.status === 'rejected';
  const isOverdue = (task: TaskRecord, deadline: TaskDeadline | undefined, now: number) =>
    isOutstanding(task) && deadline?.dueAt !== undefined && deadline.dueAt < now;

  function taskView(task: TaskRecord, deadline: TaskDeadline | undefined, now: number): TaskView {
    const definition = taskDefinition(task.taskId)!;
    return {
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
      tasks: current.tasks.map((t) => ({ taskId: t.taskId, status: t.status, dueDate: t.dueDate, overdue: t.overdue })),
      overdueCount: current.overdue.length,
      version: state.version,
    };
  }

  const entry = (kind: string, keySuffix: string, actor: string, payload: Record<string, unknown> = {}): LedgerEntryDraft => ({
    key: `${campaignId}/${unitId}/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    payload,
    occurredAt: workflowNowIso(),
  });

  /** Writes ledger rows and the read model in one transaction (idempotent by key and version). */
  async function commit(entries: LedgerEntryDraft[]): Promise<void> {
    state.version += 1;
    await commitEvents({ entries, unitState: snapshot() });
  }

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
        if (task.status === 'approved') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already approved; its deadline no longer matters`);
        if (endOfLocalDay(date) < workflowNow()) refuse(ErrorType.DateInPast, `${date} is already past; choose today or a later date`);
      },
    },
  );

  /** Applies everything that time has brought: phases entered, tasks opened, deadlines missed, the end. */
  function advance(now: number): { entries: LedgerEntryDraft[]; enteredPhase: boolean } {
    const entries: LedgerEntryDraft[] = [];
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
    const last = times[times.length - 1];
    if (state.phaseIndex === plan.phases.length - 1 && last.endsAt !== undefined && now > last.endsAt) {
      state.completed = true;
      const outcomes = Object.fromEntries(Object.values(state.tasks).map((t) => [t.taskId, t.status]));
      entries.push(entry('unit.completed', 'completed', 'system', { outcomes }));
    }
    return { entries, enteredPhase };
  }

  /** The next instant at which time alone changes something. */
  function nextWakeAt(now: number): number | undefined {
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
    const future = candidates.filter((t) => t > now);
    return future.length ? Math.min(...future) : undefined;
  }

  if (!state.started) {
    state.started = true;
    await commit([entry('unit.started', 'started', 'system', { unitType: input.unitType, planId: plan.id })]);
  }

  while (!state.completed) {
    const { entries, enteredPhase } = advance(workflowNow());
    if (entries.length) await commit(entries);
    if (state.completed) break;
    if (enteredPhase || workflowInfo().continueAsNewSuggested) {
      // Let in-flight updates finish so that no accepted submission is lost across the boundary.
      await condition(allHandlersFinished);
      await continueAsNew<typeof unitCampaignWorkflow>({ ...input, amendments, carried: state });
    }
    changed = false;
    const now = workflowNow();
    const wakeAt = nextWakeAt(now);
    if (wakeAt === undefined) await condition(() => changed);
    else await condition(() => changed, wakeAt - now);
  }
  await condition(allHandlersFinished);
  return view();
}
