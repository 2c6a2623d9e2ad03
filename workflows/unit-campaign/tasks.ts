/**
 * A task's life as updates: submitted, approved or rejected with a reason, its
 * deadline amended for this unit, an extension requested (延期申請) and
 * decided. Validators refuse what the campaign does not allow, before anything
 * is recorded.
 */
import { setHandler } from '@temporalio/workflow';
import { endOfLocalDay, isValidLocalDate } from '../../domain/calendar';
import { ErrorType } from '../../domain/errors';
import { TASK_STATUSES } from '../../domain/labels';
import { workflowNow, workflowNowIso } from '../clock';
import type { TaskRecord } from '../../contracts';
import { amendUnitDeadlineUpdate, approveTaskUpdate, decideExtensionUpdate, rejectTaskUpdate, requestExtensionUpdate, submitTaskUpdate } from '../../contracts/workflow-handles';
import { refuse } from '../refuse';
import { commit } from './commit';
import {
  deadlines,
  entry,
  isOutstanding,
  refuseIfEnded,
  refuseUnitDateBeforeCampaignDate,
  requireOpenedPhase,
  requireTask,
  type UnitContext,
} from './context';
import { currentTaskView } from './view';

const statusOf = (task: TaskRecord) => `${TASK_STATUSES[task.status].en} (${TASK_STATUSES[task.status].zh})`;

export function registerTaskUpdates(ctx: UnitContext): void {
  const { state } = ctx;

  setHandler(
    submitTaskUpdate,
    async ({ taskId, actor, evidence }) => {
      const task = requireTask(ctx, taskId);
      task.status = 'submitted';
      task.submissions += 1;
      task.lastSubmission = { by: actor, at: workflowNowIso(), evidence };
      ctx.changed = true;
      await commit(ctx, [entry(ctx, 'task.submitted', `task/${taskId}/submitted/${task.submissions}`, actor, { taskId, evidence, submission: task.submissions })]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId }) => {
        const task = requireTask(ctx, taskId);
        requireOpenedPhase(task);
        if (task.status === 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already submitted and awaits approval`);
        if (task.status === 'approved') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already approved; nothing more can be submitted`);
        refuseIfEnded(ctx);
      },
    },
  );

  setHandler(
    approveTaskUpdate,
    async ({ taskId, actor, comment }) => {
      const task = requireTask(ctx, taskId);
      task.status = 'approved';
      task.approval = { by: actor, at: workflowNowIso(), comment };
      ctx.changed = true;
      await commit(ctx, [entry(ctx, 'task.approved', `task/${taskId}/approved`, actor, { taskId, comment: comment ?? null, submission: task.submissions })]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId }) => {
        const task = requireTask(ctx, taskId);
        refuseIfEnded(ctx);
        if (task.status !== 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" cannot be approved: it is ${statusOf(task)}, not submitted`);
      },
    },
  );

  setHandler(
    rejectTaskUpdate,
    async ({ taskId, actor, reason }) => {
      const task = requireTask(ctx, taskId);
      task.status = 'rejected';
      task.rejections += 1;
      task.lastRejection = { by: actor, at: workflowNowIso(), reason };
      ctx.changed = true;
      await commit(ctx, [entry(ctx, 'task.rejected', `task/${taskId}/rejected/${task.rejections}`, actor, { taskId, reason, submission: task.submissions })]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId, reason }) => {
        const task = requireTask(ctx, taskId);
        refuseIfEnded(ctx);
        if (!reason || !reason.trim()) refuse(ErrorType.InvalidInput, 'a rejection needs a reason the unit can act on');
        if (task.status !== 'submitted') refuse(ErrorType.InvalidTransition, `task "${taskId}" cannot be rejected: it is ${statusOf(task)}, not submitted`);
      },
    },
  );

  setHandler(
    amendUnitDeadlineUpdate,
    async ({ taskId, date, actor, reason }) => {
      const task = requireTask(ctx, taskId);
      const previous = deadlines(ctx).get(taskId)?.dueDate ?? null;
      state.unitDeadlineOverrides[taskId] = date;
      state.unitAmendments += 1;
      ctx.changed = true;
      await commit(ctx, [entry(ctx, 'deadline.amended', `deadline/${taskId}/amended/${state.unitAmendments}`, actor, { taskId, from: previous, to: date, reason, scope: 'unit' })]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId, date, reason }) => {
        const task = requireTask(ctx, taskId);
        if (!isValidLocalDate(date)) refuse(ErrorType.InvalidInput, `"${date}" is not a date written YYYY-MM-DD`);
        if (!reason || !reason.trim()) refuse(ErrorType.InvalidInput, 'an amended deadline needs a reason for the ledger');
        refuseIfEnded(ctx);
        if (task.status === 'approved') refuse(ErrorType.InvalidTransition, `task "${taskId}" is already approved; its deadline no longer matters`);
        if (endOfLocalDay(date) < workflowNow()) refuse(ErrorType.DateInPast, `${date} is already past; choose today or a later date`);
        refuseUnitDateBeforeCampaignDate(ctx, taskId, date);
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    async ({ taskId, actor, proposedDate, reason }) => {
      const task = requireTask(ctx, taskId);
      task.extensionRequests = (task.extensionRequests ?? 0) + 1;
      task.extensionRequest = { by: actor, at: workflowNowIso(), proposedDate, reason, number: task.extensionRequests };
      ctx.changed = true;
      await commit(ctx, [
        entry(ctx, 'extension.requested', `task/${taskId}/extension/${task.extensionRequests}/requested`, actor, { taskId, proposedDate, reason, currentDueDate: deadlines(ctx).get(taskId)?.dueDate ?? null }),
      ]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId, proposedDate, reason }) => {
        const task = requireTask(ctx, taskId);
        requireOpenedPhase(task);
        refuseIfEnded(ctx);
        if (!isOutstanding(task)) refuse(ErrorType.InvalidTransition, `task "${taskId}" is ${statusOf(task)}; only open work can be extended`);
        if (task.extensionRequest) refuse(ErrorType.Conflict, `an extension request (延期申請) for "${taskId}" already awaits a decision`);
        if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say why more time is needed');
        if (!isValidLocalDate(proposedDate)) refuse(ErrorType.InvalidInput, `"${proposedDate}" is not a date written YYYY-MM-DD`);
        const due = deadlines(ctx).get(taskId);
        if (!due?.dueAt) refuse(ErrorType.InvalidTransition, `task "${taskId}" has no deadline yet`);
        if (due.dueAt < workflowNow()) refuse(ErrorType.InvalidTransition, `the deadline ${due.dueDate} has passed; an extension (延期申請) must be asked for before it`);
        if (proposedDate <= due.dueDate!) refuse(ErrorType.InvalidInput, `the proposed date must be after the current deadline ${due.dueDate}`);
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async ({ taskId, actor, grant, date, reason }) => {
      const task = requireTask(ctx, taskId);
      const request = task.extensionRequest!;
      task.extensionRequest = undefined;
      const previous = deadlines(ctx).get(taskId)?.dueDate ?? null;
      if (grant) state.unitDeadlineOverrides[taskId] = date ?? request.proposedDate;
      ctx.changed = true;
      await commit(ctx, [
        entry(ctx, grant ? 'extension.granted' : 'extension.refused', `task/${taskId}/extension/${request.number}/decided`, actor, {
          taskId,
          from: previous,
          to: grant ? state.unitDeadlineOverrides[taskId] : previous,
          reason: reason ?? null,
          request: request.number,
        }),
      ]);
      return currentTaskView(ctx, task);
    },
    {
      validator: ({ taskId, grant, date, reason }) => {
        const task = requireTask(ctx, taskId);
        refuseIfEnded(ctx);
        if (!task.extensionRequest) refuse(ErrorType.InvalidTransition, `no extension request (延期申請) for "${taskId}" awaits a decision`);
        if (!grant && !reason?.trim()) refuse(ErrorType.InvalidInput, 'a refusal needs a reason');
        if (grant && date !== undefined) {
          if (!isValidLocalDate(date)) refuse(ErrorType.InvalidInput, `"${date}" is not a date written YYYY-MM-DD`);
          if (endOfLocalDay(date) < workflowNow()) refuse(ErrorType.DateInPast, `${date} is already past`);
          refuseUnitDateBeforeCampaignDate(ctx, taskId, date);
        }
      },
    },
  );
}
