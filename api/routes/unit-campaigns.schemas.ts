/** A unit's campaign and its tasks: the view, submit, approve, reject. */
import { firstResponsibleViewSchema, taskViewSchema, unitCampaignViewSchema as unitCampaignViewContract } from '../../contracts';
import { z } from '../zod';
import { bilingualTextSchema, campaignIdSchema, evidenceBodySchema, nonEmptyText, slugSchema, unitIdSchema } from './common.schemas';
import { reviewViewSchema } from './reviews.schemas';

export { unitCampaignParams } from './common.schemas';
/** A task as the unit's workflow answers (contracts: TaskView). */
export { taskViewSchema };

export const taskParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema, taskId: slugSchema });

/** The unit's workflow state (contracts: UnitCampaignView). */
export const unitCampaignViewSchema = unitCampaignViewContract
  .extend({
    reviews: z.array(reviewViewSchema),
    themes: z
      .array(z.object({ by: z.enum(['unit_type', 'tag']), key: z.string(), theme: bilingualTextSchema }))
      .openapi({ description: "分類指導: every theme that applies to the unit: its type's (plan.unitThemes), then each of its tags' (plan.tagThemes)." }),
    firstResponsible: firstResponsibleViewSchema.meta({ description: '第一責任人: the person the unit\'s notices go to (the secretary until another is named).' }),
  })
  .openapi('UnitCampaign');

export const submitTaskBody = z.strictObject({ evidence: evidenceBodySchema }).openapi('SubmitTask');

export const approveTaskBody = z
  .strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').optional() })
  .openapi('ApproveTask');

export const rejectTaskBody = z
  .strictObject({ reason: nonEmptyText(2000, 'give a reason the unit can act on') })
  .openapi('RejectTask');
