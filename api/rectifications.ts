/**
 * Rectification items (整改) as the API opens and reads them: one
 * `rectificationWorkflow` per item, started with the id
 * rectificationWorkflowId(campaign, unit, item) and an input built from the
 * stored plan and the campaign's amendments (milestone dates, holidays).
 *
 * Listing: the API keeps a row per item it opened (table rectification_items,
 * written in the transaction that starts the workflow), chosen over Temporal
 * visibility (`WorkflowId STARTS_WITH …`) because visibility is eventually
 * consistent (an item just opened may be missing from the next list), needs
 * advanced visibility in production, and cannot answer "which items in these
 * subtrees await a verification" for a supervisor's duties without custom
 * search attributes. The workflow stays the source of truth: every read
 * queries it, and the row's status is refreshed from what it answers.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { CampaignRecord } from '../adapters/storage/campaigns';
import type { RectificationItemRecord } from '../adapters/storage/rectification-items';
import { addDays, localDateOf, type LocalDate } from '../domain/calendar';
import { AppError, ErrorType } from '../domain/errors';
import { RECTIFICATION_STATUSES } from '../domain/labels';
import { planSchema, type Plan } from '../domain/plan';
import { rectificationSchedule } from '../domain/rectification';
import {
  campaignProgressQuery,
  campaignWorkflowId,
  rectificationScheduleSignal,
  rectificationStateQuery,
  rectificationWorkflowId,
  type RectificationInput,
  type RectificationSource,
  type RectificationView,
} from '../workflows/definitions';
import type { ApiContext } from './context';

/** The workflow type the worker registers (the API names it, never imports it). */
export const RECTIFICATION_WORKFLOW = 'rectificationWorkflow';

/** A short item id: part of a workflow id, so lower-case letters and digits only. */
export const newItemId = () => `r-${randomBytes(5).toString('hex')}`;

/** Grows with every transition (report, send-back, verification), so an older state never overwrites a newer one. */
export const revisionOf = (view: RectificationView) => view.reports + view.sendBacks + (view.status === 'verified' ? 1 : 0);

/** The plan with the defaults of fields added since the campaign was stored. */
export const planOf = (campaign: CampaignRecord): Plan => planSchema.parse(campaign.plan);

export interface OpenRectification {
  campaign: CampaignRecord;
  unitId: string;
  itemId?: string;
  description: string;
  dueDate?: LocalDate;
  source: RectificationSource;
  actor: string;
  /** When an item with this id exists: 409 (a caller's retry of a plain open), or return it (a retried review or event). */
  ifExists: 'conflict' | 'return';
}

/** The item's state from its workflow; its row is refreshed with it. */
export async function rectificationState(ctx: ApiContext, item: Pick<RectificationItemRecord, 'campaignId' | 'unitId' | 'itemId'>): Promise<RectificationView> {
  // A query sent before the item's first workflow task is answered with that task (the server waits for the worker).
  const view = await ctx.temporal.workflow.getHandle(rectificationWorkflowId(item.campaignId, item.unitId, item.itemId)).query(rectificationStateQuery);
  await ctx.storage.rectifications.recordState(item.campaignId, item.unitId, item.itemId, view.status, revisionOf(view));
  return view;
}

/**
 * The item's state, or, when its workflow is gone (closed and past the
 * namespace's retention), the last state the API recorded, marked `archived`;
 * the ledger keeps its full history.
 */
export async function rectificationStateOrArchived(ctx: ApiContext, item: RectificationItemRecord): Promise<RectificationView & { archived?: true }> {
  try {
    return await rectificationState(ctx, item);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return {
      campaignId: item.campaignId,
      unitId: item.unitId,
      itemId: item.itemId,
      description: item.description,
      source: item.source as RectificationSource,
      openedBy: item.openedBy,
      dueDate: item.dueDate,
      status: item.status,
      statusLabel: RECTIFICATION_STATUSES[item.status],
      rung: null,
      light: 'green',
      listedUnderSupervision: false,
      reports: 0,
      sendBacks: 0,
      archived: true,
    };
  }
}

/** 404 unless the item exists (a row written by the API, or failing that its workflow). */
export async function requireItem(ctx: ApiContext, campaignId: string, unitId: string, itemId: string): Promise<void> {
  if (await ctx.storage.rectifications.get(campaignId, unitId, itemId)) return;
  try {
    await ctx.temporal.workflow.getHandle(rectificationWorkflowId(campaignId, unitId, itemId)).describe();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    throw new AppError(
      ErrorType.NotFound,
      `unit "${unitId}" has no rectification item (整改) "${itemId}" in campaign "${campaignId}"; GET /campaigns/${campaignId}/units/${unitId}/rectifications lists them`,
    );
  }
}

/** The schedule as a new item's input spells it. */
const rectificationScheduleInput = ({ revision, listUnderSupervisionAt, holidays }: ReturnType<typeof rectificationSchedule>) => ({
  listUnderSupervisionAt,
  scheduleRevision: revision,
  ...(holidays ? { holidays } : {}),
});

/**
 * An amendment broadcast while the item was being opened may have paged past
 * its row before the row was committed: if the campaign's amendments moved on
 * meanwhile, give the item the newer schedule (it ignores a stale one).
 */
async function catchUpSchedule(ctx: ApiContext, campaignHandle: WorkflowHandle, plan: Plan, workflowId: string, revision: number, openedAt: number): Promise<void> {
  const { amendments } = await campaignHandle.query(campaignProgressQuery);
  if (amendments.revision === revision) return;
  await ctx.temporal.workflow.getHandle(workflowId).signal(rectificationScheduleSignal, rectificationSchedule(plan, amendments, openedAt));
}

/** Records what an action's update returned. */
export async function recordView(ctx: ApiContext, view: RectificationView): Promise<RectificationView> {
  await ctx.storage.rectifications.recordState(view.campaignId, view.unitId, view.itemId, view.status, revisionOf(view));
  return view;
}

/**
 * Opens an item: its row and its workflow start commit together (a refused
 * start rolls the row back; a workflow left by an attempt whose commit was
 * lost is adopted). The default deadline is today plus the plan's
 * rectification.defaultDays.
 */
export async function openRectification(ctx: ApiContext, request: OpenRectification): Promise<RectificationView> {
  const { campaign, unitId } = request;
  const plan = planOf(campaign);
  const itemId = request.itemId ?? newItemId();
  const now = Date.now();
  const dueDate = request.dueDate ?? addDays(localDateOf(now), plan.rectification.defaultDays);
  const campaignHandle = ctx.temporal.workflow.getHandle(campaignWorkflowId(campaign.id));
  const { amendments } = await campaignHandle.query(campaignProgressQuery);
  const input: RectificationInput = {
    campaignId: campaign.id,
    unitId,
    itemId,
    description: request.description,
    source: request.source,
    openedBy: request.actor,
    dueDate,
    ladder: plan.rectification.ladder,
    atHour: plan.reminders.atHour,
    ...rectificationScheduleInput(rectificationSchedule(plan, amendments, now)),
  };
  const workflowId = rectificationWorkflowId(campaign.id, unitId, itemId);

  // The row and the workflow start commit together; an item that exists writes nothing.
  const existing = await ctx.storage.transaction(async (tx) => {
    const created = await tx.rectifications.insert({
      campaignId: campaign.id,
      unitId,
      itemId,
      workflowId,
      source: request.source,
      description: request.description,
      dueDate,
      openedBy: request.actor,
    });
    if (created) {
      try {
        await ctx.temporal.workflow.start(RECTIFICATION_WORKFLOW, {
          workflowId,
          taskQueue: ctx.taskQueue,
          args: [input],
          // An item id is never reused, even after the item is closed.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        // Rows are never deleted, so a workflow without its row is an earlier attempt whose
        // commit was lost after the start: this row adopts it, if it is the same item.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        const started = await ctx.temporal.workflow.getHandle(workflowId).query(rectificationStateQuery);
        if (started.description !== input.description || started.dueDate !== input.dueDate) {
          throw new AppError(
            ErrorType.Conflict,
            `rectification item (整改) "${itemId}" was already started with another description or deadline (${started.dueDate}); open this one with a new itemId`,
          );
        }
      }
    }
    return !created;
  });
  if (!existing) await catchUpSchedule(ctx, campaignHandle, plan, workflowId, amendments.revision, now);
  if (existing) {
    if (request.ifExists === 'return') return rectificationState(ctx, { campaignId: campaign.id, unitId, itemId });
    throw new AppError(
      ErrorType.Conflict,
      `unit "${unitId}" already has a rectification item (整改) "${itemId}" in campaign "${campaign.id}"; see it at GET /campaigns/${campaign.id}/units/${unitId}/rectifications/${itemId}, or open another with a new itemId`,
    );
  }
  // The state the workflow starts in: no need to wait for its first task.
  return {
    campaignId: campaign.id,
    unitId,
    itemId,
    description: input.description,
    source: input.source,
    openedBy: input.openedBy,
    dueDate,
    status: 'open',
    statusLabel: RECTIFICATION_STATUSES.open,
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
  };
}

/**
 * Runs an action's update; an item whose workflow has closed (verified, 已銷號)
 * answers 409 with its state rather than a bare "not running".
 */
export async function actOnItem(
  ctx: ApiContext,
  item: { campaignId: string; unitId: string; itemId: string },
  action: string,
  update: () => Promise<RectificationView>,
): Promise<RectificationView> {
  let view: RectificationView;
  try {
    view = await update();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    const state = await rectificationState(ctx, item);
    throw new AppError(
      ErrorType.InvalidTransition,
      `rectification ${item.itemId} is ${state.statusLabel.en} (${state.statusLabel.zh}); it can no longer be ${action}`,
    );
  }
  return recordView(ctx, view);
}
