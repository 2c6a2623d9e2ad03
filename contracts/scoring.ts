/**
 * The scoring round workflow (量化考評; issue 13; one per campaign and round):
 * its input, view and messages. A round freezes the scheme version it opened
 * with; entries are checked against that version only.
 */
import type { EntryValue } from '../domain/scoring';
import { endOfLocalDay, type LocalDate } from '../domain/calendar';
import type { Plan } from '../domain/plan';
import { DEFAULT_GRADE_THRESHOLDS, type GradeThresholds, type ScoringScheme } from '../domain/plan-scoring';

export interface ScoringRoundInput {
  campaignId: string;
  roundId: string;
  /** The scheme, frozen at its version when the round opened. */
  scheme: ScoringScheme;
  thresholds: GradeThresholds;
  year: number;
  /** The classification round (三分類) whose grade this score proposes: usually the year. */
  classificationRound: string;
  subtreeRootId: string;
  /** When the round closes by itself if nobody closes it first (ISO instant). */
  closesAt: string;
  openedBy: string;
  /** Carried across continue-as-new: the entry batches counted so far. */
  carried?: { batches: number; entries: number };
}

export interface ScoreEntryInput {
  subjectType: 'unit' | 'member';
  unitId: string;
  memberId?: string | null;
  itemId: string;
  value: EntryValue;
}

export interface EnterScoresInput {
  actor: string;
  entries: ScoreEntryInput[];
}

export interface EnterScoresResult {
  roundId: string;
  /** The batch's number in the round: its entries' ledger keys carry it. */
  batch: number;
  accepted: number;
}

export type ScoringRoundStatus = 'open' | 'closing' | 'closed';

export interface ScoringRoundView {
  campaignId: string;
  roundId: string;
  schemeId: string;
  schemeVersion: number;
  subject: 'unit' | 'member';
  year: number;
  classificationRound: string;
  subtreeRootId: string;
  status: ScoringRoundStatus;
  closesAt: string;
  batches: number;
  entries: number;
  /** Subjects scored when the round closed; null while open. */
  scored: number | null;
}

/** Ledger keys of a round: campaign-level rows, and each subject's rows under its unit. */
export const scoringKeys = {
  schemeVersion: (campaignId: string, schemeId: string, version: number) => `${campaignId}/campaign/scoring/scheme/${schemeId}/version/${version}`,
  opened: (campaignId: string, roundId: string) => `${campaignId}/campaign/scoring/round/${roundId}/opened`,
  closed: (campaignId: string, roundId: string) => `${campaignId}/campaign/scoring/round/${roundId}/closed`,
  entry: (campaignId: string, unitId: string, roundId: string, batch: number, idx: number) => `${campaignId}/${unitId}/scoring/${roundId}/entry/${batch}/${idx}`,
  computed: (campaignId: string, unitId: string, roundId: string, memberId?: string | null) =>
    `${campaignId}/${unitId}/scoring/${roundId}/computed${memberId ? `/member/${memberId}` : ''}`,
  proposed: (campaignId: string, unitId: string, roundId: string) => `${campaignId}/${unitId}/scoring/${roundId}/proposed`,
};

/** The round's input under the plan: its thresholds, and the close at the end of the local day `closesOn` (Asia/Shanghai). */
export function scoringRoundInputFor(
  plan: Plan,
  scheme: ScoringScheme,
  round: { campaignId: string; roundId: string; year: number; classificationRound?: string; subtreeRootId: string; closesOn: LocalDate; openedBy: string },
): ScoringRoundInput {
  return {
    campaignId: round.campaignId,
    roundId: round.roundId,
    scheme,
    thresholds: plan.scoring?.gradeThresholds ?? DEFAULT_GRADE_THRESHOLDS,
    year: round.year,
    classificationRound: round.classificationRound ?? String(round.year),
    subtreeRootId: round.subtreeRootId,
    closesAt: new Date(endOfLocalDay(round.closesOn)).toISOString(),
    openedBy: round.openedBy,
  };
}
