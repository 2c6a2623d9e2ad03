/**
 * Opening rectification items (整改) from inside the workflow that records
 * the event finding the problem: the unit's point review and classification,
 * the campaign's supervision events and plain opens. The item's input (its
 * deadline, ladder, listing date and calendar) comes from the plan and the
 * amendments that workflow already holds; one idempotent activity starts the
 * item's workflow by its key and writes its row. Nothing to query first, and
 * a crash anywhere resumes with the workflow.
 */
import { ActivityFailure, ApplicationFailure, getExternalWorkflowHandle, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addDays, localDateOf } from '../domain/calendar';
import type { Plan } from '../domain/plan';
import { rectificationSchedule } from '../domain/rectification';
import { QUICK } from './activity-options';
import { workflowNow } from './clock';
import type { CampaignAmendments, OpenRectificationInput, RectificationInput, RectificationView, SupervisionKind, RectificationSource } from '../contracts';
import { rectificationScheduleSignal } from '../contracts/workflow-handles';
import { rectificationWorkflowId } from '../contracts/workflow-ids';

const { openRectificationItem } = proxyActivities<Activities>(QUICK);

/** The source a supervision event's items are opened with. */
export const SUPERVISION_ITEM_SOURCE: Record<SupervisionKind, RectificationSource> = {
  spot_check: 'spot_check',
  open_visit: 'visit',
  unannounced_visit: 'visit',
  hearing: 'hearing',
  forum: 'other',
  hearing_reports: 'hearing',
  thematic_research: 'supervision',
  exchange_seminar: 'supervision',
  regular_inspection: 'supervision',
  touring_inspection: 'supervision',
  periodic_review: 'point_review',
  contact_point_visit: 'visit',
};

/** What the opening workflow knows: its campaign, its plan, and the amendments in force as it sees them now. */
export interface ItemOpeningContext {
  campaignId: string;
  plan: Plan;
  amendments: () => CampaignAmendments;
}

export interface OpenedItem {
  /** False when an item with this key was there already (a retried event): `view` is its state now. */
  created: boolean;
  view: RectificationView;
}

/** Opens the items (each once by its key), in parallel; a different item already under one's id is a Conflict. */
export function openRectificationItems(ctx: ItemOpeningContext, items: OpenRectificationInput[]): Promise<OpenedItem[]> {
  return Promise.all(items.map((item) => openOne(ctx, item)));
}

async function openOne(ctx: ItemOpeningContext, item: OpenRectificationInput): Promise<OpenedItem> {
  const { campaignId, plan } = ctx;
  const now = workflowNow();
  const amendments = ctx.amendments();
  const schedule = rectificationSchedule(plan, amendments, now);
  const input: RectificationInput = {
    campaignId,
    unitId: item.unitId,
    itemId: item.itemId,
    description: item.description,
    source: item.source,
    openedBy: item.actor,
    dueDate: item.dueDate ?? addDays(localDateOf(now), plan.rectification.defaultDays),
    ladder: plan.rectification.ladder,
    atHour: plan.reminders.atHour,
    listUnderSupervisionAt: schedule.listUnderSupervisionAt,
    scheduleRevision: schedule.revision,
    ...(schedule.holidays ? { holidays: schedule.holidays } : {}),
  };
  let opened: OpenedItem;
  try {
    opened = await openRectificationItem({ item: input, openRequest: uuid4() });
  } catch (error) {
    // A refusal (another item under this id) fails the update that asked, not the workflow.
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.create({ type: error.cause.type ?? undefined, message: error.cause.message, nonRetryable: true });
    }
    throw error;
  }
  // An amendment that arrived while the item was being opened may have been broadcast to the open
  // items before its row existed: give it the newer schedule (an item ignores an older one).
  const latest = ctx.amendments();
  if (opened.created && latest.revision !== amendments.revision) {
    try {
      await getExternalWorkflowHandle(rectificationWorkflowId(campaignId, item.unitId, item.itemId)).signal(
        rectificationScheduleSignal,
        rectificationSchedule(plan, latest, now),
      );
    } catch {
      // Closed already (verified at once): nothing left to schedule.
    }
  }
  return opened;
}
