/**
 * Classification (三分類): a unit's grade for a round. A lagging unit (後進)
 * gets a rectification item (整頓轉化後進) at once, with an id derived from the
 * round, so that a retried request neither classifies twice nor opens a
 * second item.
 */
import { AppError, ErrorType } from '../../domain/errors';
import { ROLES } from '../../domain/labels';
import { classifyUnitUpdate, unitWorkflowId } from '../../contracts';
import { requireCampaign, requireStarted, type ApiContext } from '../context';
import { classifyUnitBody, classifyUnitReplySchema } from './classifications.schemas';
import { unitCampaignParams } from './common.schemas';

/** The rectification item a lagging grade opens: one per unit and round (the unit's workflow opens it). */
export { laggingItemId } from '../../domain/rectification-ids';

export function registerClassificationRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/classifications',
    tag: 'classification',
    summary: 'Classify a unit for a round: advanced 先進, average 一般 or lagging 後進; a lagging unit gets a rectification item (整改) at once',
    description:
      'Repeating the same grade for a round returns the first record (and its item); another grade for a round already classified is 409. ' +
      'For a lagging unit the item `lagging-<round>` is opened with source classification; its due date defaults to today plus the plan\'s rectification.defaultDays. ' +
      'All classifications are in the ledger as kind `unit.classified`.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) =>
      user.role === 'unit' ? `a unit (${ROLES.unit.zh}) does not classify itself; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does` : undefined,
    params: unitCampaignParams,
    body: classifyUnitBody,
    responses: { 201: { description: 'the classification, and the rectification item it opened', schema: classifyUnitReplySchema } },
    handler: async ({ params, body, user }) => {
      if (body.rectification && body.grade !== 'lagging') {
        throw new AppError(ErrorType.InvalidInput, 'rectification is opened only with a lagging grade (後進); leave it out or classify the unit lagging');
      }
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'classify a unit (三分類)');
      await requireStarted(ctx, params.id, params.unitId);
      // The unit's workflow records the grade and, for a lagging unit, opens its item; the grade
      // recorded earlier wins on a repeat, so the item follows the record, not the request.
      const result = await temporal.workflow.getHandle(unitWorkflowId(params.id, params.unitId)).executeUpdate(classifyUnitUpdate, {
        args: [
          {
            actor: user.id,
            round: body.round,
            grade: body.grade,
            basis: body.basis,
            ...(body.rectification ? { rectification: body.rectification } : {}),
          },
        ],
      });
      const { rectification = null, ...classification } = result;
      if (rectification && rectification.source !== 'classification') {
        throw new AppError(
          ErrorType.Conflict,
          `the grade is recorded, but an item "${rectification.itemId}" opened by hand already exists for this unit; open the lagging unit's rectification (整改) with another itemId`,
        );
      }
      return { status: 201, body: { classification, rectification } };
    },
  });
}
