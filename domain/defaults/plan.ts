/**
 * The plan with its defaults filled in, without zod (see ./tree.ts): what
 * `planSchema.parse` returns for a plan the API has already validated.
 */
import type { Plan } from '../plan';
import type { CommitmentsPlan } from '../plan-commitments';
import { COMMITMENTS_PLAN_DEFAULTS, PLAN_DEFAULTS } from './plan.generated';
import { applyDefaults } from './tree';

export const withPlanDefaults = (plan: unknown): Plan => applyDefaults(PLAN_DEFAULTS, plan) as Plan;

/** The commitment rules of a plan that sets none. */
export const defaultCommitmentsPlan = (): CommitmentsPlan => applyDefaults(COMMITMENTS_PLAN_DEFAULTS, {}) as CommitmentsPlan;
