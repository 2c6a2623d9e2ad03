/**
 * The campaign workflow's supervision messages beyond recording an event
 * (contracts/campaign.ts): leaders' contact points (聯繫點), the schedule of
 * methods and visits with what is owed and chased, and criticism of a unit's
 * poor effort (不重視、不得力、少創新), which opens a rectification item (限期整改)
 * that climbs the plan's rectification ladder.
 */
import { z } from 'zod';
import { LEGACY_SUPERVISION_KINDS, POOR_EFFORT_GROUNDS, SUPERVISION_KINDS, type LegacySupervisionKind, type PoorEffortGround, type SupervisionKindKey } from '../domain/labels';
import { evidenceSchema, instantStringSchema, localDateSchema, rungSchema } from './common';
import { rectificationViewSchema } from './rectification';

/** Every method, and the legacy "hearing" (聽證 before; now hearing_reports) that events recorded before carry. */
export const supervisionKinds = [...(Object.keys(SUPERVISION_KINDS) as SupervisionKindKey[]), ...(Object.keys(LEGACY_SUPERVISION_KINDS) as LegacySupervisionKind[])] as [
  SupervisionKindKey | LegacySupervisionKind,
  ...Array<SupervisionKindKey | LegacySupervisionKind>,
];
export const supervisionKindSchema = z.enum(supervisionKinds, { error: () => `must be one of: ${supervisionKinds.join(', ')}` });
export type SupervisionKind = z.infer<typeof supervisionKindSchema>;

export const contactPointSchema = z.object({
  leaderId: z.string(),
  unitId: z.string(),
  designatedBy: z.string(),
  designatedAt: instantStringSchema,
});
export type ContactPoint = z.infer<typeof contactPointSchema>;

export const designateContactPointsInputSchema = z.object({ leaderId: z.string(), unitIds: z.array(z.string()).min(1), actor: z.string() });
export type DesignateContactPointsInput = z.infer<typeof designateContactPointsInputSchema>;
export const designateContactPointsResultSchema = z.object({ leaderId: z.string(), contactPoints: z.array(contactPointSchema), added: z.array(z.string()) });
export type DesignateContactPointsResult = z.infer<typeof designateContactPointsResultSchema>;

/** Something scheduled that someone owes: a method's occurrence, or a leader's visit to a contact point in a period. */
export const supervisionObligationSchema = z.object({
  /** `method/<occurrence>` or `visit/<leader>/<unit>/<period>`: part of ledger and outbox keys. */
  id: z.string(),
  kind: supervisionKindSchema,
  /** The scheduled entry (plan.supervisionSchedule[].id); null for contact-point visits. */
  entryId: z.string().nullable(),
  /** The leader who owes a contact-point visit; null for scheduled methods (the units' supervisors owe them). */
  leaderId: z.string().nullable(),
  unitIds: z.array(z.string()),
  /** Scheduled samples: the seed of the draw, recorded in the ledger. */
  seed: z.string().nullable(),
  start: localDateSchema,
  dueDate: localDateSchema,
  /** The event that carried it out; null while owed. */
  recordedEventId: z.string().nullable(),
  /** The highest rung of the review ladder reached while not recorded. */
  rung: rungSchema.nullable(),
});
export type SupervisionObligation = z.infer<typeof supervisionObligationSchema>;

export const supervisionScheduleViewSchema = z.object({
  contactPoints: z.array(contactPointSchema),
  /** Started periods only (what is owed now or was owed); later ones follow from the plan. */
  obligations: z.array(supervisionObligationSchema),
});
export type SupervisionScheduleView = z.infer<typeof supervisionScheduleViewSchema>;

/** What the campaign workflow carries of it across continue-as-new. */
export const supervisionCarriedStateSchema = z.object({
  contactPoints: z.array(contactPointSchema),
  obligations: z.record(z.string(), supervisionObligationSchema),
});
export type SupervisionCarriedState = z.infer<typeof supervisionCarriedStateSchema>;

const grounds = Object.keys(POOR_EFFORT_GROUNDS) as [PoorEffortGround, ...PoorEffortGround[]];
export const poorEffortGroundSchema = z.enum(grounds, { error: () => `must be one of: ${grounds.join(', ')}` });

export const criticiseUnitInputSchema = z.object({
  criticismId: z.string(),
  unitId: z.string(),
  grounds: z.array(poorEffortGroundSchema).min(1),
  reason: z.string(),
  evidence: evidenceSchema,
  /** 限期整改: the deadline of the rectification; default today plus the plan's rectification.defaultDays. */
  dueDate: localDateSchema.optional(),
  actor: z.string(),
});
export type CriticiseUnitInput = z.infer<typeof criticiseUnitInputSchema>;
export const criticismResultSchema = z.object({ criticismId: z.string(), unitId: z.string(), rectification: rectificationViewSchema });
export type CriticismResult = z.infer<typeof criticismResultSchema>;


/** 第一責任人: named per unit (the secretary until changed); each change a ledger row. */
export const firstResponsiblePersonSchema = z.object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() });
export const nameFirstResponsibleInputSchema = z.object({ changeId: z.string(), unitId: z.string(), person: firstResponsiblePersonSchema, reason: z.string(), actor: z.string() });
export type NameFirstResponsibleInput = z.infer<typeof nameFirstResponsibleInputSchema>;
export const firstResponsibleViewSchema = z.object({
  person: firstResponsiblePersonSchema,
  /** 'secretary': the default, the unit's secretary; 'named': named for this campaign. */
  source: z.enum(['secretary', 'named']),
  namedBy: z.string().nullable(),
  namedAt: instantStringSchema.nullable(),
  reason: z.string().nullable(),
});
export type FirstResponsibleView = z.infer<typeof firstResponsibleViewSchema>;
