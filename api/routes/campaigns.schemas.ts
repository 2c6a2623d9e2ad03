/** Campaigns: define, list, start for units, progress, milestones and deadlines. */
import { campaignAmendmentsSchema, campaignProgressSchema, startRequestSchema, taskViewSchema, type CampaignAmendments } from '../../contracts';
import { documentAs, z } from '../zod';
import {
  bilingualTextSchema,
  campaignIdSchema,
  localDateParamSchema,
  nonEmptyText,
  planDocumentSchema,
  slugSchema,
  unitIdSchema,
  retryKey,
  startYearSchema,
  templateIdSchema,
} from './common.schemas';

export const createCampaignBody = z
  .strictObject({
    id: campaignIdSchema,
    name: documentAs(bilingualTextSchema.optional(), 'Bilingual').openapi({ description: "Defaults to the plan's name." }),
    template: templateIdSchema('Start from a seed template (exactly one of template or plan).'),
    plan: planDocumentSchema.optional(),
    startYear: startYearSchema('Re-dates the plan so that its first phase starts in this year; July 1 stays July 1.'),
  })
  .superRefine((body, ctx) => {
    if ((body.template === undefined) === (body.plan === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'give exactly one of "template" (a template id) or "plan" (a plan document)' });
    }
  })
  .openapi('CreateCampaign');

const phaseSummarySchema = z.object({
  id: z.string(),
  name: bilingualTextSchema,
  window: z.object({
    start: z.string(),
    end: z.union([z.string(), z.object({ milestone: z.string(), offsetDays: z.number() })]),
  }),
});

export const campaignSummarySchema = z
  .object({
    id: z.string(),
    name: bilingualTextSchema,
    createdBy: z.string(),
    createdAt: z.string(),
    phases: z.array(phaseSummarySchema),
    milestones: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('CampaignSummary');

export const campaignDetailSchema = campaignSummarySchema.extend({ plan: planDocumentSchema }).openapi('Campaign');

export const campaignListSchema = z.object({
  campaigns: z.array(z.object({ id: z.string(), name: bilingualTextSchema, createdBy: z.string(), createdAt: z.string() })),
});

const MAX_START_UNITS = 100_000;

export const startUnitsBody = z
  .strictObject({
    unitIds: z
      .array(unitIdSchema)
      .min(1, 'name at least one unit')
      .max(MAX_START_UNITS, `name at most ${MAX_START_UNITS} units per request, or start a subtree`)
      .optional(),
    subtreeRootId: unitIdSchema.optional().openapi({ description: 'Start the unit and every unit under it.' }),
    requestId: retryKey('Makes a retried request the same request; a random UUID when absent.'),
  })
  .superRefine((body, ctx) => {
    if ((body.unitIds === undefined) === (body.subtreeRootId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'give exactly one of "unitIds" (a list) or "subtreeRootId" (a unit and everything under it)' });
    }
  })
  .openapi('StartUnits');

/** The start request as the campaign workflow records it (contracts: StartRequest). */
export const startUnitsReplySchema = z.object({ request: startRequestSchema, progressUrl: z.string() });

/** The amendments as replies show them: the calendar by its version, not the whole data set. */
const amendmentsSchema = campaignAmendmentsSchema
  .omit({ holidays: true })
  .extend({
    calendarVersion: z
      .string()
      .nullable()
      .openapi({ description: 'the holiday calendar (節假日安排) working-day deadlines count with (GET /holiday-calendar); null: weekdays only' }),
  })
  .openapi('CampaignAmendments');

export const amendmentsReply = ({ revision, milestoneDates, deadlineOverrides, holidays }: CampaignAmendments) => ({
  revision,
  milestoneDates,
  deadlineOverrides,
  calendarVersion: holidays?.version ?? null,
});

/** The campaign workflow's progress (contracts: CampaignProgress), with the read model's counts. */
export const progressSchema = campaignProgressSchema
  .extend({
    amendments: amendmentsSchema,
    phaseCounts: z.array(z.object({ phaseId: z.string().nullable(), status: z.string(), units: z.number(), overdueUnits: z.number() })),
    startedUnits: z.number(),
    scope: z
      .object({ kind: z.enum(['campaign', 'subtrees']), rootUnitIds: z.array(z.string()).nullable() })
      .openapi({ description: 'What the counts cover: the whole campaign (the office), or the subtrees a supervisor supervises (their root units).' }),
  })
  .openapi('CampaignProgress');

export const setMilestoneParams = z.object({ id: campaignIdSchema, milestoneId: slugSchema });
export const setMilestoneBody = z
  .strictObject({ date: localDateParamSchema, reason: nonEmptyText(2000, 'say why; the ledger records it') })
  .openapi('SetMilestone');
export const amendmentsReplySchema = z.object({ amendments: amendmentsSchema });

export const amendDeadlineBody = z
  .strictObject({
    taskId: slugSchema,
    date: localDateParamSchema,
    reason: nonEmptyText(2000, 'say why; the ledger records it'),
    unitId: unitIdSchema.optional().openapi({ description: "Amend one unit's deadline; the whole campaign's when absent." }),
  })
  .openapi('AmendDeadline');

export const deadlineReplySchema = z.union([
  z.object({ scope: z.literal('campaign'), amendments: amendmentsSchema }),
  z.object({ scope: z.literal('unit'), unitId: z.string(), task: taskViewSchema }),
]);

/** `?dryRun=true`: preview the change (影響預覽) and change nothing. */
export const dryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: () => 'must be true or false' })
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'true: answer what would change (units, tasks, deadlines, rungs and notices at once, or the refusal) and change nothing.' }),
});

export const rungCountsSchema = z.object({ reminder: z.number(), warning: z.number(), listed_supervision: z.number(), circulated_criticism: z.number(), accountability: z.number() });
export const noticeCountsSchema = z.object({ secretary: z.number(), supervisor: z.number(), office: z.number() });
const dateOrNull = z.string().nullable();

/** A unit in a preview: its tasks whose deadline moves, and what would go out at once. */
/** What a previewed change would do over all units: the same counts for every preview. */
export const previewTotalsSchema = z.object({
  unitsChanged: z.number(),
  tasksChanged: z.number(),
  kept: z.number().openapi({ description: "unit tasks with a date of their own (the unit's amendment, a late-start grace, an extension): they keep it" }),
  becomeOverdue: z.number(),
  stopBeingOverdue: z.number(),
  rungsAtOnce: rungCountsSchema,
  remindersAtOnce: z.number(),
  noticesAtOnce: noticeCountsSchema,
});

export const previewUnitSchema = z.object({
  unitId: z.string(),
  tasks: z.array(
    z.object({
      taskId: z.string(),
      status: z.string(),
      from: dateOrNull,
      to: dateOrNull,
      overdueBefore: z.boolean(),
      overdueAfter: z.boolean(),
      atOnce: z.object({ reminder: z.boolean(), rungs: z.array(z.string()), notices: noticeCountsSchema }).nullable(),
    }),
  ),
});

export const amendmentPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    refused: z.object({ type: z.string(), message: z.string() }).nullable().openapi({ description: 'what the change itself would answer, and why; null when it would be taken' }),
    deadlines: z.array(z.object({ taskId: z.string(), from: dateOrNull, to: dateOrNull })),
    phaseEnds: z.array(z.object({ phaseId: z.string(), from: dateOrNull, to: dateOrNull })),
    totals: previewTotalsSchema,
    units: z.array(previewUnitSchema),
    unitsListed: z.number().openapi({ description: 'units listed (at most 200); the totals count them all' }),
  })
  .openapi('AmendmentPreview');

export const startPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    policy: z.enum(['grace', 'escalate', 'waive']),
    units: z.number().openapi({ description: 'units that would be started (not yet running)' }),
    alreadyRunning: z.number(),
    skipped: z.number().openapi({ description: 'ids not in the unit tree' }),
    byType: z.record(z.string(), z.number()),
    tasks: z.array(
      z.object({
        taskId: z.string(),
        phaseId: z.string(),
        units: z.number(),
        dueDate: dateOrNull,
        late: z.object({ policy: z.enum(['grace', 'escalate', 'waive']), graceDueDate: dateOrNull }).nullable(),
      }),
    ),
    atOnce: z.object({ reminders: z.number(), rungs: rungCountsSchema, catchUpDigests: z.number(), notices: noticeCountsSchema }),
  })
  .openapi('StartPreview');
