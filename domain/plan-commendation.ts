/**
 * The plan's commendation rounds (評選表彰; issue 14): seed 000's five steps
 * 推薦、考核、審定、公示、表彰, bottom-up and level by level. A round names its
 * categories, the levels of the unit tree it runs through (lowest first), each
 * level's quotas and deadlines and the milestone it must precede, and the
 * eligibility rules checked against the ledger's facts (domain/commendation.ts).
 *
 * Pure: no I/O. plan.ts imports this file, so it imports nothing from plan.ts.
 */
import { z } from 'zod';
import { addDays, compareLocalDates, type LocalDate } from './calendar';
import { localDateSchema } from './calendar-schema';
import { COMMENDATION_CATEGORIES, type CommendationCategoryId } from './labels';
import { bilingualSchema } from './labels-schema';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63)');

/** Eligibility rules, each checked from recorded ledger facts (專項台帳是表彰的依據); without defaults, so a category may override a few. */
const eligibilityRuleFields = {
  /** No accountability (問責) record in this campaign. */
  noAccountability: z.boolean(),
  /** No rectification item (整改) opened and not yet verified. */
  noOpenRectification: z.boolean(),
  /** The unit's latest classification (三分類, ledger `unit.classified`) is at least this grade. Units only: a member is not classified. */
  minGrade: z.enum(['advanced', 'average']),
  /** Every published commitment (公開承諾) is fulfilled, none listed as unfulfilled. */
  commitmentsFulfilled: z.boolean(),
  /** The latest computed score (ledger `score.computed`) is at least this many points. */
  minScore: z.number().min(0),
  /** The latest computed score is at least this share of its maximum (0.8 = 80 %). */
  minScoreShare: z.number().min(0).max(1),
  /** Only scores of this scheme count (e.g. 五個好 for units); any scheme's latest otherwise. */
  scoreSchemeId: idSchema,
};

export const eligibilityRulesSchema = z.object({
  noAccountability: eligibilityRuleFields.noAccountability.default(true),
  noOpenRectification: eligibilityRuleFields.noOpenRectification.default(true),
  minGrade: eligibilityRuleFields.minGrade.optional(),
  commitmentsFulfilled: eligibilityRuleFields.commitmentsFulfilled.default(false),
  minScore: eligibilityRuleFields.minScore.optional(),
  minScoreShare: eligibilityRuleFields.minScoreShare.optional(),
  scoreSchemeId: eligibilityRuleFields.scoreSchemeId.optional(),
});
export type EligibilityRules = z.output<typeof eligibilityRulesSchema>;

/** A category's own rules over the round's (e.g. a grade and a score for 先進基層黨組織 only). */
export const eligibilityOverrideSchema = z.object(eligibilityRuleFields).partial();

/** A category: one of the seeds' three (先進基層黨組織, 優秀共產黨員, 優秀黨務工作者) or the office's own. */
export const commendationCategorySchema = z.object({
  id: idSchema,
  name: bilingualSchema,
  /** Who is commended: a unit (a party organisation) or a member. */
  subject: z.enum(['unit', 'member']),
  eligibility: eligibilityOverrideSchema.optional(),
});
export type CommendationCategory = z.infer<typeof commendationCategorySchema>;

/** The seeds' three categories, by id, with their labels. */
export const standardCategory = (id: CommendationCategoryId): CommendationCategory => ({
  id,
  name: COMMENDATION_CATEGORIES[id],
  subject: id === 'advanced_organisation' ? 'unit' : 'member',
});

export const commendationLevelSchema = z.object({
  id: idSchema,
  name: bilingualSchema,
  /** Units at this depth of the tree (0 = the top) recommend at this level. */
  depth: z.number().int().min(0).max(31),
  /** At most this many candidates per recommending unit, per category id. */
  quotas: z.record(z.string(), z.number().int().min(0).max(1000)),
  recommendBy: localDateSchema,
  assessBy: localDateSchema,
  approveBy: localDateSchema,
  /** The milestone (e.g. 七一, 建黨90周年) the level's commendation must precede. */
  before: z.object({ milestone: idSchema, year: z.number().int().min(2000).max(2100).optional() }).optional(),
});
export type CommendationLevel = z.infer<typeof commendationLevelSchema>;

export const commendationRoundSchema = z.object({
  id: idSchema,
  name: bilingualSchema,
  categories: z.array(commendationCategorySchema).min(1),
  /** Lowest level first: each level recommends its commended candidates to the next. */
  levels: z.array(commendationLevelSchema).min(1),
  eligibility: eligibilityRulesSchema.default({ noAccountability: true, noOpenRectification: true, commitmentsFulfilled: false }),
  /** Where the top level recommends upward, beyond the tree (seed 000: 師黨委). */
  reportTo: bilingualSchema.optional(),
});
export type CommendationRound = z.output<typeof commendationRoundSchema>;

export const commendationPlanSchema = z.object({
  rounds: z.array(commendationRoundSchema).default([]),
  /** 通報表揚 for units that finish a phase with every task on time (the unit's workflow circulates it at the phase's end). */
  praiseOnTimePhases: z.boolean().default(false),
});
export type CommendationPlan = z.output<typeof commendationPlanSchema>;
export type CommendationPlanInput = z.input<typeof commendationPlanSchema>;

interface MilestoneLike {
  id: string;
  kind: 'fixed' | 'yearly' | 'to_be_set';
  date?: string;
  month?: number;
  day?: number;
}

/** The date of a level's milestone, if it is known from the plan. */
export function milestoneDateOf(milestones: readonly MilestoneLike[], before: NonNullable<CommendationLevel['before']>, approveBy: LocalDate): LocalDate | undefined {
  const m = milestones.find((x) => x.id === before.milestone);
  if (!m) return undefined;
  if (m.kind === 'yearly') {
    const year = before.year ?? Number(approveBy.slice(0, 4));
    return `${year}-${String(m.month).padStart(2, '0')}-${String(m.day).padStart(2, '0')}`;
  }
  return m.date;
}

/** Problems with the plan's rounds: ids, categories in quotas, dates in order, milestones known and preceded. */
export function commendationPlanIssues(
  commendation: CommendationPlan | undefined,
  milestones: readonly MilestoneLike[],
  publicNoticeDays: number,
): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  if (!commendation) return issues;
  const roundIds = new Set<string>();
  commendation.rounds.forEach((round, r) => {
    const at = (...rest: Array<string | number>) => ['commendation', 'rounds', r, ...rest];
    if (roundIds.has(round.id)) issues.push({ path: at('id'), message: `duplicate round id "${round.id}"` });
    roundIds.add(round.id);
    const categoryIds = new Set(round.categories.map((c) => c.id));
    let previous: CommendationLevel | undefined;
    round.levels.forEach((level, l) => {
      for (const category of Object.keys(level.quotas)) {
        if (!categoryIds.has(category)) issues.push({ path: at('levels', l, 'quotas', category), message: `unknown category "${category}"; the round has ${[...categoryIds].join(', ')}` });
      }
      if (compareLocalDates(level.recommendBy, level.assessBy) > 0) issues.push({ path: at('levels', l, 'assessBy'), message: 'is before recommendBy: assessment follows recommendation' });
      if (compareLocalDates(level.assessBy, level.approveBy) > 0) issues.push({ path: at('levels', l, 'approveBy'), message: 'is before assessBy: approval follows assessment' });
      if (previous && previous.depth <= level.depth) issues.push({ path: at('levels', l, 'depth'), message: `must be above the previous level (depth ${previous.depth}): levels go up the tree` });
      if (previous && compareLocalDates(previous.approveBy, level.recommendBy) >= 0) issues.push({ path: at('levels', l, 'recommendBy'), message: `must be after the previous level's approveBy (${previous.approveBy})` });
      if (level.before) {
        if (!milestones.some((m) => m.id === level.before!.milestone)) {
          issues.push({ path: at('levels', l, 'before', 'milestone'), message: `unknown milestone "${level.before.milestone}"` });
        } else {
          const date = milestoneDateOf(milestones, level.before, level.approveBy);
          const commendedBy = addDays(level.approveBy, publicNoticeDays);
          if (date && compareLocalDates(commendedBy, date) >= 0) {
            issues.push({ path: at('levels', l, 'approveBy'), message: `approval by ${level.approveBy} and ${publicNoticeDays} days of public notice end on ${commendedBy}, not before ${level.before.milestone} (${date}); approve earlier` });
          }
        }
      }
      previous = level;
    });
  });
  return issues;
}

/** The rounds moved by whole years (templates re-dated for a new campaign; see rebase.ts). */
export function rebaseCommendation(commendation: CommendationPlan | undefined, shift: (date: LocalDate) => LocalDate, years: number): CommendationPlan | undefined {
  if (!commendation) return commendation;
  return {
    ...commendation,
    rounds: commendation.rounds.map((round) => ({
      ...round,
      levels: round.levels.map((level) => ({
        ...level,
        recommendBy: shift(level.recommendBy),
        assessBy: shift(level.assessBy),
        approveBy: shift(level.approveBy),
        ...(level.before ? { before: { ...level.before, ...(level.before.year !== undefined ? { year: level.before.year + years } : {}) } } : {}),
      })),
    })),
  };
}
