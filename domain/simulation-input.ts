/**
 * What a plan simulation (方案模擬) assumes: a synthetic unit tree (how many
 * units of each type, how many units per supervisor) and how people behave
 * (the share of units on time, late by N days, never; how punctual the
 * approvers and point reviewers are). Splits the tree into cohorts that behave
 * alike, in whole units, so that every figure can be checked by hand.
 */
import { z } from 'zod';
import { localDateSchema } from './calendar-schema';
import type { UnitType } from './labels';
import { unitTypeSchema } from './labels-schema';

const percent = z.number().min(0, 'must be 0 or more').max(100, 'must be 100 or less');

export const simulationAssumptionsSchema = z
  .object({
    /** Units of each type in the hypothetical tree (分類指導 decides which tasks each gets). */
    units: z.partialRecord(unitTypeSchema, z.number().int('must be a whole number').min(0, 'must be 0 or more')),
    /** How many units one supervisor (上級黨組織負責人) looks after: divides the approval load per person. */
    unitsPerSupervisor: z.number().int().min(1).max(100_000).default(10),
    /** The day the units are started; the first phase's start when absent. A later day applies the plan's late-start policy. */
    startDate: localDateSchema.optional(),
    /** Dates for milestones the plan leaves to be set (黨的十八大), by milestone id. */
    milestoneDates: z.record(z.string(), localDateSchema).default({}),
    behaviour: z
      .object({
        /** Share submitting on the deadline day. The rest of 100 % when absent. */
        onTimePercent: percent.optional(),
        /** Shares submitting N days after the deadline. */
        late: z.array(z.object({ days: z.number().int().min(1).max(3650), percent })).max(20).default([]),
        /** Share never submitting: the whole ladder climbs. */
        neverPercent: percent.default(0),
      })
      .default({ late: [], neverPercent: 0 }),
    reviews: z
      .object({
        /** Share of approvers and point reviewers deciding in time (within the plan's approvalAfterDays, by a review's due date). */
        punctualPercent: percent.default(100),
        /** How many days the others take: after a submission, or after a point review's due date. */
        lateByDays: z.number().int().min(1).max(365).default(10),
        /** Share of point reviews that find problems and open a rectification item (整改). */
        findingsPercent: percent.default(0),
      })
      .default({ punctualPercent: 100, lateByDays: 10, findingsPercent: 0 }),
  })
  .superRefine((input, ctx) => {
    const total = Object.values(input.units).reduce((sum, n) => sum + (n ?? 0), 0);
    if (total === 0) ctx.addIssue({ code: 'custom', path: ['units'], message: 'give at least one unit, e.g. {"agency": 100}' });
    const { onTimePercent, late, neverPercent } = input.behaviour;
    const shares = (onTimePercent ?? 0) + late.reduce((sum, l) => sum + l.percent, 0) + neverPercent;
    if (shares > 100 + 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['behaviour'], message: `the shares add up to ${round2(shares)} %, more than 100 %; lower them` });
    } else if (onTimePercent !== undefined && shares < 100 - 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['behaviour', 'onTimePercent'], message: `the shares add up to ${round2(shares)} %; with onTimePercent given they must add up to 100 % (or leave it out to take the rest)` });
    }
    const days = late.map((l) => l.days);
    if (new Set(days).size !== days.length) ctx.addIssue({ code: 'custom', path: ['behaviour', 'late'], message: 'each number of days late may appear once' });
  });
export type SimulationAssumptions = z.output<typeof simulationAssumptionsSchema>;
export type SimulationAssumptionsInput = z.input<typeof simulationAssumptionsSchema>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** How a cohort submits: on the deadline day, N days late, or never. */
export type Submission = { kind: 'on_time' } | { kind: 'late'; days: number } | { kind: 'never' };

/** Units that behave alike. */
export interface Cohort {
  unitType: UnitType;
  units: number;
  submits: Submission;
  punctualReviews: boolean;
}

/**
 * Splits `total` by percentages into whole numbers that add up to `total`,
 * by largest remainder (ties to the earlier share).
 */
export function apportion(total: number, percents: readonly number[]): number[] {
  const exact = percents.map((p) => (total * p) / 100);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (percents[i] > 0) {
      counts[i] += 1;
      left -= 1;
    }
  }
  return counts;
}

export function totalUnits(input: Pick<SimulationAssumptions, 'units'>): number {
  return Object.values(input.units).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** The cohorts of the tree: by type, then by behaviour, then by the punctuality of their reviewers. */
export function cohortsOf(input: SimulationAssumptions): Cohort[] {
  const { late, neverPercent } = input.behaviour;
  const onTime = input.behaviour.onTimePercent ?? Math.max(0, 100 - late.reduce((s, l) => s + l.percent, 0) - neverPercent);
  const submissions: Array<{ submits: Submission; percent: number }> = [
    { submits: { kind: 'on_time' }, percent: onTime },
    ...late.map((l) => ({ submits: { kind: 'late', days: l.days } as Submission, percent: l.percent })),
    { submits: { kind: 'never' }, percent: neverPercent },
  ];
  const cohorts: Cohort[] = [];
  for (const [unitType, count] of Object.entries(input.units) as Array<[UnitType, number]>) {
    if (!count) continue;
    const byBehaviour = apportion(count, submissions.map((s) => s.percent));
    byBehaviour.forEach((units, i) => {
      if (units === 0) return;
      const [punctual, tardy] = apportion(units, [input.reviews.punctualPercent, 100 - input.reviews.punctualPercent]);
      if (punctual) cohorts.push({ unitType, units: punctual, submits: submissions[i].submits, punctualReviews: true });
      if (tardy) cohorts.push({ unitType, units: tardy, submits: submissions[i].submits, punctualReviews: false });
    });
  }
  return cohorts;
}
