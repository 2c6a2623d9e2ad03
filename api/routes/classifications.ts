/**
 * Classification (三分類): a unit's grade for a round. A lagging unit (後進)
 * gets a rectification item (整頓轉化後進) at once, with an id derived from the
 * round, so that a retried request neither classifies twice nor opens a
 * second item.
 */
import { AppError, ErrorType } from '../../domain/errors';
import { CLASSIFICATION_GRADES, ROLES } from '../../domain/labels';
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
      'All classifications are in the ledger as kind `unit.classified`. ' +
      'The grade the latest closed scoring round of the round proposes (grade.proposed, from the plan\'s thresholds) is the default; another grade is an override and needs `overrideReason`. ' +
      'The record carries proposedGrade, proposedBy (the scoring round), overridden and overrideReason.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) =>
      user.role === 'unit' ? `a unit (${ROLES.unit.zh}) does not classify itself; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does` : undefined,
    params: unitCampaignParams,
    body: classifyUnitBody,
    responses: { 201: { description: 'the classification, and the rectification item it opened', schema: classifyUnitReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'classify a unit (三分類)');
      await requireStarted(ctx, params.id, params.unitId);
      const proposed = await ctx.storage.scoring.proposedGrade(params.id, params.unitId, body.round);
      const grade = body.grade ?? proposed?.grade;
      if (!grade) throw new AppError(ErrorType.InvalidInput, `no closed scoring round proposes a grade for round ${body.round}; give the grade (advanced, average or lagging)`);
      if (proposed && grade !== proposed.grade && !body.overrideReason) {
        const label = CLASSIFICATION_GRADES[proposed.grade];
        throw new AppError(ErrorType.InvalidInput, `the score of scoring round ${proposed.roundId} proposes ${label.zh} (${label.en}); to give another grade, say why in overrideReason`);
      }
      if (body.overrideReason && (!proposed || grade === proposed.grade)) {
        throw new AppError(ErrorType.InvalidInput, proposed ? 'overrideReason is only for a grade other than the proposed one; leave it out to confirm the proposal' : `no score proposes a grade for round ${body.round}, so there is nothing to override; leave overrideReason out`);
      }
      if (body.rectification && grade !== 'lagging') {
        throw new AppError(ErrorType.InvalidInput, 'rectification is opened only with a lagging grade (後進); leave it out or classify the unit lagging');
      }
      // The unit's workflow records the grade and, for a lagging unit, opens its item; the grade
      // recorded earlier wins on a repeat, so the item follows the record, not the request.
      const result = await temporal.workflow.getHandle(unitWorkflowId(params.id, params.unitId)).executeUpdate(classifyUnitUpdate, {
        args: [
          {
            actor: user.id,
            round: body.round,
            grade,
            basis: body.basis,
            proposal: proposed ? { grade: proposed.grade, roundId: proposed.roundId } : null,
            ...(body.overrideReason ? { overrideReason: body.overrideReason } : {}),
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
