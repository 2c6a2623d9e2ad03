/**
 * The campaign plan: the one document a campaign office writes (or takes from a
 * template) to define a staged campaign. Every workflow timer is derived from it
 * by the functions in `schedule.ts`.
 */
import { z } from 'zod';
import { localDateSchema } from './calendar-schema';
import type { UnitType } from './labels';
import { bilingualSchema, rungSchema, unitTypeSchema } from './labels-schema';
import { lateStartSchema } from './late-start-schema';
import { commitmentsPlanSchema } from './plan-commitments';
import { scoringPlanSchema } from './plan-scoring';
import { supervisionPlanFields, supervisionPlanIssues } from './plan-supervision';
import { commendationPlanIssues, commendationPlanSchema } from './plan-commendation';
import { parseOrThrow } from './validation';

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (at most 63)');

/** A milestone (重大節點): a fixed date, a date every year (七一), or one set later (黨的十八大). */
export const milestoneSchema = z.discriminatedUnion('kind', [
  z.object({ id: idSchema, name: bilingualSchema, kind: z.literal('fixed'), date: localDateSchema }),
  z.object({
    id: idSchema,
    name: bilingualSchema,
    kind: z.literal('yearly'),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  }),
  z.object({
    id: idSchema,
    name: bilingualSchema,
    kind: z.literal('to_be_set'),
    /** Optional initial estimate; the office sets or moves it while the campaign runs. */
    date: localDateSchema.optional(),
  }),
]);
export type Milestone = z.infer<typeof milestoneSchema>;

/** When a task is due. A deadline is the end of that local day (Asia/Shanghai). */
export const dueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: localDateSchema }),
  z.object({ kind: z.literal('phase_end') }),
  z.object({
    kind: z.literal('after_phase_start'),
    days: z.number().int().min(0),
    workingDays: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('milestone'),
    milestone: idSchema,
    /** Days relative to the milestone: -1 is the day before it ("before July 1"). */
    offsetDays: z.number().int().max(366).min(-366).default(-1),
    /** For a yearly milestone: which year's occurrence; default the first one inside the phase. */
    year: z.number().int().min(2000).max(2100).optional(),
  }),
]);
export type Due = z.infer<typeof dueSchema>;

export const taskSchema = z.object({
  id: idSchema,
  title: bilingualSchema,
  description: bilingualSchema.optional(),
  /** 規定動作 (required of every unit) or 自選動作 (the unit's own choice, tracked but optional). */
  required: z.boolean().default(true),
  submittedBy: z.literal('unit').default('unit'),
  approvedBy: z.enum(['supervisor', 'office']).default('supervisor'),
  due: dueSchema,
  evidence: z
    .object({
      required: z.boolean().default(true),
      description: bilingualSchema.optional(),
    })
    .default({ required: true }),
  /** Only these unit types get the task; every type when absent. */
  unitTypes: z.array(unitTypeSchema).min(1).optional(),
});
export type Task = z.infer<typeof taskSchema>;

const phaseEndSchema = z.union([
  localDateSchema,
  z.object({ milestone: idSchema, offsetDays: z.number().int().min(-366).max(366).default(-1) }),
]);

export const phaseSchema = z.object({
  id: idSchema,
  name: bilingualSchema,
  summary: bilingualSchema.optional(),
  window: z.object({
    start: localDateSchema,
    /** A date, or relative to a milestone ("before the Party Congress"). */
    end: phaseEndSchema,
  }),
  tasks: z.array(taskSchema).default([]),
});
export type Phase = z.infer<typeof phaseSchema>;

export const ladderRungSchema = z.object({
  rung: rungSchema,
  /** Delay after the deadline at which this rung is reached. */
  afterDays: z.number().int().min(0).max(3650),
  workingDays: z.boolean().default(false),
  notify: z.array(z.enum(['secretary', 'supervisor', 'office'])).min(1),
});
export type LadderRung = z.infer<typeof ladderRungSchema>;

/**
 * Default ladder from the seeds: a reminder on the day after, the yellow card
 * (seed 001) after a week, then listed supervision, circulated criticism and
 * accountability (seed 003's 限期整改 → 通報批評 → 問責).
 */
export const DEFAULT_LADDER: LadderRung[] = [
  { rung: 'reminder', afterDays: 1, workingDays: false, notify: ['secretary'] },
  { rung: 'warning', afterDays: 7, workingDays: false, notify: ['secretary'] },
  { rung: 'listed_supervision', afterDays: 14, workingDays: false, notify: ['secretary', 'supervisor'] },
  { rung: 'circulated_criticism', afterDays: 30, workingDays: false, notify: ['supervisor', 'office'] },
  { rung: 'accountability', afterDays: 60, workingDays: false, notify: ['office'] },
];

/** Seed 003: 限期整改; if the rectification does not reach the goal, 通報批評, then 問責. */
export const DEFAULT_RECTIFICATION_LADDER: LadderRung[] = [
  { rung: 'reminder', afterDays: 1, workingDays: false, notify: ['secretary'] },
  { rung: 'circulated_criticism', afterDays: 15, workingDays: false, notify: ['supervisor', 'office'] },
  { rung: 'accountability', afterDays: 30, workingDays: false, notify: ['office'] },
];

export const DEFAULT_REVIEW_LADDER: LadderRung[] = [
  { rung: 'reminder', afterDays: 1, workingDays: false, notify: ['supervisor'] },
  { rung: 'warning', afterDays: 7, workingDays: false, notify: ['supervisor'] },
  { rung: 'circulated_criticism', afterDays: 14, workingDays: false, notify: ['office'] },
];

export const pointReviewCadenceSchema = z.object({
  phase: idSchema,
  every: z.enum(['monthly', 'quarterly', 'once']),
});

export const planSchema = z
  .object({
    id: idSchema,
    name: bilingualSchema,
    source: z.string().optional(),
    timeZone: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
    milestones: z.array(milestoneSchema).default([]),
    phases: z.array(phaseSchema).min(1, 'a plan needs at least one phase'),
    reminders: z
      .object({
        /** Days before a deadline at which the unit's secretary is reminded. */
        daysBefore: z.array(z.number().int().min(1).max(365)).default([7, 1]),
        /** Days after a submission at which the approver who has not decided is reminded. */
        approvalAfterDays: z.number().int().min(1).max(90).default(5),
        /** Local hour (Asia/Shanghai) at which reminders and rungs go out. */
        atHour: z.number().int().min(0).max(23).default(9),
      })
      .default({ daysBefore: [7, 1], approvalAfterDays: 5, atHour: 9 }),
    escalation: z
      .object({
        ladder: z.array(ladderRungSchema).min(1),
        /** The ladder stops when the work is submitted, or only once it is approved. */
        stopsOn: z.enum(['submitted', 'approved']).default('submitted'),
      })
      .default({ ladder: DEFAULT_LADDER, stopsOn: 'submitted' }),
    pointReviews: z.array(pointReviewCadenceSchema).default([]),
    /** 整改: each item's own ladder after its deadline (限期整改 → 通報批評 → 問責). */
    rectification: z
      .object({
        ladder: z.array(ladderRungSchema).min(1).default(DEFAULT_RECTIFICATION_LADDER),
        /** Items still open when this phase ends are put under listed supervision (掛牌督辦). */
        listOpenItemsAtEndOf: idSchema.optional(),
        defaultDays: z.number().int().min(1).max(365).default(30),
      })
      .default({ ladder: DEFAULT_RECTIFICATION_LADDER, defaultDays: 30 }),
    /** Days a supervisor has to give a point review after its period ends, before being chased. */
    reviewGraceDays: z.number().int().min(1).max(90).default(10),
    /** 隨機抽查: a random sample of units at a cadence, during the given phases (all when absent). */
    spotChecks: z
      .object({
        every: z.enum(['monthly', 'quarterly']),
        sampleSize: z.number().int().min(1).max(10_000),
        phases: z.array(idSchema).optional(),
      })
      .optional(),
    /** How a late point review (點評) is chased, toward the campaign office. */
    reviewLadder: z.array(ladderRungSchema).min(1).default(DEFAULT_REVIEW_LADDER),
    /** 分類指導: the theme each unit type works under. */
    unitThemes: z.partialRecord(unitTypeSchema, bilingualSchema).default({}),
    /** 三分類三升級 yearly targets (seed 001), in percent. */
    classificationTargets: z
      .object({
        advancedUpgradePercent: z.number().min(0).max(100),
        averageUpgradePercent: z.number().min(0).max(100),
        laggingTransformedPercent: z.number().min(0).max(100),
      })
      .optional(),
    /** A task whose deadline passed before its unit started: grace (default), escalate, or waive. */
    lateStart: lateStartSchema,
    /** 公開承諾, 承諾踐諾 (issue 13): coverage target, reminders, ladder, listing, fulfilment rule. */
    commitments: commitmentsPlanSchema.optional(),
    /** 定性評價與量化考評相結合 (issue 13): versioned schemes, grade thresholds, 每月一星: domain/plan-scoring.ts. */
    scoring: scoringPlanSchema.optional(),
    /** Days of public notice (公示) before a commendation stands. */
    publicNoticeDays: z.number().int().min(1).max(60).default(7),
    /** 督促檢查, 聯繫點, themes by tag: domain/plan-supervision.ts. */
    ...supervisionPlanFields,
    /** 評選表彰 (issue 14): rounds of recommend → assess → approve → notice → commend, level by level. */
    commendation: commendationPlanSchema.optional(),
  })
  .superRefine((plan, ctx) => {
    const milestoneIds = new Set<string>();
    plan.milestones.forEach((m, i) => {
      if (milestoneIds.has(m.id)) ctx.addIssue({ code: 'custom', path: ['milestones', i, 'id'], message: `duplicate milestone id "${m.id}"` });
      milestoneIds.add(m.id);
    });
    const phaseIds = new Set<string>();
    const taskIds = new Set<string>();
    let previousEnd: string | undefined;
    plan.phases.forEach((phase, p) => {
      if (phaseIds.has(phase.id)) ctx.addIssue({ code: 'custom', path: ['phases', p, 'id'], message: `duplicate phase id "${phase.id}"` });
      phaseIds.add(phase.id);
      const end = phase.window.end;
      if (typeof end === 'string') {
        if (end < phase.window.start) ctx.addIssue({ code: 'custom', path: ['phases', p, 'window', 'end'], message: `ends (${end}) before it starts (${phase.window.start})` });
      } else if (!milestoneIds.has(end.milestone)) {
        ctx.addIssue({ code: 'custom', path: ['phases', p, 'window', 'end', 'milestone'], message: `unknown milestone "${end.milestone}"` });
      }
      if (previousEnd && phase.window.start <= previousEnd) {
        ctx.addIssue({ code: 'custom', path: ['phases', p, 'window', 'start'], message: `starts (${phase.window.start}) before the previous phase ends (${previousEnd})` });
      }
      if (typeof end !== 'string' && p < plan.phases.length - 1) {
        ctx.addIssue({ code: 'custom', path: ['phases', p, 'window', 'end'], message: 'only the last phase may end relative to a milestone' });
      }
      previousEnd = typeof end === 'string' ? end : undefined;
      phase.tasks.forEach((task, t) => {
        if (taskIds.has(task.id)) ctx.addIssue({ code: 'custom', path: ['phases', p, 'tasks', t, 'id'], message: `duplicate task id "${task.id}"` });
        taskIds.add(task.id);
        if (task.due.kind === 'milestone' && !milestoneIds.has(task.due.milestone)) {
          ctx.addIssue({ code: 'custom', path: ['phases', p, 'tasks', t, 'due', 'milestone'], message: `unknown milestone "${task.due.milestone}"` });
        }
        if (task.due.kind === 'date' && task.due.date < phase.window.start) {
          ctx.addIssue({ code: 'custom', path: ['phases', p, 'tasks', t, 'due', 'date'], message: `is before its phase starts (${phase.window.start})` });
        }
      });
    });
    if (plan.rectification.listOpenItemsAtEndOf && !phaseIds.has(plan.rectification.listOpenItemsAtEndOf)) {
      ctx.addIssue({ code: 'custom', path: ['rectification', 'listOpenItemsAtEndOf'], message: `unknown phase "${plan.rectification.listOpenItemsAtEndOf}"` });
    }
    if (plan.commitments?.listUnfulfilledAtEndOf && !phaseIds.has(plan.commitments.listUnfulfilledAtEndOf)) {
      ctx.addIssue({ code: 'custom', path: ['commitments', 'listUnfulfilledAtEndOf'], message: `unknown phase "${plan.commitments.listUnfulfilledAtEndOf}"` });
    }
    for (const issue of commendationPlanIssues(plan.commendation, plan.milestones, plan.publicNoticeDays)) ctx.addIssue({ code: 'custom', ...issue });
    plan.pointReviews.forEach((cadence, i) => {
      if (!phaseIds.has(cadence.phase)) ctx.addIssue({ code: 'custom', path: ['pointReviews', i, 'phase'], message: `unknown phase "${cadence.phase}"` });
    });
    for (const issue of supervisionPlanIssues(plan)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** A validated plan with every default filled in. */
export type Plan = z.output<typeof planSchema>;
/** What a campaign office writes: defaults may be left out. */
export type PlanInput = z.input<typeof planSchema>;

export function parsePlan(input: unknown): Plan {
  return parseOrThrow(planSchema, input, 'the campaign plan');
}

export function tasksForUnitType(plan: Plan, unitType: UnitType): Array<Task & { phaseId: string }> {
  return plan.phases.flatMap((phase) =>
    phase.tasks
      .filter((task) => !task.unitTypes || task.unitTypes.includes(unitType))
      .map((task) => ({ ...task, phaseId: phase.id })),
  );
}

/** The plan as one unit sees it: only the tasks of its type (分類指導). */
export function planForUnitType(plan: Plan, unitType: UnitType): Plan {
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({
      ...phase,
      tasks: phase.tasks.filter((task) => !task.unitTypes || task.unitTypes.includes(unitType)),
    })),
  };
}
