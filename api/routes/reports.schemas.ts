/** The campaign summary report (系統總結): its query and its JSON shape. */
import { z } from '../zod';
import { bilingualTextSchema, slugSchema, unitIdSchema } from './common.schemas';

export const summaryReportQuery = z.object({
  subtreeRootId: unitIdSchema.optional().openapi({ description: 'The subtree to report on (required for a supervisor); the whole campaign when absent.' }),
  phaseId: slugSchema.optional().openapi({ description: 'One phase of the plan; all phases when absent.' }),
  format: z
    .enum(['json', 'html', 'xlsx', 'pdf'], { error: () => 'must be json, html, xlsx or pdf' })
    .default('json')
    .openapi({ description: '`html`: a self-contained printable page (no external assets, A4 print styles); `xlsx`: an Excel workbook, one sheet per section; `pdf`: an A4 PDF (503 when the server has no CJK font: REPORT_CJK_FONT).' }),
});

const counts = { assigned: z.number(), submitted: z.number(), approved: z.number(), onTime: z.number(), completionRate: z.number().nullable(), onTimeRate: z.number().nullable() };

export const summaryReportSchema = z
  .object({
    campaign: z.object({ id: z.string(), name: bilingualTextSchema }),
    scope: z.object({ subtreeRootId: z.string().nullable(), name: z.string().nullable() }),
    phase: z.object({ id: z.string(), name: bilingualTextSchema }).nullable(),
    generatedAt: z.string(),
    units: z.number(),
    tasks: z.array(z.object({ taskId: z.string(), title: bilingualTextSchema, phaseId: z.string(), ...counts })),
    totals: z.object({ taskId: z.string(), ...counts }),
    escalationsByRung: z.object({ reminder: z.number(), warning: z.number(), listed_supervision: z.number(), circulated_criticism: z.number(), accountability: z.number() }),
    rectifications: z.object({ opened: z.number(), verified: z.number() }),
    reviewsGiven: z.number(),
    supervision: z.object({ carriedOut: z.number(), unitsVisited: z.number(), poorEffortCriticisms: z.number() }),
    commendations: z.object({ commended: z.number(), praised: z.number() }),
    lateStarts: z.number(),
  })
  .openapi('SummaryReport');
