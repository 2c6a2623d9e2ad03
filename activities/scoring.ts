/**
 * Scoring rounds' I/O (量化考評; issue 13): the round's opening, each batch of
 * entries, and the close that computes every subject's score with the pure
 * rules of domain/scoring.ts. Each writes its ledger rows and its rows in one
 * transaction, keyed by what the event is (round, batch and place, subject),
 * so that a retry finds them and adds nothing.
 */
import { heartbeat } from '@temporalio/activity';
import type { Storage } from '../adapters/storage';
import { computeRound, type RecordedEntry } from '../domain/scoring';
import { CLASSIFICATION_GRADES } from '../domain/labels';
import { scoringKeys, type ScoreEntryInput, type ScoringRoundInput } from '../contracts';

type RoundFacts = Omit<ScoringRoundInput, 'carried' | 'openedBy'>;

/** Subjects written per transaction when a round closes. */
const CLOSE_CHUNK = 250;

const roundRow = (r: RoundFacts, status: 'open' | 'closed', scored: number | null) => ({
  campaignId: r.campaignId,
  roundId: r.roundId,
  schemeId: r.scheme.id,
  schemeVersion: r.scheme.version,
  subject: r.scheme.subject,
  year: r.year,
  classificationRound: r.classificationRound,
  subtreeRootId: r.subtreeRootId,
  status,
  closesAt: r.closesAt,
  scored,
});

export function createScoringActivities(deps: { storage: Storage }) {
  const { storage } = deps;

  async function unscoredUnitsOf(round: RoundFacts): Promise<string[]> {
    const root = await storage.units.get(round.subtreeRootId);
    if (!root) return [];
    const scored = new Set(await storage.scoring.unitsWithEntries(round.campaignId, round.roundId));
    return (await storage.campaignUnits.startedUnitIdsInSubtree(round.campaignId, root.path)).filter((id) => !scored.has(id));
  }
  return {
    /** scoring.round_opened and the round's row. */
    async openScoringRound(input: { round: RoundFacts; actor: string; occurredAt: string }): Promise<void> {
      const { round } = input;
      await storage.transaction(async (tx) => {
        await tx.ledger.append({
          key: scoringKeys.opened(round.campaignId, round.roundId),
          campaignId: round.campaignId,
          unitId: null,
          kind: 'scoring.round_opened',
          actor: input.actor,
          occurredAt: input.occurredAt,
          payload: {
            roundId: round.roundId,
            schemeId: round.scheme.id,
            schemeVersion: round.scheme.version,
            subject: round.scheme.subject,
            year: round.year,
            classificationRound: round.classificationRound,
            subtreeRootId: round.subtreeRootId,
            closesAt: round.closesAt,
            thresholds: round.thresholds,
          },
        });
        await tx.scoring.recordRound(roundRow(round, 'open', null));
      });
    },

    /** One score.entered row per entry, under its unit, and the entries' rows. */
    async recordScoreEntries(input: { campaignId: string; roundId: string; schemeId: string; schemeVersion: number; batch: number; actor: string; occurredAt: string; entries: ScoreEntryInput[] }): Promise<number> {
      const { campaignId, roundId, batch } = input;
      return storage.transaction(async (tx) => {
        const rows = input.entries.map((e, idx) => ({ ...e, idx, key: scoringKeys.entry(campaignId, e.unitId, roundId, batch, idx) }));
        // The batch's rows in one statement (the chain as if appended one by one).
        await tx.ledger.appendMany(
          rows.map((e) => ({
            key: e.key,
            campaignId,
            unitId: e.unitId,
            kind: 'score.entered',
            actor: input.actor,
            occurredAt: input.occurredAt,
            // Member ids only, never names.
            payload: { roundId, schemeId: input.schemeId, schemeVersion: input.schemeVersion, subjectType: e.subjectType, ...(e.memberId ? { memberId: e.memberId } : {}), itemId: e.itemId, value: e.value, batch },
          })),
        );
        await tx.scoring.insertEntries(
          campaignId,
          roundId,
          rows.map((e) => ({ batch, idx: e.idx, unitId: e.unitId, memberId: e.memberId ?? null, itemId: e.itemId, value: e.value, actor: input.actor, ledgerKey: e.key })),
        );
        return rows.length;
      });
    },

    /**
     * Computes every scored subject from the round's entries under the frozen
     * scheme: score.computed per subject (each item's points with the key of
     * the entry they come from), grade.proposed per unit, then
     * scoring.round_closed. Heartbeats per chunk of subjects; a retry skips what is there.
     */
    async closeScoringRound(input: { round: RoundFacts; actor: string; occurredAt: string }): Promise<number> {
      const { round } = input;
      const { campaignId, roundId, scheme } = round;
      const stored = await storage.scoring.listEntries(campaignId, roundId);
      const entries: RecordedEntry[] = stored.map((e) => ({ subjectType: e.memberId ? 'member' : 'unit', unitId: e.unitId, memberId: e.memberId, itemId: e.itemId, value: e.value, key: e.ledgerKey }));
      const results = computeRound(scheme, entries, round.thresholds);
      const common = { campaignId, actor: input.actor, occurredAt: input.occurredAt };
      // Subjects a chunk at a time: one transaction each, the ledger rows in one statement; heartbeats per chunk.
      for (let from = 0; from < results.length; from += CLOSE_CHUNK) {
        const chunk = results.slice(from, from + CLOSE_CHUNK);
        await storage.transaction(async (tx) => {
          const rows = chunk.flatMap(({ subject, score }) => {
            const memberId = subject.memberId ?? null;
            const figures = { roundId, schemeId: scheme.id, schemeVersion: scheme.version, subjectType: subject.subjectType, unitId: subject.unitId, ...(memberId ? { memberId } : {}), total: score.total, max: score.max, percent: score.percent, grade: score.grade };
            return [
              { ...common, key: scoringKeys.computed(campaignId, subject.unitId, roundId, memberId), unitId: subject.unitId, kind: 'score.computed', payload: { ...figures, items: score.items, missingItems: score.missingItems } },
              ...(score.grade
                ? [{
                    ...common,
                    key: scoringKeys.proposed(campaignId, subject.unitId, roundId),
                    unitId: subject.unitId,
                    kind: 'grade.proposed',
                    payload: { roundId, schemeId: scheme.id, schemeVersion: scheme.version, classificationRound: round.classificationRound, grade: score.grade, gradeLabel: CLASSIFICATION_GRADES[score.grade], percent: score.percent, thresholds: round.thresholds },
                  }]
                : []),
            ];
          });
          await tx.ledger.appendMany(rows);
          for (const { subject, score } of chunk) {
            await tx.scoring.recordResult(campaignId, { roundId, unitId: subject.unitId, memberId: subject.memberId ?? null, total: score.total, max: score.max, percent: score.percent, grade: score.grade, detail: { items: score.items, missingItems: score.missingItems } });
          }
        });
        heartbeat();
      }
      // Started units of the round's subtree with no entry at all: flagged in the results (unscored), counted here.
      const unscoredUnits = await unscoredUnitsOf(round);
      await storage.transaction(async (tx) => {
        await tx.ledger.append({ ...common, key: scoringKeys.closed(campaignId, roundId), unitId: null, kind: 'scoring.round_closed', payload: { roundId, schemeId: scheme.id, schemeVersion: scheme.version, scored: results.length, entries: entries.length, unscoredUnits: unscoredUnits.length } });
        await tx.scoring.recordRound(roundRow(round, 'closed', results.length));
      });
      return results.length;
    },
  };
}
