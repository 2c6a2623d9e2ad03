/**
 * Request and response shapes of the API: the one source of both the
 * validation and the OpenAPI document. Domain schemas (plan, unit rows, dates)
 * are reused as they are.
 */
import { endOfLocalDay, isValidLocalDate, startOfLocalDay } from '../domain/calendar';
import { LIGHTS, type Light } from '../domain/escalation';
import { RUNGS, type Rung } from '../domain/labels';
import { NOTIFY_CHANNELS, RECIPIENT_ROLES } from '../domain/notifications';
import { REVIEW_RATINGS, type ReviewRating } from '../domain/reviews';
import { TEMPLATES, type TemplateId } from '../domain/templates';
import { planSchema } from '../domain/plan';
import { unitIdSchema, unitRowSchema } from '../domain/units';
import { z } from './zod';

// ------------------------------------------------------------------ common

export const errorResponseSchema = z
  .object({
    error: z.string().openapi({ example: 'InvalidInput' }),
    message: z.string().openapi({ description: 'What went wrong and what to do about it.' }),
    problems: z
      .array(
        z.object({
          path: z.string().openapi({ example: 'evidence.text' }),
          message: z.string(),
          in: z.enum(['params', 'query', 'body']).optional(),
        }),
      )
      .optional(),
  })
  .openapi('Error');

export const bilingualTextSchema = z
  .object({ zh: z.string().min(1, 'the Chinese text is required'), en: z.string().min(1, 'the English text is required') })
  .openapi('Bilingual', { description: 'A label in Chinese and English.' });

/** A campaign id: also part of workflow ids, so a narrow alphabet without ':'. */
export const campaignIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63), starting with a letter or digit')
  .openapi({ example: 'cxzy-2025' });

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_"');

const nonEmptyText = (max: number, required = 'is required') =>
  z.string({ error: (issue) => (issue.input === undefined ? required : 'must be text') }).trim().min(1, required).max(max, `must be at most ${max} characters`);

export const localDateParamSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date written YYYY-MM-DD') })
  .refine(isValidLocalDate, { message: 'must be a calendar date written YYYY-MM-DD' })
  .openapi({ example: '2025-07-01', description: 'A calendar date in Asia/Shanghai, YYYY-MM-DD.' });

/** An instant: a full ISO 8601 date-time with offset, or a date (the start of that day in Asia/Shanghai). */
export const instantSchema = z
  .string()
  .refine((value) => isValidLocalDate(value) || z.iso.datetime({ offset: true }).safeParse(value).success, {
    message: 'must be a date (YYYY-MM-DD, Asia/Shanghai) or an ISO 8601 date-time with offset',
  })
  .transform((value) => (isValidLocalDate(value) ? new Date(startOfLocalDay(value)).toISOString() : new Date(value).toISOString()))
  .openapi({ example: '2025-06-01' });

// ------------------------------------------------------------------ templates

const templateIds = Object.keys(TEMPLATES) as [TemplateId, ...TemplateId[]];

export const templateIdParams = z.object({ id: z.string().min(1).openapi({ example: 'seed-003-bureau' }) });

export const templateSummarySchema = z.object({ id: z.enum(templateIds), title: bilingualTextSchema }).openapi('TemplateSummary');

/**
 * Domain shapes validated by domain parsers (parsePlan, parseUnitsJson/Csv),
 * documented from the same zod schemas through zod's JSON Schema output.
 */
export const DOMAIN_COMPONENTS = { Plan: planSchema, UnitRow: unitRowSchema } as const;

/** An object checked by a domain parser, shown in the document as the named component. */
const domainDocument = (name: keyof typeof DOMAIN_COMPONENTS, description: string) =>
  z.record(z.string(), z.unknown()).openapi({ description, allOf: [{ $ref: `#/components/schemas/${name}` }] });

export const planDocumentSchema = domainDocument(
  'Plan',
  'A campaign plan document (GET /templates/{id} gives complete examples): id, name, milestones, phases with windows and tasks, reminders, escalation ladder.',
);

// ------------------------------------------------------------------ campaigns

export const createCampaignBody = z
  .strictObject({
    id: campaignIdSchema,
    name: bilingualTextSchema.optional().openapi({ description: "Defaults to the plan's name." }),
    template: z
      .enum(templateIds, { error: () => `must be one of: ${templateIds.join(', ')} (GET /templates)` })
      .optional()
      .openapi({ description: 'Start from a seed template (exactly one of template or plan).' }),
    plan: planDocumentSchema.optional(),
    startYear: z
      .number()
      .int('must be a whole year')
      .min(2000, 'must be 2000 or later')
      .max(2100, 'must be 2100 or earlier')
      .optional()
      .openapi({ description: 'Re-dates the plan so that its first phase starts in this year; July 1 stays July 1.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.template === undefined) === (body.plan === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'give exactly one of "template" (a template id) or "plan" (a plan document)' });
    }
  })
  .openapi('CreateCampaign');

export const campaignParams = z.object({ id: campaignIdSchema });

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
    requestId: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"')
      .optional()
      .openapi({ description: 'Makes a retried request the same request; a random UUID when absent.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.unitIds === undefined) === (body.subtreeRootId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'give exactly one of "unitIds" (a list) or "subtreeRootId" (a unit and everything under it)' });
    }
  })
  .openapi('StartUnits');

const startRequestSchema = z
  .object({
    requestId: z.string(),
    target: z.union([z.object({ unitIds: z.array(z.string()) }), z.object({ subtreeRootId: z.string() })]),
    requestedBy: z.string(),
    requestedAt: z.string(),
    total: z.number().nullable(),
    started: z.number(),
    alreadyRunning: z.number(),
    skipped: z.number(),
    cursor: z.string().nullable(),
    done: z.boolean(),
  })
  .openapi('StartRequest');

export const startUnitsReplySchema = z.object({ request: startRequestSchema, progressUrl: z.string() });

const amendmentsSchema = z
  .object({ revision: z.number(), milestoneDates: z.record(z.string(), z.string()), deadlineOverrides: z.record(z.string(), z.string()) })
  .openapi('CampaignAmendments');

export const progressSchema = z
  .object({
    campaignId: z.string(),
    requests: z.array(startRequestSchema),
    totals: z.object({
      requested: z.number().nullable(),
      started: z.number(),
      alreadyRunning: z.number(),
      skipped: z.number(),
      done: z.boolean(),
    }),
    amendments: amendmentsSchema,
    broadcastPending: z.boolean(),
    phaseCounts: z.array(z.object({ phaseId: z.string().nullable(), status: z.string(), units: z.number(), overdueUnits: z.number() })),
    startedUnits: z.number(),
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

// ------------------------------------------------------------------ a unit's campaign and its tasks

export const unitCampaignParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema });
export const taskParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema, taskId: slugSchema });

const rungs = Object.keys(RUNGS) as [Rung, ...Rung[]];
const lights = Object.keys(LIGHTS) as [Light, ...Light[]];
export const rungSchema = z.enum(rungs).openapi({ description: 'The escalation rung (提醒 → 黃牌預警 → 掛牌督辦 → 通報批評 → 問責).' });
export const lightSchema = z.enum(lights).openapi({ description: 'The traffic light (亮燈): green on track, yellow reminded or warned, red listed supervision or worse.' });

export const taskViewSchema = z
  .object({
    rung: rungSchema.nullable(),
    rungLabel: bilingualTextSchema.nullable(),
    light: lightSchema,
    lightLabel: bilingualTextSchema,
    extensionRequest: z
      .object({ by: z.string(), at: z.string(), proposedDate: z.string(), reason: z.string(), number: z.number() })
      .optional()
      .openapi({ description: 'An extension request (延期申請) awaiting the supervisor\'s decision.' }),
    taskId: z.string(),
    phaseId: z.string(),
    title: bilingualTextSchema,
    required: z.boolean(),
    approvedBy: z.enum(['supervisor', 'office']),
    status: z.enum(['pending', 'open', 'submitted', 'rejected', 'approved']),
    statusLabel: bilingualTextSchema,
    dueDate: z.string().nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    submissions: z.number(),
    rejections: z.number(),
    lastSubmission: z.object({ by: z.string(), at: z.string(), evidence: z.object({ text: z.string(), links: z.array(z.string()) }) }).optional(),
    lastRejection: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
    approval: z.object({ by: z.string(), at: z.string(), comment: z.string().optional() }).optional(),
  })
  .openapi('Task');

const ratings = Object.keys(REVIEW_RATINGS) as [ReviewRating, ...ReviewRating[]];
export const reviewRatingSchema = z
  .enum(ratings, { error: () => `must be one of: ${ratings.join(', ')} (${ratings.map((r) => REVIEW_RATINGS[r].zh).join('、')})` })
  .openapi({ description: 'excellent 好, good 較好, fair 一般, poor 差.' });

export const reviewViewSchema = z
  .object({
    periodId: z.string().openapi({ example: 'advancement/2025-07-01' }),
    phaseId: z.string(),
    start: z.string(),
    end: z.string(),
    dueDate: z.string(),
    status: z.enum(['upcoming', 'due', 'overdue', 'given']),
    rung: rungSchema.nullable(),
    given: z
      .object({ by: z.string(), at: z.string(), comment: z.string(), strengths: z.string(), weaknesses: z.string(), rating: reviewRatingSchema, ratingLabel: bilingualTextSchema.optional() })
      .optional(),
  })
  .openapi('PointReview');

export const unitCampaignViewSchema = z
  .object({
    campaignId: z.string(),
    unitId: z.string(),
    unitType: z.string(),
    theme: bilingualTextSchema.nullable(),
    status: z.enum(['waiting', 'running', 'completed']),
    phase: z
      .object({ id: z.string(), name: bilingualTextSchema, index: z.number(), startsAt: z.string(), endsAt: z.string().nullable() })
      .nullable(),
    tasks: z.array(taskViewSchema),
    overdue: z.array(z.string()),
    reviews: z.array(reviewViewSchema),
    rung: rungSchema.nullable(),
    light: lightSchema,
    lightLabel: bilingualTextSchema,
    milestoneDates: z.record(z.string(), z.string()),
    amendmentRevision: z.number(),
    asOf: z.string(),
  })
  .openapi('UnitCampaign');

const evidenceSchema = z.strictObject({
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .min(1, 'describe what was done (1 to 10,000 characters)')
    .max(10_000, 'must be at most 10,000 characters; link longer documents instead'),
  links: z
    .array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
    .max(20, 'at most 20 links')
    .default([]),
});

export const submitTaskBody = z.strictObject({ evidence: evidenceSchema }).openapi('SubmitTask');

export const approveTaskBody = z
  .strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').optional() })
  .openapi('ApproveTask');

export const rejectTaskBody = z
  .strictObject({ reason: nonEmptyText(2000, 'give a reason the unit can act on') })
  .openapi('RejectTask');

export const deadlineReplySchema = z.union([
  z.object({ scope: z.literal('campaign'), amendments: amendmentsSchema }),
  z.object({ scope: z.literal('unit'), unitId: z.string(), task: taskViewSchema }),
]);

// ------------------------------------------------------------------ ledger

const KIND_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

/** `kind=a&kind=b`, `kind=a,b` or a mix. */
const kindListSchema = z.preprocess(
  (value) => {
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
  },
  z.array(z.string().regex(KIND_PATTERN, 'must be an event kind such as task.submitted')).max(50, 'at most 50 kinds').optional(),
);

const wholeNumber = (min: number, max?: number) => {
  let schema = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, `must be at least ${min}`);
  if (max !== undefined) schema = schema.max(max, `must be at most ${max}`);
  return schema;
};

export const ledgerQuery = z
  .object({
    unitId: unitIdSchema.optional(),
    kind: kindListSchema.openapi({ description: 'Repeat it (kind=a&kind=b) or give a comma list (kind=a,b).', param: { style: 'form', explode: true } }),
    from: instantSchema.optional().openapi({ description: 'Entries that occurred at or after this instant.' }),
    to: instantSchema.optional().openapi({ description: 'Entries that occurred before this instant.' }),
    afterSeq: wholeNumber(0).optional().openapi({ description: 'Continue after this sequence number (nextAfterSeq of the previous page).' }),
    limit: wholeNumber(1, 1000).default(100),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from >= query.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after "from"' });
  });

export const ledgerEntrySchema = z
  .object({
    campaignId: z.string(),
    seq: z.number(),
    key: z.string(),
    unitId: z.string().nullable(),
    kind: z.string(),
    actor: z.string(),
    payload: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
    recordedAt: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('LedgerEntry');

export const ledgerPageSchema = z.object({
  entries: z.array(ledgerEntrySchema),
  nextAfterSeq: z.number().nullable().openapi({ description: 'Pass as afterSeq for the next page; null on the last page.' }),
});

export const chainVerificationSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }),
    brokenAt: z.object({ seq: z.number(), reason: z.string() }).optional(),
  })
  .openapi('ChainVerification');

// ------------------------------------------------------------------ units

export const unitParams = z.object({ id: unitIdSchema });

export const subtreeQuery = z.object({
  afterId: unitIdSchema.optional().openapi({ description: 'Continue after this unit (nextAfterId of the previous page).' }),
  limit: wholeNumber(1, 1000).default(100),
});

export const unitRecordSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    type: z.string(),
    secretary: z.object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() }),
    path: z.string(),
    depth: z.number(),
    supervisors: z.array(z.string()),
  })
  .openapi('Unit');

export const subtreePageSchema = z.object({ units: z.array(unitRecordSchema), nextAfterId: z.string().nullable() });

const unitImportRow = domainDocument('UnitRow', 'One unit: id, parentId (null for a root), Chinese name, type, secretary, supervisors.');

export const unitImportBody = z.union([z.array(unitImportRow), z.object({ units: z.array(unitImportRow) })]);
export const unitImportCsvBody = z
  .string()
  .openapi({ description: 'CSV with the header id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors (supervisors separated by ";").' });

export const importReplySchema = z.object({ units: z.number(), supervisors: z.number() });

// ------------------------------------------------------------------ health

export const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), temporal: z.enum(['up', 'down']), postgres: z.enum(['up', 'down']) })
  .openapi('Health');
