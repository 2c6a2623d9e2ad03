/**
 * The plan's scoring (定性評價與量化考評相結合; issue 13): versioned schemes of
 * weighted items, who scores each item, the thresholds that turn a unit's
 * score into a proposed grade (先進 / 一般 / 後進), and the cadence of the
 * monthly star selection (每月一星, seed 001).
 *
 * A scheme in the plan is version 1 unless it says otherwise; the office
 * defines later versions through the API. A round freezes the version it was
 * opened with, so changing a scheme never rewrites a round already scored.
 *
 * Pure: no I/O.
 */
import { z } from 'zod';
import { bilingualSchema } from './labels-schema';
import { DEFAULT_GRADE_THRESHOLDS } from './scoring-defaults';

export { DEFAULT_GRADE_THRESHOLDS };

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63)');

/** Who scores an item: the superior (上級評價), the unit or member itself (自評), its members (黨員評議), the masses (群眾評議). */
export const SCORERS = ['supervisor', 'self', 'members', 'masses'] as const;
export type Scorer = (typeof SCORERS)[number];

/**
 * How an item is scored:
 * - `points`: 0 to `maximum` points (五個好, 五帶頭 criteria);
 * - `star`: one star or none (十星黨員: one star per criterion; 每月一星);
 * - `ballot`: 民主測評 counts of excellent / competent / basically competent / incompetent;
 * - `survey`: 滿意度調查 counts of satisfied / basically satisfied / unsatisfied.
 */
export const SCALES = ['points', 'star', 'ballot', 'survey'] as const;
export type Scale = (typeof SCALES)[number];

/** What a scheme is, as the seeds name it. */
export const SCORING_METHODS = ['five_goods', 'five_firsts', 'ten_stars', 'democratic_evaluation', 'satisfaction_survey', 'monthly_star', 'other'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const scoringItemSchema = z.object({
  id: idSchema,
  name: bilingualSchema,
  /** Share of the scheme's total (the weights of a scheme add up to 100). */
  weight: z.number().positive().max(100),
  /** The highest raw score of a `points` item; 1 for a star; a ballot or survey is a share of its answers. */
  maximum: z.number().positive().max(10_000).default(1),
  scale: z.enum(SCALES).default('points'),
  scoredBy: z.enum(SCORERS),
});
export type ScoringItem = z.output<typeof scoringItemSchema>;

export const scoringSchemeSchema = z
  .object({
    id: idSchema,
    version: z.number().int().min(1).default(1),
    name: bilingualSchema,
    method: z.enum(SCORING_METHODS),
    /** A unit (先進基層黨組織) or a member (優秀共產黨員). */
    subject: z.enum(['unit', 'member']),
    items: z.array(scoringItemSchema).min(1, 'a scheme needs at least one item'),
  })
  .superRefine((scheme, ctx) => {
    const ids = new Set<string>();
    scheme.items.forEach((item, i) => {
      if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
      ids.add(item.id);
      if (item.scale !== 'points' && item.maximum !== 1) ctx.addIssue({ code: 'custom', path: ['items', i, 'maximum'], message: `a ${item.scale} item has no maximum of its own; leave it out (1)` });
    });
    const sum = scheme.items.reduce((s, item) => s + item.weight, 0);
    // Weights are percentages of the scheme's total; a rounding slack of 0.001 for decimal weights.
    if (Math.abs(sum - 100) > 0.001) ctx.addIssue({ code: 'custom', path: ['items'], message: `the weights add up to ${Number(sum.toFixed(3))}, not 100; adjust them so the total is 100` });
  });
export type ScoringScheme = z.output<typeof scoringSchemeSchema>;
export type ScoringSchemeInput = z.input<typeof scoringSchemeSchema>;

/** Percent of the maximum from which a unit is proposed advanced (先進) or average (一般); below, lagging (後進). */
export const gradeThresholdsSchema = z
  .object({
    advancedFromPercent: z.number().min(0).max(100),
    averageFromPercent: z.number().min(0).max(100),
  })
  .refine((t) => t.advancedFromPercent > t.averageFromPercent, { message: 'advancedFromPercent must be above averageFromPercent', path: ['advancedFromPercent'] });
export type GradeThresholds = z.output<typeof gradeThresholdsSchema>;

/** Chosen defaults where a seed gives no figure: 85 % and more advanced, 60 % and more average. */

export const scoringPlanSchema = z
  .object({
    schemes: z.array(scoringSchemeSchema).default([]),
    gradeThresholds: gradeThresholdsSchema.default(DEFAULT_GRADE_THRESHOLDS),
    /** The unit scheme whose score proposes the grade (三分類). */
    gradingSchemeId: idSchema.optional(),
    /**
     * 每月一星: a monthly star selection with a scheme of method monthly_star. A round opens on the
     * 1st of every month of the campaign, the units are reminded `remindDaysBefore` days before it
     * closes at the end of day `closesOnDay`.
     */
    monthlyStar: z
      .object({
        schemeId: idSchema,
        closesOnDay: z.number().int().min(1).max(28).default(25),
        remindDaysBefore: z.number().int().min(0).max(27).default(3),
      })
      .refine((m) => m.remindDaysBefore < m.closesOnDay, { message: 'remindDaysBefore must fall inside the month: less than closesOnDay', path: ['remindDaysBefore'] })
      .optional(),
  })
  .superRefine((plan, ctx) => {
    const byId = new Map<string, ScoringScheme>();
    plan.schemes.forEach((s, i) => {
      if (byId.has(s.id)) ctx.addIssue({ code: 'custom', path: ['schemes', i, 'id'], message: `duplicate scheme id "${s.id}"` });
      byId.set(s.id, s);
    });
    if (plan.gradingSchemeId) {
      const s = byId.get(plan.gradingSchemeId);
      if (!s) ctx.addIssue({ code: 'custom', path: ['gradingSchemeId'], message: `unknown scheme "${plan.gradingSchemeId}"` });
      else if (s.subject !== 'unit') ctx.addIssue({ code: 'custom', path: ['gradingSchemeId'], message: `scheme "${s.id}" scores members; a grade is proposed from a unit scheme` });
    }
    if (plan.monthlyStar && byId.get(plan.monthlyStar.schemeId)?.method !== 'monthly_star') {
      ctx.addIssue({ code: 'custom', path: ['monthlyStar', 'schemeId'], message: `"${plan.monthlyStar.schemeId}" is not a scheme of method monthly_star` });
    }
  });
export type ScoringPlan = z.output<typeof scoringPlanSchema>;
export type ScoringPlanInput = z.input<typeof scoringPlanSchema>;

/** Every version of a scheme, lowest first: the plan's own and those defined since (a defined version wins a clash). */
export function versionsOf(plan: ScoringPlan | undefined, defined: readonly ScoringScheme[], schemeId: string): ScoringScheme[] {
  const byVersion = new Map<number, ScoringScheme>();
  for (const s of plan?.schemes ?? []) if (s.id === schemeId) byVersion.set(s.version, s);
  for (const s of defined) if (s.id === schemeId) byVersion.set(s.version, s);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Whether two schemes say the same thing, whatever their version numbers. */
export function sameScheme(a: ScoringScheme, b: ScoringScheme): boolean {
  const { version: _a, ...restA } = a;
  const { version: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/**
 * The version a scheme definition becomes: the latest one when it says the
 * same (nothing new is recorded), else the next number. A change is always a
 * new version; an existing version is never rewritten.
 */
export function versionFor(existing: readonly ScoringScheme[], proposed: Omit<ScoringScheme, 'version'>): { scheme: ScoringScheme; isNew: boolean } {
  const latest = existing[existing.length - 1];
  const candidate = { ...proposed, version: latest ? latest.version + 1 : 1 } as ScoringScheme;
  if (latest && sameScheme(latest, candidate)) return { scheme: latest, isNew: false };
  return { scheme: candidate, isNew: true };
}
