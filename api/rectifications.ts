/**
 * Rectification items (整改) as the API reads and acts on them: one
 * `rectificationWorkflow` per item, id rectificationWorkflowId(campaign, unit,
 * item). Items are opened by workflows, never here: the campaign workflow
 * (`openRectificationUpdate`, supervision events) and the unit's workflow
 * (point reviews, lagging grades) start the item by its key and write its row.
 *
 * Listing: a row per item (table rectification_items, written by the opening
 * activity, its status kept by the item's workflow with each transition),
 * chosen over Temporal visibility (`WorkflowId STARTS_WITH …`) because
 * visibility is eventually consistent (an item just opened may be missing
 * from the next list), needs advanced visibility in production, and cannot
 * answer "which items in these subtrees await a verification" for a
 * supervisor's duties without custom search attributes. The workflow stays
 * the source of truth: every read queries it. Reads never write.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CampaignRecord } from '../adapters/storage/campaigns';
import type { RectificationItemRecord } from '../adapters/storage/rectification-items';
import { AppError, ErrorType } from '../domain/errors';
import { planSchema, type Plan } from '../domain/plan';
import { archivedRectificationView, rectificationStateQuery, rectificationWorkflowId, type RectificationView } from '../contracts';

import type { ApiContext } from './context';

/** A short item id: part of a workflow id, so lower-case letters and digits only. */
export const newItemId = () => `r-${randomBytes(5).toString('hex')}`;

/** The plan with the defaults of fields added since the campaign was stored. */
export const planOf = (campaign: CampaignRecord): Plan => planSchema.parse(campaign.plan);

/** The item's state, from its workflow (a query: nothing is written). */
export async function rectificationState(ctx: ApiContext, item: Pick<RectificationItemRecord, 'campaignId' | 'unitId' | 'itemId'>): Promise<RectificationView> {
  // A query sent before the item's first workflow task is answered with that task (the server waits for the worker).
  return ctx.temporal.workflow.getHandle(rectificationWorkflowId(item.campaignId, item.unitId, item.itemId)).query(rectificationStateQuery);
}

/**
 * The item's state, or, when its workflow is gone (closed and past the
 * namespace's retention), the last state its row records, marked `archived`;
 * the ledger keeps its full history.
 */
export async function rectificationStateOrArchived(ctx: ApiContext, item: RectificationItemRecord): Promise<RectificationView & { archived?: true }> {
  try {
    return await rectificationState(ctx, item);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return archivedRectificationView(item);
  }
}

/** 404 unless the item exists (its row, or failing that its workflow). */
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

/**
 * Runs an action's update (the item's workflow records the transition and
 * its row's status together); an item whose workflow has closed (verified,
 * 已銷號) answers 409 with its state rather than a bare "not running".
 */
export async function actOnItem(
  ctx: ApiContext,
  item: { campaignId: string; unitId: string; itemId: string },
  action: string,
  update: () => Promise<RectificationView>,
): Promise<RectificationView> {
  try {
    return await update();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    const state = await rectificationState(ctx, item);
    throw new AppError(
      ErrorType.InvalidTransition,
      `rectification ${item.itemId} is ${state.statusLabel.en} (${state.statusLabel.zh}); it can no longer be ${action}`,
    );
  }
}
