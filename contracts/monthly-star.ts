/**
 * The monthly-star workflow (每月一星; issue 13; one per campaign): its input
 * and ledger keys. It opens each month's scoring round (a scoringRoundWorkflow
 * of the plan's monthly_star scheme) and reminds the units before it closes.
 */
import type { MonthlyStarCadence } from '../domain/monthly-star';

export interface MonthlyStarInput {
  campaignId: string;
  /** The subtree the rounds score (the root of the unit tree the campaign was started in). */
  subtreeRootId: string;
  schemeId: string;
  cadence: MonthlyStarCadence;
  /** Carried across continue-as-new: the last month whose round was opened (`YYYY-MM`). */
  lastMonth?: string | null;
}

export const monthlyStarKeys = {
  /** One per unit and month: its ledger row and its notice (each recipient's outbox row appends its own part). */
  reminded: (campaignId: string, unitId: string, roundId: string) => `${campaignId}/${unitId}/scoring/${roundId}/reminded`,
};
