/** A person's duties (GET /me/duties). */
import { z } from '../zod';
import { bilingualTextSchema, campaignIdSchema, rungSchema, wholeNumber } from './common.schemas';

export const dutiesQuery = z.object({
  campaignId: campaignIdSchema.optional().openapi({ description: 'One campaign; every campaign when absent.' }),
  limit: wholeNumber(1, 500).default(100),
  format: z
    .enum(['json', 'xlsx'], { error: () => 'must be json or xlsx' })
    .default('json')
    .openapi({ description: '`xlsx`: the same duties (up to the limit) as an Excel workbook (待辦事項), one row per duty, with bilingual headers and due dates as dates.' }),
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
  'visit_contact_point',
  'record_scheduled_supervision',
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
    obligationId: z.string().optional().openapi({ description: 'A contact-point visit or scheduled supervision owed (GET /campaigns/:id/supervision-schedule).' }),
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
