/**
 * The rectification item workflow (整改, one per item): its input, state and
 * messages, and the views of an item without a running workflow.
 */
import { z } from 'zod';
import { RECTIFICATION_STATUSES, type RectificationStatus } from '../domain/labels';
import type { Plan } from '../domain/plan';
import {
  bilingualTextSchema,
  evidenceSchema,
  holidayCalendarDataSchema,
  instantStringSchema,
  lightSchema,
  localDateSchema,
  rectificationStatusSchema,
  rungSchema,
  stampSchema,
} from './common';

export type { RectificationStatus };

/** 'supervision': another supervision method (domain/labels.ts SUPERVISION_KINDS); 'poor_effort': a supervisor's criticism (不重視、不得力、少創新). */
export const rectificationSources = ['point_review', 'spot_check', 'visit', 'hearing', 'classification', 'other', 'supervision', 'poor_effort'] as const;
export const rectificationSourceSchema = z.enum(rectificationSources, { error: () => `must be one of: ${rectificationSources.join(', ')}` });
export type RectificationSource = z.infer<typeof rectificationSourceSchema>;

/** A rectification item (整改) to open with the event that finds the problem (a review, a supervision event). */
export const rectificationDraftSchema = z.object({
  description: z.string(),
  /** Default: today plus the plan's rectification.defaultDays. */
  dueDate: localDateSchema.optional(),
});
export type RectificationDraft = z.infer<typeof rectificationDraftSchema>;

export const rectificationCarriedStateSchema = z.object({
  status: rectificationStatusSchema,
  opened: z.boolean(),
  reports: z.number(),
  sendBacks: z.number(),
  lastReport: stampSchema.extend({ evidence: evidenceSchema }).optional(),
  lastSendBack: stampSchema.extend({ reason: z.string() }).optional(),
  verification: stampSchema.extend({ comment: z.string().optional() }).optional(),
  listedUnderSupervision: z.boolean(),
  escalations: z.array(z.string()),
});
export type RectificationCarriedState = z.infer<typeof rectificationCarriedStateSchema>;

export const rectificationInputSchema = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  itemId: z.string(),
  description: z.string(),
  source: rectificationSourceSchema,
  openedBy: z.string(),
  dueDate: localDateSchema,
  /** The item's ladder after its deadline (限期整改 → 通報批評 → 問責). */
  ladder: z.custom<Plan['rectification']['ladder']>((value) => Array.isArray(value)),
  atHour: z.number(),
  holidays: holidayCalendarDataSchema.optional(),
  /** End of the phase after which an open item goes under listed supervision (掛牌督辦), ISO instant. */
  listUnderSupervisionAt: instantStringSchema.nullable(),
  /** The campaign amendments' revision these dates come from; a schedule change with a lower one is stale. */
  scheduleRevision: z.number().optional(),
  carried: rectificationCarriedStateSchema.optional(),
});
export type RectificationInput = z.infer<typeof rectificationInputSchema>;

export const rectificationViewSchema = rectificationInputSchema
  .pick({ campaignId: true, unitId: true, itemId: true, description: true, source: true, openedBy: true, dueDate: true })
  .extend({
    status: rectificationStatusSchema,
    statusLabel: bilingualTextSchema,
    rung: rungSchema.nullable(),
    light: lightSchema,
    listedUnderSupervision: z.boolean().meta({ description: "掛牌督辦: still open when the plan's phase ended." }),
    reports: z.number(),
    sendBacks: z.number(),
    lastReport: rectificationCarriedStateSchema.shape.lastReport,
    lastSendBack: rectificationCarriedStateSchema.shape.lastSendBack,
    verification: rectificationCarriedStateSchema.shape.verification,
  });
export type RectificationView = z.infer<typeof rectificationViewSchema>;

export const reportRectificationInputSchema = z.object({ actor: z.string(), evidence: evidenceSchema });
export type ReportRectificationInput = z.infer<typeof reportRectificationInputSchema>;
export const verifyRectificationInputSchema = z.object({ actor: z.string(), comment: z.string().optional() });
export type VerifyRectificationInput = z.infer<typeof verifyRectificationInputSchema>;
export const sendBackRectificationInputSchema = z.object({ actor: z.string(), reason: z.string() });
export type SendBackRectificationInput = z.infer<typeof sendBackRectificationInputSchema>;

/** Sent to items not yet verified when the campaign's milestones or holiday calendar change. */
export const rectificationScheduleChangeSchema = z.object({
  /** The campaign amendments' revision: an item keeps the newest it has seen, whatever order signals arrive in. */
  revision: z.number(),
  /** When the item goes under listed supervision (掛牌督辦) if still open; null when not, or not known yet. */
  listUnderSupervisionAt: instantStringSchema.nullable(),
  /** The calendar its working-day ladder counts with. */
  holidays: holidayCalendarDataSchema.optional(),
});
export type RectificationScheduleChange = z.infer<typeof rectificationScheduleChangeSchema>;


// ---------------------------------------------------------------- views without a running workflow
// The state a new item starts in, and the last recorded state of one whose workflow is gone: pure, shared by
// the activity that opens items and the API.


/** The state an item's workflow starts in. */
export function openedRectificationView(input: RectificationInput): RectificationView {
  return {
    campaignId: input.campaignId,
    unitId: input.unitId,
    itemId: input.itemId,
    description: input.description,
    source: input.source,
    openedBy: input.openedBy,
    dueDate: input.dueDate,
    status: 'open',
    statusLabel: RECTIFICATION_STATUSES.open,
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
  };
}

/** An item whose workflow is closed and past retention: its last recorded status, marked archived (the ledger keeps the rest). */
export function archivedRectificationView(row: {
  campaignId: string;
  unitId: string;
  itemId: string;
  description: string;
  source: string;
  openedBy: string;
  dueDate: string;
  status: RectificationStatus;
}): RectificationView & { archived: true } {
  return {
    campaignId: row.campaignId,
    unitId: row.unitId,
    itemId: row.itemId,
    description: row.description,
    source: row.source as RectificationSource,
    openedBy: row.openedBy,
    dueDate: row.dueDate,
    status: row.status,
    statusLabel: RECTIFICATION_STATUSES[row.status],
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
    archived: true,
  };
}
