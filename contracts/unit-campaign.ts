/**
 * The unit's campaign workflow (one per campaign and unit): its input and
 * carried state, the views it answers with, and its updates, signal and query.
 */
import { z } from 'zod';
import { planSchema } from '../domain/plan';
import { lateStartPolicies } from '../domain/late-start';
import {
  bilingualTextSchema,
  classificationGradeSchema,
  evidenceSchema,
  instantStringSchema,
  lightSchema,
  localDatesByIdSchema,
  localDateSchema,
  reviewRatingSchema,
  rungSchema,
  stampSchema,
  taskStatusSchema,
  unitTypeSchema,
} from './common';
import { campaignAmendmentsSchema } from './campaign';
import { rectificationDraftSchema, rectificationViewSchema } from './rectification';

// ---------------------------------------------------------------- carried state

export const extensionRequestRecordSchema = stampSchema
  .extend({ proposedDate: localDateSchema, reason: z.string(), number: z.number() })
  .meta({ description: "An extension request (延期申請) awaiting the supervisor's decision." });

export const taskRecordSchema = z.object({
  taskId: z.string(),
  phaseId: z.string(),
  status: taskStatusSchema,
  submissions: z.number(),
  rejections: z.number(),
  lastSubmission: stampSchema.extend({ evidence: evidenceSchema }).optional(),
  lastRejection: stampSchema.extend({ reason: z.string() }).optional(),
  approval: stampSchema.extend({ comment: z.string().optional() }).optional(),
  /** Deadlines (local dates) already recorded as missed, so a retry or replay records each once. */
  overdueRecorded: z.array(localDateSchema),
  /** Reminder and rung step ids already handled (see domain/escalation.ts); absent in runs before the ladder. */
  escalations: z.array(z.string()).optional(),
  /** An extension request (延期申請) awaiting the supervisor's decision. */
  extensionRequest: extensionRequestRecordSchema.optional(),
  extensionRequests: z.number().optional(),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export const givenReviewSchema = stampSchema.extend({ comment: z.string(), strengths: z.string(), weaknesses: z.string(), rating: reviewRatingSchema });

export const reviewRecordSchema = z.object({
  periodId: z.string(),
  given: givenReviewSchema.optional(),
  escalations: z.array(z.string()),
});
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;

/** 三分類: the unit's grade at one classification round (for example a year). */
export const classificationRecordSchema = z.object({
  round: z.string(),
  grade: classificationGradeSchema,
  /** What the grade rests on: scores, democratic evaluation (民主測評), the supervisor's assessment. */
  basis: z.string(),
  by: z.string(),
  at: instantStringSchema,
  /** The grade a score proposed (issue 13: score.computed → grade.proposed), null when no score proposed one; absent before. */
  proposedGrade: classificationGradeSchema.nullable().optional(),
  /** The scoring round whose score proposed it. */
  proposedBy: z.string().nullable().optional(),
  /** Whether the grade given differs from the proposed one (an override needs a reason). */
  overridden: z.boolean().optional(),
  overrideReason: z.string().nullable().optional(),
});
export type ClassificationRecord = z.infer<typeof classificationRecordSchema>;

export const unitCampaignCarriedStateSchema = z.object({
  /** Classifications (三分類) by round; absent in runs before classification existed. */
  classifications: z.record(z.string(), classificationRecordSchema).optional(),
  /** Point reviews (點評) given or chased, by period id; absent in runs before reviews existed. */
  reviews: z.record(z.string(), reviewRecordSchema).optional(),
  /** The late-start decision taken at the unit's start (patch late-start-policy-v1); absent in runs started before it. */
  lateStart: z
    .object({
      policy: z.enum(lateStartPolicies),
      startedAt: z.number(),
      tasks: z.array(z.object({ taskId: z.string(), passedDueDate: z.string(), graceDueDate: z.string().optional() })),
    })
    .optional(),
  phaseIndex: z.number(),
  started: z.boolean(),
  completed: z.boolean(),
  tasks: z.record(z.string(), taskRecordSchema),
  unitDeadlineOverrides: localDatesByIdSchema,
  /** Per-unit amendments so far: part of each amendment's ledger key. */
  unitAmendments: z.number(),
  /** Read-model version; only grows. */
  version: z.number(),
});
export type UnitCampaignCarriedState = z.infer<typeof unitCampaignCarriedStateSchema>;

export const unitCampaignInputSchema = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  unitType: unitTypeSchema,
  /** The plan restricted to the tasks of this unit's type. */
  plan: planSchema,
  amendments: campaignAmendmentsSchema,
  /** Set by continue-as-new only. */
  carried: unitCampaignCarriedStateSchema.optional(),
});
export type UnitCampaignInput = z.infer<typeof unitCampaignInputSchema>;

// ---------------------------------------------------------------- views

export const reviewViewSchema = z.object({
  periodId: z.string().meta({ example: 'advancement/2025-07-01' }),
  phaseId: z.string(),
  start: localDateSchema,
  end: localDateSchema,
  dueDate: localDateSchema,
  status: z.enum(['upcoming', 'due', 'overdue', 'given']),
  rung: rungSchema.nullable(),
  given: givenReviewSchema.optional(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const classificationViewSchema = z
  .object({
    round: z.string(),
    grade: classificationGradeSchema,
    gradeLabel: bilingualTextSchema,
    basis: z.string(),
    by: z.string(),
    at: instantStringSchema,
    /** The grade a score proposed (issue 13: score.computed → grade.proposed), null when no score proposed one; absent before. */
    proposedGrade: classificationGradeSchema.nullable().optional(),
    /** The scoring round whose score proposed it. */
    proposedBy: z.string().nullable().optional(),
    /** Whether the grade given differs from the proposed one (an override needs a reason). */
    overridden: z.boolean().optional(),
    overrideReason: z.string().nullable().optional(),
  });
export type ClassificationView = z.infer<typeof classificationViewSchema>;

export const taskViewSchema = z
  .object({
    /** Highest rung reached for the current deadline (null when none). */
    rung: rungSchema.nullable(),
    rungLabel: bilingualTextSchema.nullable(),
    light: lightSchema,
    lightLabel: bilingualTextSchema,
    extensionRequest: extensionRequestRecordSchema.optional(),
    taskId: z.string(),
    phaseId: z.string(),
    title: bilingualTextSchema,
    required: z.boolean(),
    approvedBy: z.enum(['supervisor', 'office']),
    status: taskStatusSchema,
    statusLabel: bilingualTextSchema,
    dueDate: localDateSchema.nullable(),
    dueAt: instantStringSchema.nullable(),
    overdue: z.boolean(),
    submissions: z.number(),
    rejections: z.number(),
    lastSubmission: taskRecordSchema.shape.lastSubmission,
    lastRejection: taskRecordSchema.shape.lastRejection,
    approval: taskRecordSchema.shape.approval,
  });
export type TaskView = z.infer<typeof taskViewSchema>;

export const unitCampaignViewSchema = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  unitType: unitTypeSchema,
  theme: bilingualTextSchema.nullable(),
  status: z.enum(['waiting', 'running', 'completed']),
  phase: z
    .object({ id: z.string(), name: bilingualTextSchema, index: z.number(), startsAt: instantStringSchema, endsAt: instantStringSchema.nullable() })
    .nullable(),
  tasks: z.array(taskViewSchema),
  overdue: z.array(z.string()),
  reviews: z.array(reviewViewSchema),
  /** Classification rounds (三分類), earliest first. */
  classifications: z.array(classificationViewSchema),
  /** The unit's highest current rung over its tasks, and its traffic light (亮燈). */
  rung: rungSchema.nullable(),
  light: lightSchema,
  lightLabel: bilingualTextSchema,
  milestoneDates: localDatesByIdSchema,
  amendmentRevision: z.number(),
  asOf: instantStringSchema,
});
export type UnitCampaignView = z.infer<typeof unitCampaignViewSchema>;

// ---------------------------------------------------------------- inputs and results

export const submitTaskInputSchema = z.object({ taskId: z.string(), actor: z.string(), evidence: evidenceSchema });
export type SubmitTaskInput = z.infer<typeof submitTaskInputSchema>;
export const approveTaskInputSchema = z.object({ taskId: z.string(), actor: z.string(), comment: z.string().optional() });
export type ApproveTaskInput = z.infer<typeof approveTaskInputSchema>;
export const rejectTaskInputSchema = z.object({ taskId: z.string(), actor: z.string(), reason: z.string() });
export type RejectTaskInput = z.infer<typeof rejectTaskInputSchema>;
export const amendUnitDeadlineInputSchema = z.object({ taskId: z.string(), date: localDateSchema, actor: z.string(), reason: z.string() });
export type AmendUnitDeadlineInput = z.infer<typeof amendUnitDeadlineInputSchema>;
export const requestExtensionInputSchema = z.object({ taskId: z.string(), actor: z.string(), proposedDate: localDateSchema, reason: z.string() });
export type RequestExtensionInput = z.infer<typeof requestExtensionInputSchema>;
export const decideExtensionInputSchema = z.object({
  taskId: z.string(),
  actor: z.string(),
  grant: z.boolean(),
  /** The new deadline when granting; defaults to the date the unit proposed. */
  date: localDateSchema.optional(),
  reason: z.string().optional(),
});
export type DecideExtensionInput = z.infer<typeof decideExtensionInputSchema>;

export const pointReviewInputSchema = z.object({
  /** Items to open with the review, ids derived from unit and period (a retry opens none twice). */
  rectifications: z.array(rectificationDraftSchema).optional(),
  actor: z.string(),
  /** The period reviewed; default the earliest started period not yet reviewed. */
  periodId: z.string().optional(),
  comment: z.string(),
  strengths: z.string(),
  weaknesses: z.string(),
  rating: reviewRatingSchema,
});
export type PointReviewInput = z.infer<typeof pointReviewInputSchema>;

/** A review, with the items opened with it when the input named some (`rectifications` absent otherwise). */
export const pointReviewResultSchema = reviewViewSchema.extend({ rectifications: z.array(rectificationViewSchema).optional() });
export type PointReviewResult = z.infer<typeof pointReviewResultSchema>;

export const classifyUnitInputSchema = z.object({
  /** With a lagging grade (後進): the item `lagging-<round>` is opened with it; description and deadline default. */
  rectification: rectificationDraftSchema.partial().optional(),
  actor: z.string(),
  round: z.string(),
  grade: classificationGradeSchema,
  basis: z.string(),
  /** The proposal the API found for the round (issue 13), or null when none; absent from callers before. */
  proposal: z.object({ grade: classificationGradeSchema, roundId: z.string() }).nullable().optional(),
  /** Why the grade differs from the proposal (required then). */
  overrideReason: z.string().optional(),
});
export type ClassifyUnitInput = z.infer<typeof classifyUnitInputSchema>;

/** A classification, with the lagging unit's item (null for another grade; absent from a run that predates this). */
export const classifyUnitResultSchema = classificationViewSchema.extend({ rectification: rectificationViewSchema.nullable().optional() });
export type ClassifyUnitResult = z.infer<typeof classifyUnitResultSchema>;

