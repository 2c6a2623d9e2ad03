/**
 * Schema pieces every route shares: the error reply, ids, dates, text limits,
 * paging numbers, the domain documents (plan, unit row) and the parameters
 * that name a campaign or a unit's campaign. Each route's own request and
 * reply schemas live beside it (`<route>.schemas.ts`) and reuse the workflow
 * contracts (contracts/) for what the workflows answer.
 */
import { bilingualTextSchema, classificationViewSchema, ineligibleDetailsSchema, lightSchema, rungSchema, startRequestSchema, taskViewSchema } from '../../contracts';
import { isValidLocalDate, endOfLocalDay, startOfLocalDay } from '../../domain/calendar';
import { planSchema } from '../../domain/plan';
import { unitIdSchema, unitRowSchema } from '../../domain/units';
import { memberRowSchema } from '../../domain/members';
import { TEMPLATES, type TemplateId } from '../../domain/templates';
import { documentAs, z } from '../zod';

// The contracts' schemas the document shows as components (clients know them by these names).
documentAs(bilingualTextSchema, 'Bilingual');
documentAs(taskViewSchema, 'Task');
documentAs(classificationViewSchema, 'Classification');
documentAs(startRequestSchema, 'StartRequest');

export { bilingualTextSchema, lightSchema, rungSchema, unitIdSchema };

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
    ineligible: ineligibleDetailsSchema
      .optional()
      .openapi({ description: 'A candidate refused for eligibility (評選條件): each failing rule with the ledger rows (seq, kind, key) that make it fail.' }),
  })
  .openapi('Error');

/** A campaign id: also part of workflow ids, so a narrow alphabet without ':'. */
export const campaignIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63), starting with a letter or digit')
  .openapi({ example: 'cxzy-2025' });

export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_"');

export const nonEmptyText = (max: number, required = 'is required') =>
  z.string({ error: (issue) => (issue.input === undefined ? required : 'must be text') }).trim().min(1, required).max(max, `must be at most ${max} characters`);

/** An optional comment of at most 2,000 characters. */
/** The caller's id for a request (a start's requestId, an event's eventId): the same id again is the same request. */
export const retryKey = (description: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"')
    .optional()
    .openapi({ description });

export const optionalComment = () => z.string().trim().max(2000, 'must be at most 2,000 characters').optional();

export const localDateParamSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date written YYYY-MM-DD') })
  .refine(isValidLocalDate, { message: 'must be a calendar date written YYYY-MM-DD' })
  .openapi({ example: '2025-07-01', description: 'A calendar date in Asia/Shanghai, YYYY-MM-DD.' });

/** A local date that is today or later (Asia/Shanghai). */
export const todayOrLater = localDateParamSchema.refine((date) => !isValidLocalDate(date) || endOfLocalDay(date) >= Date.now(), {
  message: 'must be today or later (Asia/Shanghai)',
});

/** An instant: a full ISO 8601 date-time with offset, or a date (the start of that day in Asia/Shanghai). */
export const instantSchema = z
  .string()
  .refine((value) => isValidLocalDate(value) || z.iso.datetime({ offset: true }).safeParse(value).success, {
    message: 'must be a date (YYYY-MM-DD, Asia/Shanghai) or an ISO 8601 date-time with offset',
  })
  .transform((value) => (isValidLocalDate(value) ? new Date(startOfLocalDay(value)).toISOString() : new Date(value).toISOString()))
  .openapi({ example: '2025-06-01' });

/** A whole number in a query string (paging limits, cursors). */
export const wholeNumber = (min: number, max?: number) => {
  let schema = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, `must be at least ${min}`);
  if (max !== undefined) schema = schema.max(max, `must be at most ${max}`);
  return schema;
};

/** Evidence of work done (a submission, a reported fix), as a request gives it. */
export const evidenceBodySchema = z.strictObject({
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .min(1, 'describe what was done (1 to 10,000 characters)')
    .max(10_000, 'must be at most 10,000 characters; link longer documents instead'),
  links: z
    .array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
    .max(20, 'at most 20 links')
    .default([]),
});

/**
 * Domain shapes validated by domain parsers (parsePlan, parseUnitsJson/Csv),
 * documented from the same zod schemas through zod's JSON Schema output.
 */
export const DOMAIN_COMPONENTS = { Plan: planSchema, UnitRow: unitRowSchema, MemberRow: memberRowSchema } as const;

/** An object checked by a domain parser, shown in the document as the named component. */
export const domainDocument = (name: keyof typeof DOMAIN_COMPONENTS, description: string) =>
  z.record(z.string(), z.unknown()).openapi({ description, allOf: [{ $ref: `#/components/schemas/${name}` }] });

export const planDocumentSchema = domainDocument(
  'Plan',
  'A campaign plan document (GET /templates/{id} gives complete examples): id, name, milestones, phases with windows and tasks, reminders, escalation ladder.',
);

export const campaignParams = z.object({ id: campaignIdSchema });
export const unitCampaignParams = z.object({ id: campaignIdSchema, unitId: unitIdSchema });

const templateIds = Object.keys(TEMPLATES) as [TemplateId, ...TemplateId[]];

/** A seed template's id (GET /templates), as a plan source beside an inline `plan`. */
export const templateIdSchema = (description: string) =>
  z
    .enum(templateIds, { error: () => `must be one of: ${templateIds.join(', ')} (GET /templates)` })
    .optional()
    .openapi({ description });

/** The year a plan is re-dated to start in (July 1 stays July 1). */
export const startYearSchema = (description: string) =>
  z.number().int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier').optional().openapi({ description });
