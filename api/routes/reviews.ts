/** Point reviews (點評): the supervisor's review of a unit for one period, which may open rectifications. */
import { ROLES } from '../../domain/labels';
import { REVIEW_RATINGS } from '../../domain/reviews';
import { givePointReviewUpdate, unitWorkflowId, type ReviewView } from '../../contracts';
import { requireCampaign, requireStarted, type ApiContext } from '../context';
import { unitCampaignParams } from './common.schemas';
import { pointReviewBody, pointReviewReplySchema } from './reviews.schemas';

/** The item id of a review's n-th rectification: derived from the unit and the period (the unit's workflow opens it). */
export { reviewItemId } from '../../domain/rectification-ids';

/** A review with its rating's label beside it. */
export function labelledReview(review: ReviewView) {
  return review.given ? { ...review, given: { ...review.given, ratingLabel: REVIEW_RATINGS[review.given.rating] } } : review;
}

export function registerReviewRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/reviews',
    tag: 'reviews',
    summary: 'A supervisor gives the point review (點評) of a unit for a period, and may open rectifications with it',
    description:
      "Without `periodId`, the earliest started period not yet reviewed. The same review sent again with its `periodId` by the same reviewer (a retry) returns the first one and its items — send `periodId` to retry safely; another review of a period already reviewed is 409; a period not owed, 404. Each entry of `rectifications` is opened as a rectification item (整改) with source point_review, after the review is recorded, with an id derived from the unit and the period.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) =>
      user.role === 'unit' ? `a unit (${ROLES.unit.zh}) does not review itself; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) gives the point review (點評)` : undefined,
    params: unitCampaignParams,
    body: pointReviewBody,
    responses: { 201: { description: 'the review, and the rectification items it opened', schema: pointReviewReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'give a point review (點評)');
      await requireStarted(ctx, params.id, params.unitId);
      const result = await temporal.workflow.getHandle(unitWorkflowId(params.id, params.unitId)).executeUpdate(givePointReviewUpdate, {
        args: [
          {
            actor: user.id,
            ...(body.periodId !== undefined ? { periodId: body.periodId } : {}),
            comment: body.comment,
            strengths: body.strengths,
            weaknesses: body.weaknesses,
            rating: body.rating,
            // Opened by the unit's workflow with the review, each once by its key.
            rectifications: body.rectifications.map((draft) => ({ description: draft.description, ...(draft.dueDate !== undefined ? { dueDate: draft.dueDate } : {}) })),
          },
        ],
      });
      const { rectifications = [], ...review } = result;
      return { status: 201, body: { review: labelledReview(review), rectifications } };
    },
  });
}
