/**
 * Views of a rectification item (整改) that need no running workflow: the
 * state a new item starts in, and the last recorded state of one whose
 * workflow is gone. Pure; shared by the activity that opens items and the API.
 */
import { RECTIFICATION_STATUSES } from '../domain/labels';
import type { RectificationInput, RectificationSource, RectificationStatus, RectificationView } from './definitions';

/** Grows with every transition (report, send-back, verification), so an older state never overwrites a newer one. */
export const rectificationRevision = (view: Pick<RectificationView, 'reports' | 'sendBacks' | 'status'>) =>
  view.reports + view.sendBacks + (view.status === 'verified' ? 1 : 0);

/** The state an item's workflow starts in. */
export function openedRectificationView(input: RectificationInput): RectificationView {
  return {
    campaignId: input.campaignId,
    unitId: input.unitId,
    itemId: input.itemId,
    description: input.description,
    source: input.source,
    openedBy: input.openedBy,
    dueDate: input.dueDate,
    status: 'open',
    statusLabel: RECTIFICATION_STATUSES.open,
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
  };
}

/** An item whose workflow is closed and past retention: its last recorded status, marked archived (the ledger keeps the rest). */
export function archivedRectificationView(row: {
  campaignId: string;
  unitId: string;
  itemId: string;
  description: string;
  source: string;
  openedBy: string;
  dueDate: string;
  status: RectificationStatus;
}): RectificationView & { archived: true } {
  return {
    campaignId: row.campaignId,
    unitId: row.unitId,
    itemId: row.itemId,
    description: row.description,
    source: row.source as RectificationSource,
    openedBy: row.openedBy,
    dueDate: row.dueDate,
    status: row.status,
    statusLabel: RECTIFICATION_STATUSES[row.status],
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
    archived: true,
  };
}
