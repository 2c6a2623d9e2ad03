/**
 * Request and response shapes of the API: the one source of both the
 * validation and the OpenAPI document. Domain schemas (plan, unit rows, dates)
 * are reused as they are.
 */
import { endOfLocalDay, isValidLocalDate, startOfLocalDay } from '../domain/calendar';
import { LIGHTS, type Light } from '../domain/escalation';
import { CLASSIFICATION_GRADES, RUNGS, type ClassificationGrade, type Rung } from '../domain/labels';
import { NOTIFY_CHANNELS, RECIPIENT_ROLES } from '../domain/notifications';
import { REVIEW_RATINGS, type ReviewRating } from '../domain/reviews';
import { TEMPLATES, type TemplateId } from '../domain/templates';
import { planSchema } from '../domain/plan';
import { unitIdSchema, unitRowSchema } from '../domain/units';
import { z } from './zod';
import type { CampaignAmendments } from '../contracts';

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
  .object({
    revision: z.number(),
    milestoneDates: z.record(z.string(), z.string()),
    deadlineOverrides: z.record(z.string(), z.string()),
    calendarVersion: z.string().nullable().openapi({ description: 'the holiday calendar (節假日安排) working-day deadlines count with (GET /holiday-calendar); null: weekdays only' }),
  })
  .openapi('CampaignAmendments');

/** The amendments as replies show them: the calendar by its version, not the whole data set. */
export const amendmentsReply = ({ revision, milestoneDates, deadlineOverrides, holidays }: CampaignAmendments) => ({
  revision,
  milestoneDates,
  deadlineOverrides,
  calendarVersion: holidays?.version ?? null,
});

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

const grades = Object.keys(CLASSIFICATION_GRADES) as [ClassificationGrade, ...ClassificationGrade[]];
export const classificationGradeSchema = z
  .enum(grades, { error: () => `must be one of: ${grades.join(', ')} (${grades.map((g) => CLASSIFICATION_GRADES[g].zh).join('、')})` })
  .openapi({ description: 'advanced 先進, average 一般, lagging 後進 (三分類).' });

export const classificationViewSchema = z
  .object({
    round: z.string(),
    grade: classificationGradeSchema,
    gradeLabel: bilingualTextSchema,
    basis: z.string(),
    by: z.string(),
    at: z.string(),
  })
  .openapi('Classification');

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
    classifications: z.array(classificationViewSchema),
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
    parentId: z.string().nullable().openapi({ description: 'null for a root, and for the top unit a supervisor or unit user may see (its parent is not theirs)' }),
    name: z.string(),
    type: z.string(),
    secretary: z
      .object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() })
      .openapi({ description: "The secretary (書記) and their contact details: shown only to the office, the unit's supervisors and the unit itself." }),
    path: z.string().openapi({ description: 'the ids from the top unit the caller may see down to this one, e.g. /committee/committee-b1/' }),
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

// ------------------------------------------------------------------ follow-up: extensions, reviews, rectifications, supervision

/** A local date that is today or later (Asia/Shanghai). */
const todayOrLater = localDateParamSchema.refine((date) => !isValidLocalDate(date) || endOfLocalDay(date) >= Date.now(), {
  message: 'must be today or later (Asia/Shanghai)',
});

export const extensionRequestBody = z
  .strictObject({
    proposedDate: localDateParamSchema.openapi({ description: 'The new deadline asked for: after the current one.' }),
    reason: nonEmptyText(2000, 'say why more time is needed; the ledger records it'),
  })
  .openapi('ExtensionRequest');

export const extensionDecisionBody = z
  .strictObject({
    grant: z.boolean({ error: (issue) => (issue.input === undefined ? 'is required: true grants, false refuses' : 'must be true or false') }),
    date: todayOrLater.optional().openapi({ description: 'When granting: the new deadline; the date the unit proposed when absent.' }),
    reason: z.string().trim().max(2000, 'must be at most 2,000 characters').optional().openapi({ description: 'Required when refusing.' }),
  })
  .superRefine((body, ctx) => {
    if (!body.grant && !body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal needs a reason the unit can act on' });
    if (!body.grant && body.date !== undefined) ctx.addIssue({ code: 'custom', path: ['date'], message: 'only a grant sets a new date' });
  })
  .openapi('ExtensionDecision');

export const rectificationSources = ['point_review', 'spot_check', 'visit', 'hearing', 'classification', 'other'] as const;
export const rectificationSourceSchema = z.enum(rectificationSources, { error: () => `must be one of: ${rectificationSources.join(', ')}` });

const rectificationDraft = z.strictObject({
  description: nonEmptyText(4000, 'say what must be rectified'),
  dueDate: todayOrLater.optional().openapi({ description: "Default: today plus the plan's rectification.defaultDays." }),
});

export const pointReviewBody = z
  .strictObject({
    periodId: z.string().trim().min(1).max(200).optional().openapi({ description: 'The period reviewed; default the earliest started period not yet reviewed. Send it to make a retry safe: the same review for the same period is then answered with the first.', example: 'mobilization/2025-07-01' }),
    comment: nonEmptyText(4000, 'write the review (點評)'),
    strengths: nonEmptyText(4000, 'say what is good'),
    weaknesses: nonEmptyText(4000, 'say what is lacking'),
    rating: reviewRatingSchema,
    rectifications: z.array(rectificationDraft).max(20, 'at most 20 rectifications per review').default([]).openapi({ description: 'Each is opened as a rectification item (整改) with source point_review.' }),
  })
  .openapi('GivePointReview');

export const rectificationStatuses = ['open', 'reported', 'sent_back', 'verified'] as const;

export const rectificationViewSchema = z
  .object({
    campaignId: z.string(),
    unitId: z.string(),
    itemId: z.string(),
    description: z.string(),
    source: rectificationSourceSchema,
    openedBy: z.string(),
    dueDate: z.string(),
    status: z.enum(rectificationStatuses),
    statusLabel: bilingualTextSchema,
    rung: rungSchema.nullable(),
    light: lightSchema,
    listedUnderSupervision: z.boolean().openapi({ description: '掛牌督辦: still open when the plan\'s phase ended.' }),
    reports: z.number(),
    sendBacks: z.number(),
    lastReport: z.object({ by: z.string(), at: z.string(), evidence: z.object({ text: z.string(), links: z.array(z.string()) }) }).optional(),
    lastSendBack: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
    verification: z.object({ by: z.string(), at: z.string(), comment: z.string().optional() }).optional(),
    archived: z.literal(true).optional().openapi({ description: 'Lists only: the workflow is past retention; the status is the last one recorded, the ledger has the history.' }),
  })
  .openapi('Rectification');

export const pointReviewReplySchema = z.object({ review: reviewViewSchema, rectifications: z.array(rectificationViewSchema) });

export const classifyUnitBody = z
  .strictObject({
    round: z
      .string()
      .regex(/^[0-9a-z][0-9a-z_-]{0,39}$/, 'a round is 1 to 40 lower-case letters, digits, "-" or "_", for example 2011')
      .openapi({ description: 'The classification round, usually the year assessed.', example: '2011' }),
    grade: classificationGradeSchema,
    basis: nonEmptyText(4000, 'say what the grade rests on (scores, 民主測評, the assessment)'),
    rectification: rectificationDraft
      .partial({ description: true })
      .optional()
      .openapi({ description: 'Lagging units only: the rectification item (整頓轉化後進) opened with the grade; its description defaults to one built from the basis.' }),
  })
  .openapi('ClassifyUnit');

export const classifyUnitReplySchema = z.object({
  classification: classificationViewSchema,
  rectification: rectificationViewSchema.nullable().openapi({ description: 'The item opened for a lagging unit (id lagging-<round>), or null.' }),
});

export const openRectificationBody = z
  .strictObject({
    itemId: slugSchema.optional().openapi({ description: 'Your id for the item, to retry safely: a second open with the same id is 409. A new short id when absent.' }),
    description: nonEmptyText(4000, 'say what must be rectified'),
    dueDate: todayOrLater.optional().openapi({ description: "Default: today plus the plan's rectification.defaultDays." }),
    source: rectificationSourceSchema.default('other'),
  })
  .openapi('OpenRectification');

export const rectificationParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema, itemId: slugSchema });
export const rectificationListSchema = z.object({ items: z.array(rectificationViewSchema) });
export const reportRectificationBody = z.strictObject({ evidence: evidenceSchema }).openapi('ReportRectification');
export const verifyRectificationBody = z
  .strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').optional() })
  .openapi('VerifyRectification');
export const sendBackRectificationBody = z
  .strictObject({ reason: nonEmptyText(2000, 'say what is still lacking, so the unit can fix it') })
  .openapi('SendBackRectification');

export const supervisionKinds = ['spot_check', 'open_visit', 'unannounced_visit', 'hearing', 'forum'] as const;

export const supervisionEventBody = z
  .strictObject({
    eventId: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"')
      .optional()
      .openapi({ description: 'Makes a retried request the same event (recorded once); a random UUID when absent.' }),
    kind: z.enum(supervisionKinds, { error: () => `must be one of: ${supervisionKinds.join(', ')}` }),
    unitIds: z.array(unitIdSchema).min(1, 'name at least one unit').max(10_000, 'name at most 10,000 units, or give subtreeRootId').optional(),
    subtreeRootId: unitIdSchema.optional().openapi({ description: 'The started units of this subtree (its root included).' }),
    findings: nonEmptyText(10_000, 'record the findings'),
    sampleSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10,000').optional(),
    seed: z.string().trim().min(1).max(200).optional().openapi({ description: 'Spot checks: the seed of an earlier draw, to repeat it.' }),
    rectifications: z
      .array(z.strictObject({ unitId: unitIdSchema, description: nonEmptyText(4000, 'say what must be rectified'), dueDate: todayOrLater.optional() }))
      .max(200, 'at most 200 rectifications per event')
      .default([]),
  })
  .superRefine((body, ctx) => {
    if (body.unitIds !== undefined && body.subtreeRootId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subtreeRootId'], message: 'give "unitIds" or "subtreeRootId", not both' });
    }
    if (body.kind === 'spot_check') {
      if (body.sampleSize === undefined) ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'a spot check (隨機抽查) needs a sampleSize' });
    } else {
      if (body.unitIds === undefined && body.subtreeRootId === undefined) {
        ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'name the units the event concerns: "unitIds" or "subtreeRootId"' });
      }
      if (body.sampleSize !== undefined) ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'only a spot check draws a sample' });
      if (body.seed !== undefined) ctx.addIssue({ code: 'custom', path: ['seed'], message: 'only a spot check has a seed' });
    }
  })
  .openapi('SupervisionEvent');

export const supervisionReplySchema = z.object({
  event: z
    .object({
      eventId: z.string(),
      kind: z.enum(supervisionKinds),
      kindLabel: bilingualTextSchema,
      seed: z.string().nullable().openapi({ description: 'Spot checks: the seed recorded in the ledger; the same seed over the same population draws the same units.' }),
      unitIds: z.array(z.string()).openapi({ description: 'The units concerned: for a spot check, the sample drawn.' }),
      populationSize: z.number(),
      findings: z.string(),
    })
    .openapi('SupervisionRecord'),
  rectifications: z.array(rectificationViewSchema),
  notOpened: z
    .array(z.object({ unitId: z.string(), description: z.string(), reason: z.string() }))
    .openapi({ description: 'Spot checks: rectifications for units the draw did not pick.' }),
});

// ------------------------------------------------------------------ the overdue dashboard and a person's duties

export const overdueQuery = z.object({
  subtreeRootId: unitIdSchema.optional().openapi({ description: 'The subtree to read (required for a supervisor); the whole campaign when absent.' }),
  light: z.enum(['yellow', 'red'], { error: () => 'must be yellow or red' }).optional(),
  rung: z.enum(rungs, { error: () => `must be one of: ${rungs.join(', ')}` }).optional(),
  afterUnitId: unitIdSchema.optional().openapi({ description: 'Continue after this unit (nextAfterUnitId of the previous page).' }),
  limit: wholeNumber(1, 500).default(50),
});

const overdueTaskSchema = z.object({
  taskId: z.string(),
  title: bilingualTextSchema.nullable(),
  status: z.string(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  rung: rungSchema.nullable(),
  rungLabel: bilingualTextSchema.nullable(),
  light: lightSchema,
  lightLabel: bilingualTextSchema,
});

export const overdueReplySchema = z
  .object({
    campaignId: z.string(),
    subtreeRootId: z.string().nullable(),
    counts: z.object({
      units: z.number().openapi({ description: 'Units of the scope in the read model.' }),
      overdueUnits: z.number(),
      byLight: z.array(z.object({ light: lightSchema, label: bilingualTextSchema, units: z.number() })),
      byRung: z.array(z.object({ rung: rungSchema.nullable(), label: bilingualTextSchema, units: z.number() })),
    }),
    units: z.array(
      z.object({
        unitId: z.string(),
        name: z.string(),
        phaseId: z.string().nullable(),
        rung: rungSchema.nullable(),
        rungLabel: bilingualTextSchema.nullable(),
        light: lightSchema,
        lightLabel: bilingualTextSchema,
        overdueCount: z.number(),
        tasks: z.array(overdueTaskSchema).openapi({ description: 'The tasks overdue or not green.' }),
      }),
    ),
    nextAfterUnitId: z.string().nullable().openapi({ description: 'Pass as afterUnitId for the next page; null on the last page.' }),
  })
  .openapi('OverdueDashboard');

export const dutiesQuery = z.object({
  campaignId: campaignIdSchema.optional().openapi({ description: 'One campaign; every campaign when absent.' }),
  limit: wholeNumber(1, 500).default(100),
});

export const dutyKinds = [
  'submit_task',
  'resubmit_task',
  'report_rectification',
  'awaiting_extension_decision',
  'approve_task',
  'give_review',
  'verify_rectification',
  'decide_extension',
] as const;
export type DutyKind = (typeof dutyKinds)[number];

export const dutySchema = z
  .object({
    kind: z.enum(dutyKinds),
    kindLabel: bilingualTextSchema,
    campaignId: z.string(),
    unitId: z.string(),
    unitName: z.string().nullable(),
    title: bilingualTextSchema,
    dueDate: z.string().nullable().openapi({ description: 'By when (Asia/Shanghai); duties are sorted by it.' }),
    overdue: z.boolean(),
    rung: rungSchema.nullable(),
    rungLabel: bilingualTextSchema.nullable(),
    taskId: z.string().optional(),
    periodId: z.string().optional(),
    itemId: z.string().optional(),
    action: z.string().openapi({ description: 'The API call that does it.', example: 'POST /campaigns/c/units/u/tasks/t/submit' }),
  })
  .openapi('Duty');

export const dutiesReplySchema = z.object({
  userId: z.string(),
  role: z.enum(['admin', 'supervisor', 'unit']),
  asOf: z.string(),
  duties: z.array(dutySchema),
  totals: z.record(z.string(), z.number()).openapi({ description: 'Duties by kind, before the limit.' }),
  truncated: z.boolean().openapi({ description: 'More duties exist than are listed (see totals); narrow with campaignId.' }),
});

// ------------------------------------------------------------------ holiday calendar

const holidayDateSchema = localDateParamSchema;

export const holidayYearParams = z.object({
  year: z.coerce.number({ error: 'must be a year' }).int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
});

export const holidayYearBody = z
  .strictObject({
    year: z.number().int().optional().openapi({ description: 'If given, must equal the year in the path.' }),
    holidays: z.array(
      z.strictObject({
        name: bilingualTextSchema,
        days: z.array(holidayDateSchema).min(1, 'a holiday has at least one day'),
      }),
    ),
    workingWeekends: z.array(holidayDateSchema).openapi({ description: 'Saturdays and Sundays worked instead (調休上班).' }),
    sources: z
      .array(z.strictObject({ title: z.string().min(1), documentNumber: z.string().min(1).optional(), issued: holidayDateSchema, url: z.url().optional() }))
      .optional(),
    reason: z.string().trim().min(1).max(2000).optional().openapi({ description: 'Recorded in every campaign ledger; a default names the year.' }),
  })
  .openapi('HolidayYear');

export const holidayCalendarSchema = z
  .object({
    version: z.string().openapi({ example: '2026-11-23.1' }),
    source: z.string(),
    shippedVersion: z.string(),
    officeYears: z.array(z.number()).openapi({ description: 'Years the campaign office added or corrected.' }),
    years: z.record(z.string(), z.unknown()),
  })
  .openapi('HolidayCalendar');

export const holidayYearReplySchema = z.object({
  version: z.string(),
  previousVersion: z.string(),
  changed: z.boolean(),
  year: z.number(),
  campaigns: z.object({
    total: z.number(),
    updated: z.number().openapi({ description: 'Running campaigns moved to the new calendar: their working-day deadlines are recomputed.' }),
    alreadyCurrent: z.number(),
    notRunning: z.number(),
    failed: z.array(z.object({ campaignId: z.string(), message: z.string() })),
  }),
});

// ------------------------------------------------------------------ notification routes

export const notificationRouteBody = z
  .strictObject({
    role: z.enum(RECIPIENT_ROLES, { error: () => `must be one of: ${RECIPIENT_ROLES.join(', ')}` }),
    unitId: unitIdSchema.nullable().optional().openapi({ description: "Messages about this unit only (overrides the role's route); every unit when absent." }),
    channel: z.enum(NOTIFY_CHANNELS, { error: () => `must be one of: ${NOTIFY_CHANNELS.join(', ')}` }),
    address: z.string().trim().min(1).max(2000).nullable().optional().openapi({ description: "smtp: an email address; webhook: an http(s) URL; null: the channel's default address." }),
  })
  .superRefine((body, ctx) => {
    if (!body.address) return;
    if (body.channel === 'console') ctx.addIssue({ code: 'custom', path: ['address'], message: 'the console channel takes no address' });
    if (body.channel === 'smtp' && !z.email().safeParse(body.address).success) ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an email address' });
    if (body.channel === 'webhook' && !z.url({ protocol: /^https?$/ }).safeParse(body.address).success) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an http(s) URL' });
    }
  })
  .openapi('NotificationRoute');

export const notificationRouteQuery = z.object({
  role: z.enum(RECIPIENT_ROLES, { error: () => `must be one of: ${RECIPIENT_ROLES.join(', ')}` }),
  unitId: unitIdSchema.optional(),
});

export const notificationRouteSchema = z.object({
  role: z.enum(RECIPIENT_ROLES),
  roleLabel: bilingualTextSchema,
  unitId: z.string().nullable(),
  channel: z.enum(NOTIFY_CHANNELS),
  address: z.string().nullable(),
});
export const notificationRoutesSchema = z.object({ routes: z.array(notificationRouteSchema) });
