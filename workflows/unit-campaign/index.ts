/**
 * One unit's campaign (一個基層黨組織的創先爭優活動): it walks the plan's phases
 * at their window boundaries, opens each phase's tasks, takes submissions,
 * approvals and rejections as updates, follows amended deadlines and milestone
 * dates, records every step in the ledger, and continues-as-new at each phase
 * boundary so that a campaign of years keeps a short history.
 *
 * The story is here; tasks.ts, reviews.ts and classification.ts hold the
 * updates, phases.ts and follow-ups.ts what time brings, view.ts what the
 * outside sees, context.ts the rules they share.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { LATE_START_POLICIES } from '../../domain/labels';
import { decideLateStart } from '../../domain/late-start';
import { workflowNow } from '../clock';
import type { LedgerEntryDraft } from '../../activities';
import type { UnitCampaignInput, UnitCampaignView } from '../../contracts';
import { campaignAmendedSignal, unitStateQuery } from '../../contracts/workflow-handles';
import { registerClassificationUpdate } from './classification';
import { commit } from './commit';
import { createUnitContext, entry, hasPatch, planDeadlines, workingDays } from './context';
import { advance, nextWakeAt } from './phases';
import { registerReviewUpdates } from './reviews';
import { registerTaskUpdates } from './tasks';
import { unitView } from './view';
import { createWakeTimer } from './wake-timer';

/**
 * A lean run with fewer history events than this does not continue-as-new when it enters a phase:
 * a new run would cost more events (start, continue-as-new, the plan copied twice) than replaying
 * the short one saves. The next boundary past it continues as before.
 */
const NEAR_EMPTY_RUN_EVENTS = 100;

/** A stuck rule may never settle: after this many passes in a row only future instants count. */
const MAX_PROMPT_PASSES = 20;

/** @see UnitCampaignInput; the workflow id is `unitWorkflowId(campaignId, unitId)`. */
export async function unitCampaignWorkflow(input: UnitCampaignInput): Promise<UnitCampaignView> {
  const ctx = createUnitContext(input);
  const { state } = ctx;

  // Handlers are registered before the first await so that no message is missed.
  setHandler(unitStateQuery, () => unitView(ctx));
  setHandler(campaignAmendedSignal, (next) => {
    if (next.revision > ctx.amendments.revision) {
      ctx.amendments = next;
      ctx.changed = true;
    }
  });
  registerTaskUpdates(ctx);
  registerReviewUpdates(ctx);
  registerClassificationUpdate(ctx);

  // The start's rows; in lean runs they wait for the first pass and are written with it, in one activity.
  let startEntries: LedgerEntryDraft[] = [];
  if (!state.started) {
    state.started = true;
    startEntries = [entry(ctx, 'unit.started', 'started', 'system', { unitType: input.unitType, planId: ctx.plan.id })];
    // Deadlines that passed before the unit started follow the plan's late-start policy (new runs only).
    if (hasPatch(ctx, 'late-start-policy-v1')) {
      const lateStart = decideLateStart(ctx.plan.lateStart, planDeadlines(ctx), workflowNow(), workingDays(ctx));
      state.lateStart = lateStart;
      if (lateStart.tasks.length) startEntries.push(entry(ctx, 'unit.late_start', 'late-start', 'system', { policy: lateStart.policy, label: LATE_START_POLICIES[lateStart.policy], tasks: lateStart.tasks }));
    }
    if (!ctx.leanRuns) {
      await commit(ctx, startEntries);
      startEntries = [];
    }
  }

  const wakeTimer = createWakeTimer();
  let promptPasses = 0;
  while (!state.completed) {
    // A message arriving while this pass commits must wake the next wait.
    if (ctx.followUps) ctx.changed = false;
    const advanced = advance(ctx, workflowNow());
    const entries = [...startEntries, ...advanced.entries];
    startEntries = [];
    if (entries.length) await commit(ctx, entries, advanced.notifications);
    if (state.completed) break;
    // A phase boundary continues-as-new to keep the history short; a lean run still nearly empty has nothing to shed.
    const shortRun = ctx.leanRuns && workflowInfo().historyLength < NEAR_EMPTY_RUN_EVENTS;
    if ((advanced.enteredPhase && !shortRun) || workflowInfo().continueAsNewSuggested) {
      // Let in-flight updates finish so that no accepted submission is lost across the boundary.
      await condition(allHandlersFinished);
      await continueAsNew<typeof unitCampaignWorkflow>({ ...input, amendments: ctx.amendments, carried: state });
    }
    if (!ctx.followUps) ctx.changed = false;
    const now = workflowNow();
    // Something already due: another pass now. Bounded, so that a stuck rule can never spin timers into the history.
    const wakeAt = nextWakeAt(ctx, now, ctx.followUps && promptPasses < MAX_PROMPT_PASSES);
    if (wakeAt !== undefined && wakeAt <= now) {
      promptPasses += 1;
      continue;
    }
    promptPasses = 0;
    if (ctx.lean) {
      if (wakeAt === undefined) {
        wakeTimer.drop();
        await condition(() => ctx.changed);
      } else {
        const timer = wakeTimer.keep(wakeAt, now);
        await condition(() => ctx.changed || timer.fired);
      }
    } else if (wakeAt === undefined) await condition(() => ctx.changed);
    else await condition(() => ctx.changed, Math.max(1, wakeAt - now));
  }
  wakeTimer.drop();
  await condition(allHandlersFinished);
  return unitView(ctx);
}
