/** Commendation rounds (評選表彰): start a round, recommend, assess, decide, objections; the public notice (公示). */
import { candidateStatusSchema, candidateViewSchema, commendationLevelViewSchema, levelStageSchema, objectionSchema } from '../../contracts';
import { memberIdSchema } from '../../domain/members';
import { z } from '../zod';
import { campaignIdSchema, nonEmptyText, slugSchema, unitIdSchema } from './common.schemas';

const bilingual = z.object({ zh: z.string(), en: z.string() });
/** Candidate ids read `<category>--<unit or member id>`. */
const candidateIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/, 'must be a candidate id as the level lists it (`<category>--<unit or member id>`)');

export const roundParams = z.object({ id: campaignIdSchema, roundId: slugSchema });
export const levelParams = z.object({ id: campaignIdSchema, roundId: slugSchema, levelId: slugSchema });
export const candidateParams = levelParams.extend({ candidateId: candidateIdSchema });
export const objectionParams = candidateParams.extend({ objectionId: slugSchema });
export const publicRoundParams = z.object({ campaignId: campaignIdSchema, roundId: slugSchema });

export const startRoundBody = z.strictObject({ roundId: slugSchema.openapi({ description: "One of the plan's commendation.rounds ids." }) }).openapi('StartCommendationRound');
export const startedRoundSchema = z
  .object({ campaignId: z.string(), roundId: z.string(), workflowId: z.string(), levels: z.array(z.object({ levelId: z.string(), levelName: bilingual, depth: z.number(), recommendBy: z.string() })) })
  .openapi('CommendationRoundStarted');

export const recommendBody = z
  .strictObject({
    recommendingUnitId: unitIdSchema,
    categoryId: slugSchema,
    subject: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('unit'), unitId: unitIdSchema }), z.strictObject({ kind: z.literal('member'), memberId: memberIdSchema })]),
    reason: nonEmptyText(4000, 'say why the candidate deserves commendation (推薦理由)'),
  })
  .openapi('RecommendCandidate');

export const assessBody = z
  .strictObject({
    /** The unit that recommended the candidate: the caller must supervise it. */
    recommendingUnitId: unitIdSchema,
    comment: nonEmptyText(4000, 'give the assessment (考核意見)'),
    score: z.number().min(0).max(100),
  })
  .openapi('AssessCandidate');

export const closeRecommendationsBody = z
  .strictObject({ reason: nonEmptyText(1000, 'say why recommendations close before the deadline (e.g. every unit has recommended)') })
  .openapi('CloseCommendationRecommendations');

const count = z.number().int().min(0).max(10_000);
export const decisionBody = z
  .strictObject({
    meeting: nonEmptyText(500, 'name the meeting that decided (集中審議: e.g. 黨委會 2027-05-18)'),
    present: count,
    votes: z.array(z.strictObject({ candidateId: candidateIdSchema, for: count, against: count, abstain: count })).max(1000),
  })
  .openapi('DecideCommendationLevel');

export const letterObjectionBody = z
  .strictObject({
    text: nonEmptyText(4000, 'say what the objection is'),
    contact: z.string().trim().max(500).optional().openapi({ description: "The objector's contact details: seen by the office only, never in the ledger." }),
  })
  .openapi('LetterObjection');

export const resolveBody = z
  .strictObject({ outcome: z.enum(['upheld', 'dismissed']), reason: nonEmptyText(2000, 'give the reason (a dismissal needs a written reason, 說明理由)') })
  .openapi('ResolveObjection');

export const candidateReplySchema = candidateViewSchema.extend({}).openapi('CommendationCandidate');
export const levelReplySchema = commendationLevelViewSchema.extend({}).openapi('CommendationLevel');
export const objectionReceivedSchema = z.object({ receipt: z.string(), objectionId: z.string(), candidate: candidateReplySchema }).openapi('CommendationObjectionReceived');

// ------------------------------------------------------------------ public (no token)

export const publicCandidateSchema = z
  .object({
    candidateId: z.string(),
    name: z.string(),
    categoryName: bilingual,
    status: candidateStatusSchema,
    statusLabel: bilingual,
    openObjections: z.number(),
  })
  .openapi('PublicNoticeCandidate');

export const publicNoticeSchema = z
  .object({
    campaignId: z.string(),
    roundId: z.string(),
    roundName: bilingual,
    levels: z.array(
      z.object({
        levelId: z.string(),
        levelName: bilingual,
        stage: levelStageSchema.or(z.literal('not_started')),
        stageLabel: bilingual,
        window: z.object({ opensAt: z.string(), closesAt: z.string(), closesOn: z.string() }).optional(),
        candidates: z.array(publicCandidateSchema),
      }),
    ),
  })
  .openapi('PublicNotice');

export const publicObjectionBody = z
  .strictObject({
    levelId: slugSchema,
    candidateId: candidateIdSchema,
    text: nonEmptyText(4000, 'say what the objection is'),
    contact: z.string().trim().max(500).optional().openapi({ description: 'How the office may reach you: seen by the office only.' }),
  })
  .openapi('PublicObjection');

export const publicReceiptSchema = z
  .object({ receipt: z.string().openapi({ description: 'Your receipt number (受理回執號).' }), candidateId: z.string(), levelId: z.string() })
  .openapi('PublicObjectionReceipt');

export { objectionSchema };
