/**
 * 每月一星's I/O (the monthly star selection; issue 13): starting the
 * campaign's monthly-star workflow when the campaign starts, opening each
 * month's round (a scoringRoundWorkflow: entries and the close are the round's
 * own, nothing is scored here) and reminding the units before it closes.
 * Idempotent by id and key: the workflows' ids are derived from the campaign
 * and the month, each reminder's ledger and outbox rows from the unit and round.
 */
import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Storage } from '../adapters/storage';
import type { StartTarget } from '../domain/campaign-types';
import { compareLocalDates, formatLocalInstant } from '../domain/calendar';
import { monthlyStarRoundId } from '../domain/monthly-star';
import type { NotificationDraft } from '../domain/notifications';
import { versionsOf } from '../domain/plan-scoring';
import type { Plan } from '../domain/plan';
import { phaseEndDate } from '../domain/schedule';
import {
  WORKFLOW_TYPES,
  monthlyStarKeys,
  monthlyStarWorkflowId,
  scoringRoundInputFor,
  scoringRoundWorkflowId,
  type CampaignAmendments,
  type MonthlyStarInput,
} from '../contracts';

/** Units reminded per activity call: one transaction, a small list of keys in the workflow's history. */
export const REMINDER_PAGE = 500;

/** The cadence's input for a plan with `scoring.monthlyStar`; undefined for a plan without. */
export function monthlyStarInputFor(campaignId: string, plan: Plan, subtreeRootId: string, amendments?: Pick<CampaignAmendments, 'milestoneDates'>): MonthlyStarInput | undefined {
  const monthlyStar = plan.scoring?.monthlyStar;
  if (!monthlyStar) return undefined;
  const starts = plan.phases.map((p) => p.window.start).sort(compareLocalDates);
  // A phase ending on a milestone not yet set (the Party Congress) ends the cadence at the latest known end.
  const ends = plan.phases.map((p) => phaseEndDate(plan, p, amendments?.milestoneDates ?? {}) ?? p.window.start).sort(compareLocalDates);
  return {
    campaignId,
    subtreeRootId,
    schemeId: monthlyStar.schemeId,
    cadence: { from: starts[0], to: ends[ends.length - 1], closesOnDay: monthlyStar.closesOnDay, remindDaysBefore: monthlyStar.remindDaysBefore ?? 3, atHour: plan.reminders.atHour },
  };
}

export function createMonthlyStarActivities(deps: { storage: Storage; temporal: Client; taskQueue: string }) {
  const { storage, temporal, taskQueue } = deps;

  /**
   * Starts the campaign's monthly-star workflow if its plan has 每月一星 and it
   * is not running yet (a second start request, a retried batch: the same
   * workflow, nothing new). Its rounds score the whole unit tree the start
   * is in; units not started are never flagged or reminded.
   */
  async function ensureMonthlyStar(campaignId: string, plan: Plan, target: StartTarget, amendments: CampaignAmendments): Promise<boolean> {
    if (!plan.scoring?.monthlyStar) return false;
    const someUnit = 'subtreeRootId' in target ? target.subtreeRootId : target.unitIds[0];
    const unit = someUnit === undefined ? undefined : await storage.units.get(someUnit);
    if (!unit) return false;
    const treeRoot = unit.path.split('/').filter(Boolean)[0];
    const input = monthlyStarInputFor(campaignId, plan, treeRoot, amendments)!;
    try {
      await temporal.workflow.start(WORKFLOW_TYPES.monthlyStar, {
        workflowId: monthlyStarWorkflowId(campaignId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return true;
    } catch (error) {
      // Its cadence ran to the end already: a late start request opens no second one.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  return {
    ensureMonthlyStar,
    activities: {
      /**
       * Opens the month's round with the latest version of the scheme: a
       * scoringRoundWorkflow under the month's id, started once (a retry, or a
       * second run of the cadence, meets the one that is there).
       */
      async openMonthlyStarRound(input: { campaignId: string; subtreeRootId: string; schemeId: string; month: string; year: number; closesOn: string }): Promise<{ roundId: string; opened: boolean }> {
        const campaign = await storage.campaigns.get(input.campaignId);
        if (!campaign) throw new Error(`campaign ${input.campaignId} is not defined`);
        const defined = (await storage.scoring.schemeVersions(input.campaignId, input.schemeId)).map((v) => v.scheme);
        const versions = versionsOf(campaign.plan.scoring, defined, input.schemeId);
        const scheme = versions[versions.length - 1];
        if (!scheme) throw new Error(`campaign ${input.campaignId} has no scoring scheme "${input.schemeId}"`);
        const roundId = monthlyStarRoundId(input.month);
        const args = scoringRoundInputFor(campaign.plan, scheme, { campaignId: input.campaignId, roundId, year: input.year, subtreeRootId: input.subtreeRootId, closesOn: input.closesOn, openedBy: 'system' });
        try {
          await temporal.workflow.start(WORKFLOW_TYPES.scoringRound, { workflowId: scoringRoundWorkflowId(input.campaignId, roundId), taskQueue, args: [args], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
          return { roundId, opened: true };
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError) return { roundId, opened: false };
          throw error;
        }
      },

      /**
       * Reminds the next page of started units of the round's subtree that
       * have entered nothing yet: `scoring.round_reminded` under each unit and
       * a notice to its secretary, in one transaction. Nothing once the round
       * is closed (the office may close it early).
       */
      async remindMonthlyStar(input: { campaignId: string; roundId: string; month: string; closesAt: number; occurredAt: string; afterUnitId: string | null }): Promise<{ reminded: number; notificationKeys: string[]; nextAfterUnitId: string | null }> {
        const { campaignId, roundId } = input;
        const round = await storage.scoring.getRound(campaignId, roundId);
        const root = round && (await storage.units.get(round.subtreeRootId));
        if (!round || round.status === 'closed' || !root) return { reminded: 0, notificationKeys: [], nextAfterUnitId: null };
        const scored = new Set(await storage.scoring.unitsWithEntries(campaignId, roundId));
        const all = await storage.campaignUnits.startedUnitIdsInSubtree(campaignId, root.path);
        const rest = input.afterUnitId === null ? all : all.filter((id) => id > input.afterUnitId!);
        const page = rest.slice(0, REMINDER_PAGE);
        const nextAfterUnitId = rest.length > REMINDER_PAGE ? page[page.length - 1] : null;
        const due = page.filter((id) => !scored.has(id));
        const closes = formatLocalInstant(input.closesAt).slice(0, 16).replace('T', ' ');
        const common = { campaignId, actor: 'system', occurredAt: input.occurredAt };
        const notifications: NotificationDraft[] = due.map((unitId) => ({
          key: monthlyStarKeys.reminded(campaignId, unitId, roundId),
          campaignId,
          unitId,
          kind: 'reminder',
          notify: ['secretary'],
          subject: `【每月一星 (star of the month)】${input.month} 評選將於 ${closes} 截止 (closes)`,
          body:
            `書記 (secretary)：本月「每月一星」(star of the month, ${input.month}) 評選將於 ${closes}（北京時間）截止，貴單位尚未報送 (nothing entered yet)。` +
            `請於截止前推薦本月之星並報上級黨組織錄入 (round ${roundId})。逾期未評的單位在結果中標為未評 (unscored)。`,
          payload: { roundId, month: input.month, closesAt: new Date(input.closesAt).toISOString() },
        }));
        const { keys } = await storage.transaction(async (tx) => {
          await tx.ledger.appendMany(
            due.map((unitId) => ({ ...common, key: monthlyStarKeys.reminded(campaignId, unitId, roundId), unitId, kind: 'scoring.round_reminded', payload: { roundId, month: input.month, schemeId: round.schemeId, closesAt: round.closesAt } })),
          );
          return notifications.length ? tx.outbox.enqueue(notifications) : { keys: [] as string[] };
        });
        heartbeat();
        return { reminded: due.length, notificationKeys: keys, nextAfterUnitId };
      },
    },
  };
}
