/**
 * The public commitment workflow (公開承諾, 承諾踐諾; one per commitment): its
 * input, state and messages. Workflows carry member ids only, never names.
 */
import { z } from 'zod';
import { COMMITMENT_AUDIENCES, COMMITMENT_CHANNELS, COMMITMENT_REVIEW_RATINGS, COMMITMENT_STATUSES, type CommitmentStatus } from '../domain/labels';
import { commitmentListingAt, commitmentRules } from '../domain/commitments';
import type { Plan } from '../domain/plan';
import type { CommitmentsPlan } from '../domain/plan-commitments';
import { bilingualTextSchema, evidenceSchema, lightSchema, localDateSchema, rungSchema, stampSchema } from './common';

const keys = <T extends Record<string, unknown>>(table: T) => Object.keys(table) as [keyof T & string, ...Array<keyof T & string>];
export const commitmentAudienceSchema = z.enum(keys(COMMITMENT_AUDIENCES), { error: () => `must be one of: ${Object.keys(COMMITMENT_AUDIENCES).join(', ')}` });
export const commitmentChannelSchema = z.enum(keys(COMMITMENT_CHANNELS), { error: () => `must be one of: ${Object.keys(COMMITMENT_CHANNELS).join(', ')}` });
export const commitmentReviewRatingSchema = z.enum(keys(COMMITMENT_REVIEW_RATINGS), {
  error: () => `must be one of the review scale: ${Object.keys(COMMITMENT_REVIEW_RATINGS).join(', ')}`,
});
export const commitmentStatusSchema = z.enum(keys(COMMITMENT_STATUSES));

const count = z.number({ error: 'must be a whole number of answers' }).int('must be a whole number of answers').min(0, 'must not be negative: enter how many gave this answer').max(10_000_000);
/** The masses' rating (群眾評議): how many gave each answer, never who. */
export const massRatingCountsSchema = z.strictObject({ satisfied: count, basically_satisfied: count, unsatisfied: count });

export const commitmentCarriedStateSchema = z.object({
  status: commitmentStatusSchema,
  published: z.boolean(),
  reports: z.number(),
  reviews: z.number(),
  ratings: z.number(),
  lastReport: stampSchema.extend({ evidence: evidenceSchema }).optional(),
  review: stampSchema.extend({ rating: commitmentReviewRatingSchema, comment: z.string().optional() }).optional(),
  massRating: stampSchema.extend({ counts: massRatingCountsSchema }).optional(),
  reminders: z.array(z.number()),
  escalations: z.array(z.string()),
  listedUnderSupervision: z.boolean(),
});
export type CommitmentCarriedState = z.infer<typeof commitmentCarriedStateSchema>;

export const commitmentInputSchema = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  commitmentId: z.string(),
  /** Null for the unit's own commitment. */
  memberId: z.string().nullable(),
  content: z.string(),
  dueDate: localDateSchema,
  audience: commitmentAudienceSchema,
  channels: z.array(commitmentChannelSchema),
  publishedBy: z.string(),
  rules: z.custom<CommitmentsPlan>((value) => typeof value === 'object' && value !== null),
  atHour: z.number(),
  /** End of the phase after which an unfulfilled commitment goes under listed supervision (掛牌督辦), ISO instant. */
  listUnderSupervisionAt: z.string().nullable(),
  carried: commitmentCarriedStateSchema.optional(),
});
export type CommitmentInput = z.infer<typeof commitmentInputSchema>;

export const commitmentViewSchema = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  commitmentId: z.string(),
  memberId: z.string().nullable(),
  content: z.string(),
  dueDate: z.string(),
  audience: commitmentAudienceSchema,
  channels: z.array(commitmentChannelSchema),
  publishedBy: z.string(),
  status: commitmentStatusSchema,
  statusLabel: bilingualTextSchema,
  fulfilled: z.boolean(),
  rung: rungSchema.nullable(),
  light: lightSchema,
  listedUnderSupervision: z.boolean(),
  reports: z.number(),
  lastReport: stampSchema.extend({ evidence: evidenceSchema }).optional(),
  review: stampSchema.extend({ rating: commitmentReviewRatingSchema, comment: z.string().optional() }).optional(),
  massRating: stampSchema.extend({ counts: massRatingCountsSchema }).optional(),
});
export type CommitmentView = z.infer<typeof commitmentViewSchema>;

export interface ReportCommitmentInput {
  actor: string;
  evidence: { text: string; links: string[] };
}
export interface ReviewCommitmentInput {
  actor: string;
  rating: z.infer<typeof commitmentReviewRatingSchema>;
  comment?: string;
}
export interface RateCommitmentInput {
  actor: string;
  counts: z.infer<typeof massRatingCountsSchema>;
}


/** The row kept beside the workflow, for coverage and listings. */
export interface CommitmentRowState {
  campaignId: string;
  unitId: string;
  commitmentId: string;
  memberId: string | null;
  dueDate: string;
  status: CommitmentStatus;
  fulfilled: boolean;
  listed: boolean;
  revision: number;
}

/** The workflow's input for a commitment published now under the plan: its rules, hour and listing date. */
export function commitmentInputFor(
  plan: Plan,
  commitment: Pick<CommitmentInput, 'campaignId' | 'unitId' | 'commitmentId' | 'memberId' | 'content' | 'dueDate' | 'audience' | 'channels' | 'publishedBy'>,
  now: number,
): CommitmentInput {
  return {
    ...commitment,
    channels: [...new Set(commitment.channels)],
    rules: commitmentRules(plan),
    atHour: plan.reminders.atHour,
    listUnderSupervisionAt: commitmentListingAt(plan, now),
  };
}
