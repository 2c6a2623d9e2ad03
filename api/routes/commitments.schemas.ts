/** Public commitments (公開承諾, 承諾踐諾): publish, read, report, review, rate, coverage. */
import {
  commitmentAudienceSchema,
  commitmentChannelSchema,
  commitmentReviewRatingSchema,
  commitmentViewSchema,
  massRatingCountsSchema,
} from '../../contracts';
import { memberIdSchema } from '../../domain/members';
import { documentAs, z } from '../zod';
import { campaignIdSchema, evidenceBodySchema, localDateParamSchema, nonEmptyText, optionalComment, slugSchema, unitIdSchema } from './common.schemas';

export const commitmentParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema, commitmentId: slugSchema });

export const memberCommitmentsParams = z.object({ id: campaignIdSchema, memberId: memberIdSchema });

export const publishCommitmentBody = z
  .strictObject({
    commitmentId: slugSchema.openapi({ description: 'Your id for the commitment, unique within the unit; a second publish with the same id is 409.' }),
    memberId: memberIdSchema.optional().openapi({ description: "The member who commits (a member of this unit); left out for the unit's own commitment." }),
    content: nonEmptyText(2000),
    dueDate: localDateParamSchema.openapi({ description: 'The completion date, within the campaign.' }),
    audience: commitmentAudienceSchema.meta({ description: 'To whom: the masses or the organisation (雙向承諾).' }),
    channels: z.array(commitmentChannelSchema).min(1, 'name at least one place where it is published').max(4),
  })
  .openapi('PublishCommitment');

export const reportCommitmentBody = z.strictObject({ evidence: evidenceBodySchema }).openapi('ReportCommitment');
export const reviewCommitmentBody = z.strictObject({ rating: commitmentReviewRatingSchema, comment: optionalComment() }).openapi('ReviewCommitment');
export const rateCommitmentBody = z.strictObject({ counts: massRatingCountsSchema }).openapi('RateCommitment');

export const commitmentSchema = documentAs(commitmentViewSchema, 'Commitment');
export const commitmentPublishedSchema = z
  .object({
    campaignId: z.string(),
    unitId: z.string(),
    commitmentId: z.string(),
    memberId: z.string().nullable(),
    dueDate: z.string(),
    status: z.literal('published'),
  })
  .openapi('CommitmentPublished');

export const commitmentRowSchema = z.object({
  unitId: z.string(),
  commitmentId: z.string(),
  memberId: z.string().nullable(),
  dueDate: z.string(),
  status: z.string(),
  fulfilled: z.boolean(),
  listed: z.boolean().openapi({ description: 'under listed supervision (掛牌督辦)' }),
});
export const commitmentListSchema = z.object({ commitments: z.array(commitmentRowSchema) });

export const coverageQuery = z.object({
  subtreeRootId: unitIdSchema,
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});
const figures = z.object({ total: z.number(), withCommitments: z.number(), percent: z.number() });
export const coverageSchema = z
  .object({
    campaignId: z.string(),
    subtreeRootId: z.string(),
    units: figures,
    members: figures,
    targetPercent: z.number().openapi({ description: "the plan's target (seed 001: 100)" }),
    unitsMet: z.boolean(),
    membersMet: z.boolean(),
  })
  .openapi('CommitmentCoverage');
