/** Scoring (量化考評), results and the yearly upgrade report (三分類三升級): request and reply shapes. */
import { classificationGradeSchema } from '../../contracts';
import { scoringSchemeSchema } from '../../domain/plan-scoring';
import { unitIdSchema } from '../../domain/units';
import { documentAs, z } from '../zod';
import { campaignIdSchema, localDateParamSchema, slugSchema } from './common.schemas';

/** A scheme: items with weights adding up to 100, each with its maximum, scale (points, star, ballot, survey) and scorer; the service numbers its version (a `version` given is ignored). */
export const schemeBody = documentAs(scoringSchemeSchema, 'ScoringScheme');
export const schemeParams = z.object({ id: campaignIdSchema, schemeId: slugSchema });
export const schemeReplySchema = z.object({ scheme: scoringSchemeSchema, created: z.boolean().openapi({ description: 'false when the scheme said the same as its latest version (nothing new recorded)' }) });
export const schemeVersionsSchema = z.object({ schemeId: z.string(), versions: z.array(scoringSchemeSchema) });

const roundIdSchema = z.string().regex(/^[0-9a-z][0-9a-z_-]{0,39}$/, 'a round is 1 to 40 lower-case letters, digits, "-" or "_", for example 2011-five-goods');
export const roundParams = z.object({ id: campaignIdSchema, roundId: roundIdSchema });

export const openRoundBody = z
  .strictObject({
    roundId: roundIdSchema,
    schemeId: slugSchema,
    schemeVersion: z.number().int().min(1).optional().openapi({ description: 'Default: the latest version.' }),
    year: z.number().int().min(2000).max(2100),
    classificationRound: z.string().regex(/^[0-9a-z][0-9a-z_-]{0,39}$/).optional().openapi({ description: 'The classification round (三分類) this score proposes a grade for; default the year.' }),
    subtreeRootId: unitIdSchema,
    closesOn: localDateParamSchema.openapi({ description: 'The round closes by itself at the end of this local day (Asia/Shanghai) unless the office closes it first.' }),
  })
  .openapi('OpenScoringRound');

export const roundViewSchema = z
  .object({
    campaignId: z.string(),
    roundId: z.string(),
    schemeId: z.string(),
    schemeVersion: z.number(),
    subject: z.enum(['unit', 'member']),
    year: z.number(),
    classificationRound: z.string(),
    subtreeRootId: z.string(),
    status: z.enum(['open', 'closing', 'closed']),
    closesAt: z.string(),
    batches: z.number(),
    entries: z.number(),
    scored: z.number().nullable(),
  })
  .openapi('ScoringRound');

const countsSchema = z.record(z.string(), z.number()).openapi({
  description: '民主測評 {excellent, competent, basically_competent, incompetent} or 滿意度調查 {satisfied, basically_satisfied, unsatisfied}: whole, non-negative counts, never per voter',
});
export const entriesBody = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          unitId: unitIdSchema,
          memberId: z.string().min(1).max(64).optional().openapi({ description: 'For a member scheme: a member of that unit.' }),
          itemId: slugSchema,
          value: z.union([z.number(), countsSchema]).openapi({ description: 'Points (0 to the item’s maximum), a star (0 or 1), or counts.' }),
        }),
      )
      .min(1, 'give at least one entry')
      .max(2000, 'at most 2000 entries per request'),
  })
  .openapi('ScoreEntries');
export const entriesReplySchema = z.object({ roundId: z.string(), batch: z.number(), accepted: z.number() });

export const subtreeQuery = z.object({ subtreeRootId: unitIdSchema });
export const resultSchema = z.object({
  roundId: z.string(),
  unitId: z.string(),
  memberId: z.string().nullable(),
  total: z.number(),
  max: z.number(),
  percent: z.number(),
  grade: classificationGradeSchema.nullable(),
  detail: z.record(z.string(), z.unknown()),
  unscored: z.boolean().openapi({ description: 'true for a started unit of the subtree that got no entry at all in the closed round (未評): total 0, every item missing' }),
  missingItems: z.array(z.string()).openapi({ description: 'The items of the scheme with no entry (counted 0).' }),
});
export const resultsReplySchema = z
  .object({
    round: roundViewSchema.omit({ batches: true, entries: true }),
    results: z.array(resultSchema),
    unscoredCount: z.number().openapi({ description: 'How many of the results are unscored units (0 while the round is open).' }),
  })
  .openapi('ScoringResults');

export const roundListQuery = z.strictObject({
  subtreeRootId: unitIdSchema.optional().openapi({ description: 'Rounds covering this unit or inside its subtree. Required but for the office.' }),
});
const cadenceSchema = z.enum(['monthly_star', 'manual']).openapi({ description: 'monthly_star: opened by the 每月一星 cadence on the 1st of its month; manual: opened by the office.' });
export const roundListSchema = z
  .object({
    campaignId: z.string(),
    monthlyStar: z
      .object({ schemeId: z.string(), closesOnDay: z.number(), remindDaysBefore: z.number() })
      .nullable()
      .openapi({ description: "The plan's 每月一星 cadence: a round of the scheme opens on the 1st of every month of the campaign, units yet to enter are reminded remindDaysBefore days before it closes at the end of day closesOnDay." }),
    rounds: z.array(
      roundViewSchema.omit({ batches: true, entries: true }).extend({ cadence: cadenceSchema, month: z.string().nullable().openapi({ description: 'YYYY-MM of a monthly_star round.' }) }),
    ),
  })
  .openapi('ScoringRounds');

export const reportQuery = z.object({ subtreeRootId: unitIdSchema, format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json') });
const gradeCounts = z.object({ advanced: z.number(), average: z.number(), lagging: z.number() });
export const upgradeReportSchema = z
  .object({
    campaignId: z.string(),
    subtreeRootId: z.string(),
    targets: z.object({ advancedUpgradePercent: z.number(), averageUpgradePercent: z.number(), laggingTransformedPercent: z.number() }).nullable(),
    years: z.array(
      z.object({
        year: z.number(),
        units: z.number(),
        classified: z.number(),
        unclassified: z.number(),
        counts: gradeCounts,
        percents: gradeCounts,
        transitions: z.array(z.object({ from: z.string(), to: z.string(), units: z.number() })),
        upgradedUnits: z.array(z.string()),
        targets: z.array(
          z.object({
            target: z.string(),
            label: z.object({ zh: z.string(), en: z.string() }),
            targetPercent: z.number().nullable(),
            base: z.number(),
            achieved: z.number(),
            percent: z.number().nullable(),
            met: z.boolean().nullable(),
          }),
        ),
        laggingNotTransformed: z.array(z.object({ unitId: z.string(), items: z.array(z.object({ itemId: z.string(), status: z.string() })) })),
      }),
    ),
  })
  .openapi('UpgradeReport');
