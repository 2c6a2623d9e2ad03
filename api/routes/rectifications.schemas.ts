/** Rectification items (整改): open, list, report, verify, send back. */
import { rectificationSources, rectificationSourceSchema, rectificationStatusSchema, rectificationViewSchema as rectificationViewContract } from '../../contracts';
import { z } from '../zod';
import { campaignIdSchema, evidenceBodySchema, nonEmptyText, slugSchema, todayOrLater, unitIdSchema } from './common.schemas';

export { rectificationSources, rectificationSourceSchema };
export const rectificationStatuses = rectificationStatusSchema.options;

/** An item to open with a review, a classification or a supervision event (contracts: RectificationDraft). */
export const rectificationDraftBody = z.strictObject({
  description: nonEmptyText(4000, 'say what must be rectified'),
  dueDate: todayOrLater.optional().openapi({ description: "Default: today plus the plan's rectification.defaultDays." }),
});

/** An item as its workflow answers (contracts: RectificationView); a list may show one past retention. */
export const rectificationViewSchema = rectificationViewContract
  .extend({
    archived: z
      .literal(true)
      .optional()
      .openapi({ description: 'Lists only: the workflow is past retention; the status is the last one recorded, the ledger has the history.' }),
  })
  .openapi('Rectification');

export const openRectificationBody = z
  .strictObject({
    itemId: slugSchema.optional().openapi({ description: 'Your id for the item, to retry safely: a second open with the same id is 409. A new short id when absent.' }),
    description: nonEmptyText(4000, 'say what must be rectified'),
    dueDate: todayOrLater.optional().openapi({ description: "Default: today plus the plan's rectification.defaultDays." }),
    source: rectificationSourceSchema.default('other'),
  })
  .openapi('OpenRectification');

export const rectificationParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema, itemId: slugSchema });
export const rectificationListSchema = z.object({ items: z.array(rectificationViewSchema) });
export const reportRectificationBody = z.strictObject({ evidence: evidenceBodySchema }).openapi('ReportRectification');
export const verifyRectificationBody = z
  .strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').optional() })
  .openapi('VerifyRectification');
export const sendBackRectificationBody = z
  .strictObject({ reason: nonEmptyText(2000, 'say what is still lacking, so the unit can fix it') })
  .openapi('SendBackRectification');
