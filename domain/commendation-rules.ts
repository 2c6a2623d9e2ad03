/**
 * The eligibility rules that apply to one category of a commendation round.
 * Kept apart from plan-commendation.ts (the zod schemas) so that the level
 * workflow can use it without bundling zod (see test/unit/workflow-bundle.test.ts).
 */
import type { CommendationRound, EligibilityRules } from './plan-commendation';

/** The rules for a category of a round: the round's, with the category's own over them. */
export function eligibilityRulesFor(round: Pick<CommendationRound, 'eligibility' | 'categories'>, categoryId: string): EligibilityRules {
  const own = round.categories.find((c) => c.id === categoryId)?.eligibility ?? {};
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return { ...round.eligibility, ...defined };
}
