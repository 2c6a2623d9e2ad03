/** Plan simulation (方案模擬): the request (a plan or template, and the tree and behaviour assumed) and the reply. */
import { simulationAssumptionsSchema } from '../../domain/simulation-input';
import { RUNGS, type Rung } from '../../domain/labels';
import { documentAs, z } from '../zod';
import { bilingualTextSchema, planDocumentSchema, startYearSchema, templateIdSchema } from './common.schemas';

export const simulatePlanBody = z
  .strictObject({
    template: templateIdSchema('Simulate a seed template (exactly one of template or plan).'),
    plan: planDocumentSchema.optional(),
    startYear: startYearSchema('Re-dates the plan so that its first phase starts in this year, as POST /campaigns does.'),
    assumptions: documentAs(simulationAssumptionsSchema, 'SimulationAssumptions').openapi({
      description:
        'The hypothetical tree (`units`: how many of each unit type; `unitsPerSupervisor`) and behaviour: shares on time, late by N days, never (at most 100 % together; on time takes the rest when left out), reviewers\' punctuality, and the share of point reviews that open a rectification.',
    }),
  })
  .superRefine((body, ctx) => {
    if ((body.template === undefined) === (body.plan === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'give exactly one of "template" (a template id) or "plan" (a plan document)' });
    }
  })
  .openapi('SimulatePlan');

export const simulateQuery = z.object({
  format: z
    .enum(['json', 'csv', 'svg'], { error: () => 'must be json, csv or svg' })
    .default('json')
    .openapi({ description: '`csv`: the weeks as a spreadsheet; `svg`: a chart of the notices per week; `json` (default): everything.' }),
});

const rungCounts = z.object(Object.fromEntries((Object.keys(RUNGS) as Rung[]).map((r) => [r, z.number()])) as Record<Rung, z.ZodNumber>);

const weekFields = {
  tasksDue: z.number(),
  reminders: z.number(),
  rungs: rungCounts,
  notices: z.object({ secretary: z.number(), supervisor: z.number(), office: z.number() }),
  catchUpDigests: z.number(),
  submissions: z.number(),
  approvals: z.object({ supervisor: z.number(), office: z.number() }),
  approvalReminders: z.number(),
  pointReviewsDue: z.number(),
  reviewChases: z.number(),
  rectificationsOpened: z.number(),
};

export const simulationResultSchema = z
  .object({
    startDate: z.string(),
    units: z.number(),
    supervisors: z.number(),
    phases: z.array(z.object({ id: z.string(), name: bilingualTextSchema, start: z.string(), end: z.string().nullable() })),
    tasks: z.array(
      z.object({
        taskId: z.string(),
        title: bilingualTextSchema,
        phaseId: z.string(),
        units: z.number(),
        planDueDate: z.string().nullable(),
        dueDate: z.string().nullable(),
        lateStart: z.enum(['grace', 'escalate', 'waive']).nullable(),
        dueOnNonWorkingDay: z.boolean(),
        reminders: z.array(z.string()),
        rungs: z.array(z.object({ rung: z.enum(Object.keys(RUNGS) as [Rung, ...Rung[]]), date: z.string() })),
      }),
    ),
    workingDayAdjustments: z.array(z.object({ what: z.string(), days: z.number(), calendarDate: z.string(), workingDate: z.string(), extraDays: z.number() })),
    weeks: z.array(z.object({ weekStart: z.string(), ...weekFields })),
    totals: z.object(weekFields),
    peak: z.object({ weekStart: z.string().nullable(), notices: z.number(), approvalsPerSupervisor: z.number() }),
    notes: z.array(bilingualTextSchema),
    calendarVersion: z.string().openapi({ description: 'the holiday calendar (節假日安排) working days were counted with' }),
  })
  .openapi('PlanSimulation');
