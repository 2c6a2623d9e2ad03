/**
 * The campaign workflow (one per campaign): its input and state, the start
 * requests it runs, the amendments it broadcasts, and its messages.
 */
import { z } from 'zod';
import type { StartTarget } from '../domain/campaign-types';
import { planSchema } from '../domain/plan';
import { bilingualTextSchema, holidayCalendarDataSchema, instantStringSchema, localDatesByIdSchema, localDateSchema } from './common';
import { supervisionCarriedStateSchema, supervisionKinds, supervisionKindSchema, type SupervisionKind } from './supervision';
import { rectificationDraftSchema, rectificationSourceSchema, rectificationViewSchema } from './rectification';

export type { StartTarget };

/** What the campaign office decided for the whole campaign; a higher revision replaces a lower one. */
export const campaignAmendmentsSchema = z.object({
  revision: z.number(),
  milestoneDates: localDatesByIdSchema,
  deadlineOverrides: localDatesByIdSchema,
  /** The holiday calendar (statutory holidays and 調休) that working-day deadlines count with; weekdays only when absent. */
  holidays: holidayCalendarDataSchema.optional(),
});
export type CampaignAmendments = z.infer<typeof campaignAmendmentsSchema>;

/** Which units to start: a list, or everything under (and including) a root. */
export const startTargetSchema = z.union([z.object({ unitIds: z.array(z.string()) }), z.object({ subtreeRootId: z.string() })]);

export const startRequestSchema = z
  .object({
    requestId: z.string(),
    target: startTargetSchema,
    requestedBy: z.string(),
    requestedAt: instantStringSchema,
    total: z.number().nullable(),
    started: z.number(),
    alreadyRunning: z.number(),
    skipped: z.number(),
    /** Keyset cursor: the last unit handled (list index for lists, path for subtrees). */
    cursor: z.string().nullable(),
    done: z.boolean(),
  });
export type StartRequest = z.infer<typeof startRequestSchema>;

export const campaignCarriedStateSchema = z.object({
  /** The campaign's row was written by this workflow (defineCampaignUpdate); absent in campaigns defined by the API before. */
  defined: z.boolean().optional(),
  /** Spot-check periods already drawn (absent in runs before spot checks). */
  spotChecksDone: z.array(z.string()).optional(),
  /** Contact points and scheduled supervision owed (absent in runs before them). */
  supervision: supervisionCarriedStateSchema.optional(),
  amendments: campaignAmendmentsSchema,
  requests: z.array(startRequestSchema),
  /** Revision last broadcast to running unit workflows. */
  broadcastRevision: z.number(),
  started: z.boolean(),
});
export type CampaignCarriedState = z.infer<typeof campaignCarriedStateSchema>;

export const campaignInputSchema = z.object({
  campaignId: z.string(),
  /** Carried as it was validated; the workflow parses it again to fill defaults added since. */
  plan: planSchema,
  createdBy: z.string(),
  /** The holiday calendar in force when the campaign was defined. */
  holidays: holidayCalendarDataSchema.optional(),
  carried: campaignCarriedStateSchema.optional(),
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const campaignProgressSchema = z.object({
  campaignId: z.string(),
  requests: z.array(startRequestSchema),
  totals: z.object({ requested: z.number().nullable(), started: z.number(), alreadyRunning: z.number(), skipped: z.number(), done: z.boolean() }),
  amendments: campaignAmendmentsSchema,
  broadcastPending: z.boolean(),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

// ---------------------------------------------------------------- supervision (督促檢查: every method of the seeds)

export { supervisionKinds, supervisionKindSchema, type SupervisionKind };

export const recordSupervisionInputSchema = z.object({
  /** The caller's id for the event: a retried request records it once. */
  eventId: z.string(),
  kind: supervisionKindSchema,
  actor: z.string(),
  /** The units concerned; for a spot check, the population to draw from (default: every started unit). */
  unitIds: z.array(z.string()).optional(),
  findings: z.string(),
  /** Spot checks: how many units to draw, and optionally the seed of an earlier draw to repeat it. */
  sampleSize: z.number().optional(),
  seed: z.string().optional(),
  /** Items to open for units of the event (for a spot check, only those drawn), ids derived from the event id. */
  rectifications: z.array(rectificationDraftSchema.extend({ unitId: z.string() })).optional(),
  /** The scheduled occurrence (plan.supervisionSchedule) this event carries out; default: the earliest open one of its kind. */
  scheduledId: z.string().optional(),
});
export type RecordSupervisionInput = z.infer<typeof recordSupervisionInputSchema>;

export const supervisionRecordSchema = z.object({
  eventId: z.string(),
  kind: supervisionKindSchema,
  seed: z
    .string()
    .nullable()
    .meta({ description: 'Spot checks: the seed recorded in the ledger; the same seed over the same population draws the same units.' }),
  unitIds: z.array(z.string()).meta({ description: 'The units concerned: for a spot check, the sample drawn.' }),
  populationSize: z.number(),
  /** The scheduled occurrence it carried out, if any (events recorded before schedules have none). */
  scheduledId: z.string().nullable().optional(),
});
export type SupervisionRecord = z.infer<typeof supervisionRecordSchema>;

export const notOpenedRectificationSchema = z.object({ unitId: z.string(), description: z.string(), reason: z.string() });

/** The event as recorded, and the items opened with it (absent when the input named none). */
export const supervisionResultSchema = supervisionRecordSchema.extend({
  rectifications: z.array(rectificationViewSchema).optional(),
  notOpened: z.array(notOpenedRectificationSchema).optional(),
});
export type SupervisionResult = z.infer<typeof supervisionResultSchema>;

// ---------------------------------------------------------------- the office's messages

export const startUnitsInputSchema = z.object({ requestId: z.string(), target: startTargetSchema, actor: z.string() });
export type StartUnitsInput = z.infer<typeof startUnitsInputSchema>;

export const setMilestoneInputSchema = z.object({ milestoneId: z.string(), date: localDateSchema, actor: z.string(), reason: z.string() });
export type SetMilestoneInput = z.infer<typeof setMilestoneInputSchema>;

export const amendCampaignDeadlineInputSchema = z.object({ taskId: z.string(), date: localDateSchema, actor: z.string(), reason: z.string() });
export type AmendCampaignDeadlineInput = z.infer<typeof amendCampaignDeadlineInputSchema>;

/** A supervisor or the office opens one rectification item (整改) for a started unit. */
export const openRectificationInputSchema = z.object({
  unitId: z.string(),
  itemId: z.string(),
  description: z.string(),
  dueDate: localDateSchema.optional(),
  source: rectificationSourceSchema,
  actor: z.string(),
});
export type OpenRectificationInput = z.infer<typeof openRectificationInputSchema>;

export const setHolidayCalendarInputSchema = z.object({ calendar: holidayCalendarDataSchema, actor: z.string(), reason: z.string() });
export type SetHolidayCalendarInput = z.infer<typeof setHolidayCalendarInputSchema>;

export const defineCampaignInputSchema = z.object({ name: bilingualTextSchema, actor: z.string() });
export type DefineCampaignInput = z.infer<typeof defineCampaignInputSchema>;
export const defineCampaignResultSchema = z.object({ campaignId: z.string(), createdAt: instantStringSchema });
export type DefineCampaignResult = z.infer<typeof defineCampaignResultSchema>;

