/** The overdue dashboard. */
import type { Rung } from '../../domain/labels';
import { RUNGS } from '../../domain/labels';
import { z } from '../zod';
import { unitTypeSchema } from '../../domain/labels-schema';
import { bilingualTextSchema, lightSchema, rungSchema, unitIdSchema, wholeNumber } from './common.schemas';

const rungs = Object.keys(RUNGS) as [Rung, ...Rung[]];

export const overdueQuery = z.object({
  subtreeRootId: unitIdSchema.optional().openapi({ description: 'The subtree to read (required for a supervisor); the whole campaign when absent.' }),
  light: z.enum(['yellow', 'red'], { error: () => 'must be yellow or red' }).optional(),
  rung: z.enum(rungs, { error: () => `must be one of: ${rungs.join(', ')}` }).optional(),
  unitType: unitTypeSchema.optional().openapi({ description: 'Only units of this type (分類指導); narrows the list and the counts.' }),
  phaseId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional().openapi({ description: "Only units in this phase of the plan; narrows the list and the counts. A phase the plan does not have is 400." }),
  afterUnitId: unitIdSchema.optional().openapi({ description: 'Continue after this unit (nextAfterUnitId of the previous page).' }),
  limit: wholeNumber(1, 500).default(50),
  format: z
    .enum(['json', 'xlsx'], { error: () => 'must be json or xlsx' })
    .default('json')
    .openapi({ description: '`xlsx`: the whole board in scope (every page, no limit) as an Excel workbook: one row per unit and task needing attention, and the counts.' }),
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
        firstResponsible: z.string().nullable().openapi({ description: "第一責任人: the name of the person the unit's notices go to (the secretary unless another was named)." }),
        tasks: z.array(overdueTaskSchema).openapi({ description: 'The tasks overdue or not green.' }),
      }),
    ),
    nextAfterUnitId: z.string().nullable().openapi({ description: 'Pass as afterUnitId for the next page; null on the last page.' }),
  })
  .openapi('OverdueDashboard');
