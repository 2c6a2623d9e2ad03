/**
 * Opening a rectification item (整改) by its business key: its
 * `rectificationWorkflow` (id rectificationWorkflowId(campaign, unit, item),
 * never reused) and its row in rectification_items, which the listings and
 * duties read. Called by the workflow that records the event finding the
 * problem (a point review, a classification, a supervision event, a plain
 * open), with the input that workflow computed from its plan and amendments.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { Storage } from '../adapters/storage';
import type { RectificationItemRecord } from '../adapters/storage/rectification-items';
import { ErrorType } from '../domain/errors';
import { WORKFLOW_TYPES, archivedRectificationView, openedRectificationView, rectificationRevision, rectificationStateQuery, rectificationWorkflowId, type RectificationInput, type RectificationView } from '../contracts';



export interface OpenRectificationItemResult {
  /** False when an item with this key was there before this open (a retried event, or a second open). */
  created: boolean;
  view: RectificationView;
}

export function createRectificationActivities(deps: { storage: Storage; temporal: Client; taskQueue: string }) {
  const { storage, temporal, taskQueue } = deps;

  async function currentView(row: RectificationItemRecord): Promise<RectificationView> {
    try {
      return await temporal.workflow.getHandle(row.workflowId).query(rectificationStateQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      return archivedRectificationView(row);
    }
  }

  /** Whether the item's workflow was started by this very open (an earlier attempt of this activity). */
  async function startedBy(workflowId: string, openRequest: string): Promise<boolean> {
    try {
      return (await temporal.workflow.getHandle(workflowId).describe()).memo?.openRequest === openRequest;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  return {
    /**
     * Starts the item's workflow, then writes its row (ON CONFLICT DO NOTHING).
     * Safe to retry: `openRequest` (drawn by the calling workflow, carried in
     * the item's memo) tells this open's own earlier start from an item that
     * was there before, which is returned as it is now (`created: false`).
     * A workflow without its row is adopted if it is the same item (same
     * description and deadline); another item under the id is a Conflict.
     */
    async openRectificationItem(input: { item: RectificationInput; openRequest: string }): Promise<OpenRectificationItemResult> {
      const { item, openRequest } = input;
      const workflowId = rectificationWorkflowId(item.campaignId, item.unitId, item.itemId);
      const existing = await storage.rectifications.get(item.campaignId, item.unitId, item.itemId);
      if (existing) {
        if (await startedBy(workflowId, openRequest)) return { created: true, view: openedRectificationView(item) };
        return { created: false, view: await currentView(existing) };
      }
      let adopted = false;
      try {
        await temporal.workflow.start(WORKFLOW_TYPES.rectification, {
          workflowId,
          taskQueue,
          args: [item],
          // An item id is never reused, even after the item is closed.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { openRequest },
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        adopted = true;
        if (!(await startedBy(workflowId, openRequest))) {
          const started = await temporal.workflow.getHandle(workflowId).query(rectificationStateQuery);
          if (started.description !== item.description || started.dueDate !== item.dueDate) {
            throw ApplicationFailure.create({
              type: ErrorType.Conflict,
              nonRetryable: true,
              message: `rectification item (整改) "${item.itemId}" was already started with another description or deadline (${started.dueDate}); open this one with a new itemId`,
            });
          }
        }
      }
      await storage.rectifications.insert({
        campaignId: item.campaignId,
        unitId: item.unitId,
        itemId: item.itemId,
        workflowId,
        source: item.source,
        description: item.description,
        dueDate: item.dueDate,
        openedBy: item.openedBy,
      });
      if (adopted) {
        // The workflow ran without its row (an earlier attempt died between the two): a report or a
        // verification meanwhile found no row to record in, so the row takes the workflow's state now.
        const view = await temporal.workflow.getHandle(workflowId).query(rectificationStateQuery);
        await storage.rectifications.recordState(item.campaignId, item.unitId, item.itemId, view.status, rectificationRevision(view));
        return { created: true, view };
      }
      return { created: true, view: openedRectificationView(item) };
    },
  };
}
