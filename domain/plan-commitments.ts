/**
 * The plan's public commitments (公開承諾, 承諾踐諾; issue 13): the coverage
 * target, reminders, the ladder when overdue, the phase at whose end an
 * unfulfilled commitment goes under listed supervision (掛牌督辦), and the
 * rule by which a commitment counts as kept.
 *
 * Pure: no I/O.
 */
import { z } from 'zod';
import { rungSchema } from './labels-schema';

/** A rung of the commitment's ladder: the same shape as the plan's ladderRungSchema (kept here, since plan.ts imports this file). */
const commitmentRungSchema = z.object({
  rung: rungSchema,
  afterDays: z.number().int().min(0).max(3650),
  workingDays: z.boolean().default(false),
  notify: z.array(z.enum(['secretary', 'supervisor', 'office'])).min(1),
});
type LadderRung = z.infer<typeof commitmentRungSchema>;

export const DEFAULT_COMMITMENT_LADDER: LadderRung[] = [
  { rung: 'reminder', afterDays: 1, workingDays: false, notify: ['secretary'] },
  { rung: 'warning', afterDays: 7, workingDays: false, notify: ['secretary', 'supervisor'] },
  { rung: 'circulated_criticism', afterDays: 30, workingDays: false, notify: ['secretary', 'supervisor', 'office'] },
];

export const commitmentsPlanSchema = z.object({
  /** Share of units and of members with at least one published commitment (seed 001: 公開承諾面達100%). */
  coverageTargetPercent: z.number().min(0).max(100).default(100),
  /** Days before a commitment's completion date at which its maker is reminded. */
  remindDaysBefore: z.array(z.number().int().min(1).max(365)).default([7]),
  /** The ladder after the completion date while no fulfilment is reported. */
  ladder: z.array(commitmentRungSchema).min(1).default(DEFAULT_COMMITMENT_LADDER),
  /** Commitments not fulfilled when this phase ends go under listed supervision (掛牌督辦, 跟蹤問效). */
  listUnfulfilledAtEndOf: z.string().optional(),
  /**
   * When a commitment counts as kept (commitment.fulfilled): its fulfilment
   * was reported, a leader reviewed it with at least this rating, and — when
   * `massesMustRate` — the masses rated it with at least this share of
   * satisfied plus basically satisfied answers.
   */
  fulfilment: z
    .object({
      minimumReviewRating: z.enum(['excellent', 'good', 'fair', 'poor']).default('fair'),
      massesMustRate: z.boolean().default(true),
      minimumSatisfiedPercent: z.number().min(0).max(100).default(60),
    })
    .default({ minimumReviewRating: 'fair', massesMustRate: true, minimumSatisfiedPercent: 60 }),
});
export type CommitmentsPlan = z.output<typeof commitmentsPlanSchema>;
export type CommitmentsPlanInput = z.input<typeof commitmentsPlanSchema>;
