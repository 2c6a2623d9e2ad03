/**
 * The plan's supervision (督促檢查, seed 000 §(三), seed 003 ㈡㈢): which methods
 * are scheduled in which phases at which cadence and for which units, how often
 * a leader visits each contact point (聯繫點), and the themes (分類指導) that
 * apply by tag (民族地區, 宗教場所…) beside the themes by unit type. Pure: the
 * campaign workflow and the API both take their periods from here.
 */
import { z } from 'zod';
import type { LocalDate } from './calendar';
import { SUPERVISION_KINDS, type Bilingual, type SupervisionKindKey } from './labels';
import { bilingualSchema } from './labels-schema';

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63)');

/** A unit tag (分類指導 across unit types), e.g. `ethnic_area`, `religious_area`. */
export const unitTagSchema = idSchema;

const kinds = Object.keys(SUPERVISION_KINDS) as [SupervisionKindKey, ...SupervisionKindKey[]];
export const supervisionMethodSchema = z.enum(kinds, { error: () => `must be one of: ${kinds.join(', ')}` });

export const supervisionCadenceSchema = z.enum(['monthly', 'quarterly', 'once']);
export type SupervisionCadence = z.infer<typeof supervisionCadenceSchema>;

/** A method scheduled in one phase: for named subtrees (their roots), or a random sample drawn with a recorded seed. */
export const scheduledSupervisionSchema = z.object({
  id: idSchema,
  kind: supervisionMethodSchema,
  phase: idSchema,
  every: supervisionCadenceSchema,
  target: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('subtrees'), unitIds: z.array(z.string().min(1)).min(1) }),
      z.object({ kind: z.literal('sample'), size: z.number().int().min(1).max(10_000) }),
      /** Every started unit: the units are named when the event is recorded. */
      z.object({ kind: z.literal('all') }),
    ])
    .default({ kind: 'all' }),
  /** Days after the period ends before the one who owes it is chased up the review ladder. */
  graceDays: z.number().int().min(0).max(90).default(7),
});
export type ScheduledSupervision = z.infer<typeof scheduledSupervisionSchema>;

/** 聯繫點: how often each leader visits each unit designated as their contact point. */
export const contactPointCadenceSchema = z.object({
  every: z.enum(['monthly', 'quarterly']),
  /** The phases visits are due in; every phase when absent. */
  phases: z.array(idSchema).optional(),
  graceDays: z.number().int().min(0).max(90).default(7),
});
export type ContactPointCadence = z.infer<typeof contactPointCadenceSchema>;

/** The fields this module adds to the plan (spread into domain/plan.ts planSchema). */
export const supervisionPlanFields = {
  /** 督促檢查: methods scheduled per phase. */
  supervisionSchedule: z.array(scheduledSupervisionSchema).default([]),
  /** 聯繫點: the visit cadence; no visits are due when absent. */
  contactPoints: contactPointCadenceSchema.optional(),
  /** 分類指導 by tag, across unit types (民族地區, 宗教場所…). */
  tagThemes: z.record(unitTagSchema, bilingualSchema).default({}),
};

interface SupervisionPlanPart {
  phases: Array<{ id: string; window: { start: LocalDate; end: LocalDate | { milestone: string; offsetDays: number } } }>;
  supervisionSchedule: ScheduledSupervision[];
  contactPoints?: ContactPointCadence;
}

const MIN_DAYS: Record<'monthly' | 'quarterly', number> = { monthly: 28, quarterly: 89 };

function daysBetween(start: LocalDate, end: LocalDate): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

type Issue = { path: Array<string | number>; message: string };

/** Problems of the supervision part: unknown phases, duplicate ids, and cadences a phase is too short to hold. */
export function supervisionPlanIssues(plan: SupervisionPlanPart): Issue[] {
  const issues: Issue[] = [];
  const phases = new Map(plan.phases.map((p) => [p.id, p]));
  const cadenceFits = (phaseId: string, every: SupervisionCadence, path: Array<string | number>) => {
    const phase = phases.get(phaseId);
    if (!phase) return issues.push({ path, message: `unknown phase "${phaseId}"` });
    // A window ending before it starts is reported on the phase itself.
    if (every === 'once' || typeof phase.window.end !== 'string' || phase.window.end < phase.window.start) return;
    const days = daysBetween(phase.window.start, phase.window.end);
    if (days < MIN_DAYS[every]) {
      issues.push({ path, message: `phase "${phaseId}" lasts ${days} days, too short for a ${every} cadence (at least ${MIN_DAYS[every]} days); choose ${every === 'quarterly' ? '"monthly" or ' : ''}"once"` });
    }
  };
  const ids = new Set<string>();
  plan.supervisionSchedule.forEach((entry, i) => {
    if (ids.has(entry.id)) issues.push({ path: ['supervisionSchedule', i, 'id'], message: `duplicate id "${entry.id}"` });
    ids.add(entry.id);
    cadenceFits(entry.phase, entry.every, ['supervisionSchedule', i, 'phase']);
    if (entry.kind === 'contact_point_visit') {
      issues.push({ path: ['supervisionSchedule', i, 'kind'], message: 'contact-point visits are scheduled by "contactPoints", per designated unit' });
    }
  });
  const cp = plan.contactPoints;
  (cp?.phases ?? []).forEach((phaseId, i) => cadenceFits(phaseId, cp!.every, ['contactPoints', 'phases', i]));
  if (cp && !cp.phases) plan.phases.forEach((p) => cadenceFits(p.id, cp.every, ['contactPoints', 'every']));
  return issues;
}

/** A theme that applies to a unit, and why (分類指導). */
export interface AppliedTheme {
  by: 'unit_type' | 'tag';
  key: string;
  theme: Bilingual;
}

/** Every theme that applies to a unit: its type's, then each of its tags' in the unit's order. */
export function themesForUnit(plan: { unitThemes: Partial<Record<string, Bilingual>>; tagThemes?: Record<string, Bilingual> }, unit: { type: string; tags?: readonly string[] }): AppliedTheme[] {
  const byType = plan.unitThemes[unit.type];
  return [
    ...(byType ? [{ by: 'unit_type' as const, key: unit.type, theme: byType }] : []),
    ...(unit.tags ?? []).flatMap((tag) => (plan.tagThemes?.[tag] ? [{ by: 'tag' as const, key: tag, theme: plan.tagThemes[tag] }] : [])),
  ];
}
