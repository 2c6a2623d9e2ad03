/** Reads of a commendation round (評選表彰): a level's units, and a candidate's place and facts. Read-only, so retries are harmless. */
import type { Storage } from '../adapters/storage';
import type { CandidateLookup } from '../adapters/storage/commendations';

export function createCommendationActivities(deps: { storage: Storage }) {
  const { commendations } = deps.storage;
  return {
    async commendationLevelUnits(input: { campaignId: string; depth: number }): Promise<Array<{ unitId: string; path: string }>> {
      return commendations.levelUnits(input.campaignId, input.depth);
    },
    async lookupCommendationCandidate(input: { campaignId: string; recommendingUnitId: string; subject: { kind: 'unit'; unitId: string } | { kind: 'member'; memberId: string } }): Promise<CandidateLookup> {
      return commendations.lookupCandidate(input.campaignId, input.recommendingUnitId, input.subject);
    },
  };
}
