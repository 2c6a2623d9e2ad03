/**
 * Point reviews (點評): a supervisor reviews the unit once per period of the
 * plan's cadence; a retry with the period id is answered with the first review.
 */
import { setHandler } from '@temporalio/workflow';
import { startOfLocalDay } from '../../domain/calendar';
import { ErrorType } from '../../domain/errors';
import { reviewItemId } from '../../domain/rectification-ids';
import { REVIEW_RATINGS, type ReviewPeriod } from '../../domain/reviews';
import { workflowNow, workflowNowIso } from '../clock';
import type { PointReviewInput, PointReviewResult, ReviewView } from '../../contracts';
import { givePointReviewUpdate } from '../../contracts/workflow-handles';
import { openRectificationItems } from '../open-rectification';
import { refuse } from '../refuse';
import { commit } from './commit';
import { entry, hasPatch, itemOpening, owedPeriods, refuseIfEnded, reviewRecord, type UnitContext } from './context';
import { reviewView } from './view';

/** The named period, or the earliest started one not yet reviewed. */
function periodToReview(ctx: UnitContext, periodId: string | undefined): ReviewPeriod | undefined {
  const now = workflowNow();
  const periods = owedPeriods(ctx);
  if (periodId) return periods.find((p) => p.id === periodId);
  return periods.find((p) => !ctx.state.reviews?.[p.id]?.given && startOfLocalDay(p.start) <= now);
}

/**
 * The named period, when its review was already given with exactly this
 * content by this reviewer: a retried request, answered with the first
 * review rather than a 409. Only with a period id: without one, the same
 * words next quarter are a new review. (Such a repeat was refused before,
 * so no recorded history reaches this path.)
 */
function repeatedReview(ctx: UnitContext, input: PointReviewInput): ReviewPeriod | undefined {
  if (input.periodId === undefined) return undefined;
  const given = ctx.state.reviews?.[input.periodId]?.given;
  const same =
    given?.by === input.actor && given.comment === input.comment && given.strengths === input.strengths && given.weaknesses === input.weaknesses && given.rating === input.rating;
  return same ? owedPeriods(ctx).find((p) => p.id === input.periodId) : undefined;
}

/**
 * The review's items, ids derived from unit and period: a retried review
 * opens none twice and returns them. (Items were opened by the API before.)
 */
async function withReviewItems(ctx: UnitContext, review: ReviewView, input: PointReviewInput): Promise<PointReviewResult> {
  if (!input.rectifications?.length || !hasPatch(ctx, 'review-opens-rectifications-v1')) return review;
  const opened = await openRectificationItems(
    itemOpening(ctx),
    input.rectifications.map((draft, index) => ({
      unitId: ctx.unitId,
      itemId: reviewItemId(ctx.unitId, review.periodId, index),
      description: draft.description,
      ...(draft.dueDate !== undefined ? { dueDate: draft.dueDate } : {}),
      source: 'point_review' as const,
      actor: input.actor,
    })),
  );
  return { ...review, rectifications: opened.map((item) => item.view) };
}

export function registerReviewUpdates(ctx: UnitContext): void {
  setHandler(
    givePointReviewUpdate,
    async (input) => {
      const { actor, periodId, comment, strengths, weaknesses, rating } = input;
      const repeated = repeatedReview(ctx, input);
      if (repeated) return withReviewItems(ctx, reviewView(ctx, repeated, workflowNow()), input);
      const period = periodToReview(ctx, periodId)!;
      const record = reviewRecord(ctx, period.id);
      record.given = { by: actor, at: workflowNowIso(), comment, strengths, weaknesses, rating };
      ctx.changed = true;
      await commit(ctx, [
        entry(ctx, 'review.given', `review/${period.id}/given`, actor, { periodId: period.id, phaseId: period.phaseId, comment, strengths, weaknesses, rating, ratingLabel: REVIEW_RATINGS[rating] }),
      ]);
      return withReviewItems(ctx, reviewView(ctx, period, workflowNow()), input);
    },
    {
      validator: (input) => {
        const { periodId, comment, rating } = input;
        if (!ctx.escalationEnabled) refuse(ErrorType.InvalidTransition, 'this campaign run predates point reviews; they open at its next phase');
        if (repeatedReview(ctx, input)) return;
        refuseIfEnded(ctx);
        const period = periodToReview(ctx, periodId);
        if (!period) {
          refuse(
            ErrorType.NotFound,
            periodId ? `no review period "${periodId}" is owed for this unit (periods: ${owedPeriods(ctx).map((p) => p.id).join(', ') || 'none yet'})` : 'no review period is owed for this unit now',
          );
        }
        if (startOfLocalDay(period.start) > workflowNow()) refuse(ErrorType.InvalidTransition, `the period ${period.id} has not started yet`);
        if (ctx.state.reviews?.[period.id]?.given) refuse(ErrorType.Conflict, `the point review (點評) for ${period.id} has already been given`);
        if (!comment?.trim()) refuse(ErrorType.InvalidInput, 'a point review needs a comment');
        if (!(rating in REVIEW_RATINGS)) refuse(ErrorType.InvalidInput, `rating must be one of ${Object.keys(REVIEW_RATINGS).join(', ')}`);
      },
    },
  );
}
