/** Helpers for scripting a campaign over simulated years. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';

import { startOfLocalDay, type LocalDate } from '../../domain/calendar';
import { parsePlan, type Plan, type PlanInput } from '../../domain/plan';
import { rebasePlanToYear } from '../../domain/rebase';
import { listUnderSupervisionAt } from '../../domain/rectification';
import type { MilestoneDates } from '../../domain/schedule';
import {
  rectificationWorkflowId,
  type RectificationInput,
  approveTaskUpdate,
  campaignProgressQuery,
  campaignWorkflowId,
  rejectTaskUpdate,
  startUnitsUpdate,
  submitTaskUpdate,
  unitStateQuery,
  unitWorkflowId,
  type StartTarget,
} from '../../contracts';
import type { Harness } from './harness';

/** Skips simulated time to noon (Asia/Shanghai) of a local date. */
export async function sleepUntil(env: TestWorkflowEnvironment, date: LocalDate): Promise<void> {
  const target = startOfLocalDay(date) + 12 * 3600_000;
  const now = await env.currentTimeMs();
  if (target <= now) throw new Error(`cannot go back in time to ${date}`);
  await env.sleep(target - now);
}

/** Polls (in real time) until `check` returns a value; `what` names the condition in the error. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  { what, everyMs = 100 }: { what?: string; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  if (what) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s${last ? ` (${String(last)})` : ''}`);
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** A template re-dated to start next year (simulated time starts today). */
export async function planStartingNextYear(env: TestWorkflowEnvironment, template: PlanInput, id?: string): Promise<Plan> {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = rebasePlanToYear(parsePlan(template), year);
  return id ? { ...plan, id } : plan;
}

export async function defineAndStartCampaign(h: Harness, campaignId: string, plan: Plan, target: StartTarget) {
  await h.campaigns.create({ id: campaignId, name: plan.name, plan, createdBy: 'office' });
  const handle = await h.env.client.workflow.start('campaignWorkflow', {
    workflowId: campaignWorkflowId(campaignId),
    taskQueue: h.taskQueue,
    args: [{ campaignId, plan, createdBy: 'office' }],
  });
  await handle.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'start-1', target, actor: 'office' }] });
  await eventually(async () => (await handle.query(campaignProgressQuery)).totals.done);
  return handle;
}

export function unitHandle(h: Harness, campaignId: string, unitId: string) {
  const handle = h.env.client.workflow.getHandle(unitWorkflowId(campaignId, unitId));
  return {
    handle,
    state: () => handle.query(unitStateQuery),
    submit: (taskId: string, text = '已完成') =>
      handle.executeUpdate(submitTaskUpdate, { args: [{ taskId, actor: `unit:${unitId}`, evidence: { text, links: [] } }] }),
    approve: (taskId: string) => handle.executeUpdate(approveTaskUpdate, { args: [{ taskId, actor: 'sup-1' }] }),
    reject: (taskId: string, reason: string) => handle.executeUpdate(rejectTaskUpdate, { args: [{ taskId, actor: 'sup-1', reason }] }),
  };
}

/** Opens a rectification item (整改) the way the API does, from the plan's ladder and listing phase. */
export async function openRectification(
  h: Harness,
  plan: Plan,
  item: Pick<RectificationInput, 'campaignId' | 'unitId' | 'itemId' | 'dueDate'> & Partial<Pick<RectificationInput, 'description' | 'source' | 'openedBy'>>,
  milestoneDates: MilestoneDates = {},
) {
  const input: RectificationInput = {
    description: '黨員學習記錄不完整',
    source: 'point_review',
    openedBy: 'sup-1',
    ...item,
    ladder: plan.rectification.ladder,
    atHour: plan.reminders.atHour,
    listUnderSupervisionAt: listUnderSupervisionAt(plan, milestoneDates, await h.env.currentTimeMs()),
  };
  const workflowId = rectificationWorkflowId(item.campaignId, item.unitId, item.itemId);
  // Its row too, as the API writes it: the campaign finds open items there when its schedule changes.
  await h.storage.rectifications.insert({ ...item, workflowId, source: input.source, description: input.description, openedBy: input.openedBy });
  return h.env.client.workflow.start('rectificationWorkflow', {
    workflowId,
    taskQueue: h.taskQueue,
    args: [input],
  });
}
