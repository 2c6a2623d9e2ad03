/**
 * The commendation round (評選表彰) and its levels: one round workflow per
 * (campaign, round), one child per level of the unit tree, each with its own
 * deadlines, reminders and ladder. Inputs, views and messages.
 */
import { z } from 'zod';
import type { EligibilityFailure } from '../domain/commendation';
import type { CommendationLevel, CommendationRound } from '../domain/plan-commendation';
import { bilingualTextSchema, instantStringSchema, localDateSchema, stampSchema } from './common';

export const candidateSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unitId: z.string() }),
  z.object({ kind: z.literal('member'), memberId: z.string() }),
]);
export type CandidateSubjectInput = z.infer<typeof candidateSubjectSchema>;

export const objectionSchema = z.object({
  objectionId: z.string(),
  /** The number given to the objector (受理回執號). */
  receipt: z.string(),
  source: z.enum(['public', 'letter']),
  text: z.string(),
  /** The objector's contact details: shown to the office only. */
  contact: z.string().optional(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  received: stampSchema,
  resolution: stampSchema.extend({ reason: z.string() }).optional(),
});
export type Objection = z.infer<typeof objectionSchema>;

export const candidateStatusSchema = z.enum(['recommended', 'assessed', 'not_approved', 'on_notice', 'held', 'withdrawn', 'commended']);

export const candidateViewSchema = z.object({
  candidateId: z.string(),
  categoryId: z.string(),
  categoryName: bilingualTextSchema,
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('unit'), unitId: z.string() }),
    z.object({ kind: z.literal('member'), memberId: z.string(), unitId: z.string() }),
  ]),
  name: z.string(),
  recommendedBy: z.string(),
  recommenderPath: z.string(),
  /** The level the candidate was commended at before being recommended here, if any. */
  fromLevel: z.string().optional(),
  reason: z.string(),
  status: candidateStatusSchema,
  statusLabel: bilingualTextSchema,
  recommended: stampSchema,
  assessment: stampSchema.extend({ comment: z.string(), score: z.number() }).optional(),
  votes: z.object({ for: z.number(), against: z.number(), abstain: z.number() }).optional(),
  objections: z.array(objectionSchema),
});
export type CandidateView = z.infer<typeof candidateViewSchema>;

export const levelStageSchema = z.enum(['recommending', 'assessing', 'notice', 'commending', 'done']);
export type LevelStage = z.infer<typeof levelStageSchema>;

export const commendationLevelViewSchema = z.object({
  campaignId: z.string(),
  roundId: z.string(),
  levelId: z.string(),
  levelName: bilingualTextSchema,
  stage: levelStageSchema,
  stageLabel: bilingualTextSchema,
  recommendBy: localDateSchema,
  assessBy: localDateSchema,
  approveBy: localDateSchema,
  /** Set when the office closed recommendations before recommendBy (everyone had recommended). */
  recommendationsClosedEarly: stampSchema.extend({ reason: z.string() }).optional(),
  decision: stampSchema.extend({ present: z.number(), meeting: z.string() }).optional(),
  notice: z.object({ opensAt: instantStringSchema, closesAt: instantStringSchema, closesOn: localDateSchema }).optional(),
  candidates: z.array(candidateViewSchema),
});
export type CommendationLevelView = z.infer<typeof commendationLevelViewSchema>;

export interface CommendationLevelInput {
  campaignId: string;
  roundId: string;
  round: CommendationRound;
  level: CommendationLevel;
  publicNoticeDays: number;
  reminders: { daysBefore: number[]; atHour: number };
  /** Commended at the level below, recommended here by their ancestor at this level's depth. */
  carried: CandidateView[];
}

export interface CommendationRoundInput {
  campaignId: string;
  roundId: string;
  round: CommendationRound;
  publicNoticeDays: number;
  reminders: { daysBefore: number[]; atHour: number };
  startedBy: string;
}

export interface CommendationRoundResult {
  levels: Array<{ levelId: string; commended: string[] }>;
  reportedUpward: string[];
}

export const recommendCandidateInputSchema = z.object({
  actor: z.string(),
  recommendingUnitId: z.string(),
  categoryId: z.string(),
  subject: candidateSubjectSchema,
  reason: z.string(),
});
export type RecommendCandidateInput = z.infer<typeof recommendCandidateInputSchema>;

export const assessCandidateInputSchema = z.object({ actor: z.string(), recommendingUnitId: z.string(), candidateId: z.string(), comment: z.string(), score: z.number() });
export type AssessCandidateInput = z.infer<typeof assessCandidateInputSchema>;

export const decideLevelInputSchema = z.object({
  actor: z.string(),
  meeting: z.string(),
  present: z.number().int(),
  votes: z.array(z.object({ candidateId: z.string(), for: z.number().int(), against: z.number().int(), abstain: z.number().int() })),
});
export type DecideLevelInput = z.infer<typeof decideLevelInputSchema>;

export const closeRecommendationsInputSchema = z.object({ actor: z.string(), reason: z.string() });
export type CloseRecommendationsInput = z.infer<typeof closeRecommendationsInputSchema>;

export const objectInputSchema = z.object({ actor: z.string(), source: z.enum(['public', 'letter']), candidateId: z.string(), text: z.string(), contact: z.string().optional() });
export type ObjectInput = z.infer<typeof objectInputSchema>;

export const resolveObjectionInputSchema = z.object({ actor: z.string(), candidateId: z.string(), objectionId: z.string(), outcome: z.enum(['upheld', 'dismissed']), reason: z.string() });
export type ResolveObjectionInput = z.infer<typeof resolveObjectionInputSchema>;

/** What a refusal for eligibility carries (the ApplicationFailure's details; the API's 409 body as `ineligible`). */
export const ineligibleDetailsSchema = z.object({
  candidateId: z.string(),
  failures: z.array(
    z.object({
      rule: z.string(),
      label: bilingualTextSchema,
      message: z.string(),
      /** The ledger rows that make the candidate ineligible (none where a required fact is missing). */
      facts: z.array(z.object({ seq: z.number(), kind: z.string(), key: z.string() })),
    }),
  ),
});
export type IneligibleDetails = { candidateId: string; failures: EligibilityFailure[] } & z.infer<typeof ineligibleDetailsSchema>;

