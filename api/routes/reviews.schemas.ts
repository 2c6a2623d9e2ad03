/** Point reviews (點評). */
import { givenReviewSchema, reviewRatingSchema, reviewViewSchema as reviewViewContract } from '../../contracts';
import { z } from '../zod';
import { bilingualTextSchema, nonEmptyText } from './common.schemas';
import { rectificationDraftBody, rectificationViewSchema } from './rectifications.schemas';

export { reviewRatingSchema };

/** A review as the unit's workflow holds it (contracts: ReviewView); a review just given also carries its rating's label. */
export const reviewViewSchema = reviewViewContract
  .extend({ given: givenReviewSchema.extend({ ratingLabel: bilingualTextSchema.optional() }).optional() })
  .openapi('PointReview');

export const pointReviewBody = z
  .strictObject({
    periodId: z.string().trim().min(1).max(200).optional().openapi({ description: 'The period reviewed; default the earliest started period not yet reviewed. Send it to make a retry safe: the same review for the same period is then answered with the first.', example: 'mobilization/2025-07-01' }),
    comment: nonEmptyText(4000, 'write the review (點評)'),
    strengths: nonEmptyText(4000, 'say what is good'),
    weaknesses: nonEmptyText(4000, 'say what is lacking'),
    rating: reviewRatingSchema,
    rectifications: z.array(rectificationDraftBody).max(20, 'at most 20 rectifications per review').default([]).openapi({ description: 'Each is opened as a rectification item (整改) with source point_review.' }),
  })
  .openapi('GivePointReview');

export const pointReviewReplySchema = z.object({ review: reviewViewSchema, rectifications: z.array(rectificationViewSchema) });
