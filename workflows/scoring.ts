/**
 * One scoring round (量化考評; issue 13): opened with a scheme frozen at its
 * version, it takes batches of entries (each checked against its item's scale)
 * until it is closed by the office or its closing time passes; then every
 * scored subject's total is computed by domain/scoring.ts, and each unit's
 * grade proposed from the plan's thresholds (三分類). A later version of the
 * scheme never touches a round opened before it: the round carries its own.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ErrorType } from '../domain/errors';
import { entryProblem } from '../domain/scoring';
import type { ScoringRoundInput, ScoringRoundStatus, ScoringRoundView } from '../contracts';
import { closeScoringRoundUpdate, enterScoresUpdate, scoringRoundQuery } from '../contracts/workflow-handles';
import { BATCH, QUICK } from './activity-options';
import { workflowNow, workflowNowIso } from './clock';
import { refuse } from './refuse';

const { openScoringRound, recordScoreEntries } = proxyActivities<Activities>(QUICK);
const { closeScoringRound } = proxyActivities<Activities>(BATCH);

/** Entries per update: enough for a branch's whole sheet, few enough for one transaction. */
export const MAX_ENTRIES_PER_BATCH = 2000;

/** @see ScoringRoundInput; the workflow id is `scoringRoundWorkflowId(campaignId, roundId)`. */
export async function scoringRoundWorkflow(input: ScoringRoundInput): Promise<ScoringRoundView> {
  const { carried, openedBy, ...round } = input;
  const { scheme } = round;
  let status: ScoringRoundStatus = 'open';
  let batches = carried?.batches ?? 0;
  let entries = carried?.entries ?? 0;
  let inFlight = 0;
  let scored: number | null = null;
  let closedBy: string | null = null;

  const view = (): ScoringRoundView => ({
    campaignId: round.campaignId,
    roundId: round.roundId,
    schemeId: scheme.id,
    schemeVersion: scheme.version,
    subject: scheme.subject,
    year: round.year,
    classificationRound: round.classificationRound,
    subtreeRootId: round.subtreeRootId,
    status,
    closesAt: round.closesAt,
    batches,
    entries,
    scored,
  });

  setHandler(scoringRoundQuery, view);
  setHandler(
    enterScoresUpdate,
    async ({ actor, entries: batchEntries }) => {
      // Numbered before the first await: the number is the batch's identity in its ledger keys.
      const batch = ++batches;
      inFlight += 1;
      try {
        await recordScoreEntries({ campaignId: round.campaignId, roundId: round.roundId, schemeId: scheme.id, schemeVersion: scheme.version, batch, actor, occurredAt: workflowNowIso(), entries: batchEntries });
        entries += batchEntries.length;
        return { roundId: round.roundId, batch, accepted: batchEntries.length };
      } finally {
        inFlight -= 1;
      }
    },
    {
      validator: ({ entries: batchEntries }) => {
        if (status !== 'open') refuse(ErrorType.InvalidTransition, `scoring round "${round.roundId}" is ${status}; it takes no more entries (open a new round to score again)`);
        if (!Array.isArray(batchEntries) || batchEntries.length === 0) refuse(ErrorType.InvalidInput, 'give at least one entry');
        if (batchEntries.length > MAX_ENTRIES_PER_BATCH) refuse(ErrorType.InvalidInput, `at most ${MAX_ENTRIES_PER_BATCH} entries per request; send the rest in another`);
        batchEntries.forEach((e, i) => {
          const problem = entryProblem(scheme, e);
          if (problem) refuse(ErrorType.InvalidInput, `entries[${i}]: ${problem}`);
        });
      },
    },
  );
  setHandler(
    closeScoringRoundUpdate,
    async ({ actor }) => {
      closedBy ??= actor;
      await condition(() => status === 'closed');
      return view();
    },
    {
      validator: (_request: { actor: string }) => {
        if (status === 'closed') refuse(ErrorType.InvalidTransition, `scoring round "${round.roundId}" is already closed; its results are final`);
      },
    },
  );

  if (!carried) await openScoringRound({ round, actor: openedBy, occurredAt: workflowNowIso() });

  // Open until closed by hand or by its time; continue-as-new when the history grows long (many batches).
  for (;;) {
    const left = Math.max(0, Date.parse(round.closesAt) - workflowNow());
    const woke = await condition(() => closedBy !== null || (workflowInfo().continueAsNewSuggested && inFlight === 0), left);
    if (!woke || closedBy !== null) break;
    await condition(allHandlersFinished);
    return continueAsNew<typeof scoringRoundWorkflow>({ ...input, carried: { batches, entries } });
  }

  status = 'closing';
  // Entries accepted before the close are recorded before anything is computed.
  await condition(() => inFlight === 0);
  scored = await closeScoringRound({ round, actor: closedBy ?? 'system', occurredAt: workflowNowIso() });
  status = 'closed';
  await condition(allHandlersFinished);
  return view();
}
