/** The zod schema of the plan's late-start settings (./late-start.ts holds the rules, without zod). */
import { z } from 'zod';
import { lateStartPolicies, type LateStartSettings } from './late-start';

export const lateStartSchema = z
  .object({
    policy: z.enum(lateStartPolicies).default('grace'),
    /** Under `grace`: the new deadline is the start plus this many days. */
    graceDays: z.number().int().min(1).max(90).default(10),
    /** Whether grace counts working days (the holiday calendar applies) or calendar days. */
    workingDays: z.boolean().default(true),
  })
  .default({ policy: 'grace', graceDays: 10, workingDays: true }) satisfies z.ZodType<LateStartSettings>;
