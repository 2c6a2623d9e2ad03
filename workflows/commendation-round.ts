/**
 * A commendation round (評選表彰): its levels one after another, lowest first,
 * each a child workflow (its own history, deadlines and ladder). What a level
 * commends is recommended upward (逐級推薦) by the ancestor at the next level's
 * depth; the top level's commended are reported beyond the tree (seed 000: 師黨委).
 */
import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CandidateView, CommendationRoundInput, CommendationRoundResult } from '../contracts';
import { commendationLevelWorkflowId } from '../contracts/workflow-ids';
import { QUICK } from './activity-options';
import { workflowNowIso } from './clock';
import { commendationLevelWorkflow } from './commendation-level';

const { commitEvents } = proxyActivities<Activities>(QUICK);

/** The ids along a materialised path, root first ('/a/b/' → a, b); domain/units.ts is not for the workflow bundle. */
const pathIds = (path: string) => path.split('/').filter((segment) => segment !== '');

/** @see CommendationRoundInput; id `commendationRoundWorkflowId(campaign, round)`. */
export async function commendationRoundWorkflow(input: CommendationRoundInput): Promise<CommendationRoundResult> {
  const { campaignId, roundId, round } = input;
  const prefix = `${campaignId}/commendation/${roundId}`;
  const entry = (kind: string, suffix: string, payload: Record<string, unknown>) => ({ key: `${prefix}/${suffix}`, campaignId, unitId: null, kind, actor: input.startedBy, payload: { roundId, ...payload }, occurredAt: workflowNowIso() });
  await commitEvents({ entries: [entry('commendation.round_started', 'started', { levels: round.levels.map((l) => l.id), categories: round.categories.map((c) => c.id) })] });

  const result: CommendationRoundResult = { levels: [], reportedUpward: [] };
  let carried: CandidateView[] = [];
  for (const level of round.levels) {
    const { commended } = await executeChild(commendationLevelWorkflow, {
      workflowId: commendationLevelWorkflowId(campaignId, roundId, level.id),
      args: [{ campaignId, roundId, round, level, publicNoticeDays: input.publicNoticeDays, reminders: input.reminders, carried }],
    });
    result.levels.push({ levelId: level.id, commended: commended.map((c) => c.candidateId) });
    const next = round.levels[round.levels.indexOf(level) + 1];
    carried = next
      ? commended.flatMap((c): CandidateView[] => {
          const ancestor = pathIds(c.recommenderPath)[next.depth];
          if (!ancestor) return [];
          const ancestorPath = `/${pathIds(c.recommenderPath).slice(0, next.depth + 1).join('/')}/`;
          return [{ ...c, recommendedBy: ancestor, recommenderPath: ancestorPath, fromLevel: level.id, status: 'recommended', statusLabel: { zh: '已推薦', en: 'recommended' }, assessment: undefined, votes: undefined, objections: [] }];
        })
      : [];
    if (!next) result.reportedUpward = commended.map((c) => c.candidateId);
  }
  await commitEvents({
    entries: [entry('commendation.reported_upward', 'reported-upward', { reportTo: round.reportTo ?? null, candidates: result.reportedUpward })],
  });
  return result;
}
