/**
 * A whole campaign (創先爭優活動): it owns the plan and the milestone dates,
 * starts the unit workflows for lists or subtrees of units in durable batches
 * (resumable after any restart, never starting a unit twice), and broadcasts
 * the office's amendments (a set or moved milestone such as the Party
 * Congress, a campaign-wide deadline) to every running unit.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../activities';
import { startOfLocalDay } from '../domain/calendar';
import { deadlineChangeRefusal, milestoneChangeRefusal } from '../domain/amendment-rules';
import { ErrorType } from '../domain/errors';
import { withPlanDefaults } from '../domain/defaults/plan';
import { calendarBlocks } from '../domain/reviews';
import { phaseEndDate, phaseTimes } from '../domain/schedule';
import { eventItemId } from '../domain/rectification-ids';
import { BATCH, FAN_OUT, QUICK } from './activity-options';
import { refuse } from './refuse';
import { deliverOrHandOver } from './delivery';
import { createCampaignSupervision } from './campaign-supervision';
import { SUPERVISION_ITEM_SOURCE, openRectificationItems, type ItemOpeningContext } from './open-rectification';
import { workflowNow, workflowNowIso } from './clock';
import type { CampaignCarriedState, CampaignInput, CampaignProgress, StartRequest, SupervisionResult } from '../contracts';
import { amendCampaignDeadlineUpdate, campaignProgressQuery, defineCampaignUpdate, openRectificationUpdate, recordSupervisionUpdate, setHolidayCalendarUpdate, setMilestoneUpdate, startUnitsUpdate } from '../contracts/workflow-handles';

const { commitEvents, defineCampaign } = proxyActivities<Activities>(QUICK);
const { broadcastAmendments, recordSupervision } = proxyActivities<Activities>(BATCH);
const { countStartTarget, startUnitBatch } = proxyActivities<Activities>(FAN_OUT);

/** Batches handled in one run before continuing-as-new, to keep the history short at 100,000 units. */
const BATCHES_PER_RUN = 200;


/** @see CampaignInput; the workflow id is `campaignWorkflowId(campaignId)`. */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignProgress> {
  const { campaignId } = input;
  // Plans carried from older runs may lack fields added since: defaults filled in as planSchema.parse would.
  const plan = withPlanDefaults(input.plan);
  // Spot checks on a cadence came after the first campaigns; older histories replay without them.
  const spotChecksEnabled = patched('spot-checks-v1');
  // Updates (items opened, supervision events) grow the history while the campaign waits: new runs
  // also wake to continue-as-new when the server suggests it.
  const idleContinueAsNew = patched('campaign-idle-continue-as-new-v1');
  // Scheduled methods, contact-point visits and their chasing (issue 15) came later still.
  const supervisionScheduled = patched('supervision-methods-schedule-v1');
  const state: CampaignCarriedState = input.carried ?? {
    amendments: { revision: 0, milestoneDates: {}, deadlineOverrides: {}, ...(input.holidays ? { holidays: input.holidays } : {}) },
    requests: [],
    broadcastRevision: 0,
    started: false,
  };
  let batchesThisRun = 0;

  const entry = (kind: string, keySuffix: string, actor: string, payload: Record<string, unknown>): LedgerEntryDraft => ({
    key: `${campaignId}/campaign/${keySuffix}`,
    campaignId,
    unitId: null,
    kind,
    actor,
    payload,
    occurredAt: workflowNowIso(),
  });

  function progress(): CampaignProgress {
    const sum = (pick: (r: StartRequest) => number) => state.requests.reduce((n, r) => n + pick(r), 0);
    const totalsKnown = state.requests.every((r) => r.total !== null);
    return {
      campaignId,
      requests: state.requests,
      totals: {
        requested: totalsKnown ? sum((r) => r.total ?? 0) : null,
        started: sum((r) => r.started),
        alreadyRunning: sum((r) => r.alreadyRunning),
        skipped: sum((r) => r.skipped),
        done: state.requests.every((r) => r.done),
      },
      amendments: state.amendments,
      broadcastPending: state.broadcastRevision < state.amendments.revision,
    };
  }

  setHandler(campaignProgressQuery, progress);

  let defining = false;
  // This run found the id's row already written by another campaign (one whose workflow is gone):
  // it refuses the definition and ends, instead of running a campaign nobody defined.
  let definitionRefused = false;
  setHandler(defineCampaignUpdate, async ({ name, actor }) => {
    const refuseDefined = () => refuse(ErrorType.Conflict, `a campaign "${campaignId}" already exists; choose another id, or see it at GET /campaigns/${campaignId}`);
    // A second definition while the first is being stored is a second request too.
    if (state.defined || defining) refuseDefined();
    defining = true;
    try {
      const stored = await defineCampaign({ campaignId, name, plan: input.plan, createdBy: actor });
      if (!stored.defined) {
        if (!state.defined && patched('campaign-ends-when-definition-refused-v1')) definitionRefused = true;
        refuseDefined();
      }
      state.defined = true;
      return { campaignId, createdAt: stored.createdAt };
    } finally {
      defining = false;
    }
  });

  setHandler(
    startUnitsUpdate,
    ({ requestId, target, actor }) => {
      const existing = state.requests.find((r) => r.requestId === requestId);
      if (existing) return existing; // a retried request is the same request
      const request: StartRequest = {
        requestId,
        target,
        requestedBy: actor,
        requestedAt: workflowNowIso(),
        total: null,
        started: 0,
        alreadyRunning: 0,
        skipped: 0,
        cursor: null,
        done: false,
      };
      state.requests.push(request);
      return request;
    },
    {
      validator: ({ target }) => {
        if ('unitIds' in target && target.unitIds.length === 0) refuse(ErrorType.InvalidInput, 'name at least one unit to start');
      },
    },
  );

  setHandler(
    setMilestoneUpdate,
    async ({ milestoneId, date, actor, reason }) => {
      const previous = state.amendments.milestoneDates[milestoneId] ?? null;
      state.amendments = {
        ...state.amendments,
        revision: state.amendments.revision + 1,
        milestoneDates: { ...state.amendments.milestoneDates, [milestoneId]: date },
      };
      await commitEvents({
        entries: [entry('milestone.set', `milestone/${milestoneId}/revision/${state.amendments.revision}`, actor, { milestoneId, from: previous, to: date, reason, revision: state.amendments.revision })],
      });
      return state.amendments;
    },
    {
      validator: ({ milestoneId, date, reason }) => {
        const refusal = milestoneChangeRefusal(plan, state.amendments, { milestoneId, date, reason }, workflowNow());
        if (refusal) refuse(refusal.type, refusal.message);
      },
    },
  );

  setHandler(
    amendCampaignDeadlineUpdate,
    async ({ taskId, date, actor, reason }) => {
      state.amendments = {
        ...state.amendments,
        revision: state.amendments.revision + 1,
        deadlineOverrides: { ...state.amendments.deadlineOverrides, [taskId]: date },
      };
      await commitEvents({
        entries: [entry('deadline.amended', `deadline/${taskId}/revision/${state.amendments.revision}`, actor, { taskId, to: date, reason, scope: 'campaign', revision: state.amendments.revision })],
      });
      return state.amendments;
    },
    {
      validator: ({ taskId, date, reason }) => {
        const refusal = deadlineChangeRefusal(plan, { taskId, date, reason }, workflowNow());
        if (refusal) refuse(refusal.type, refusal.message);
      },
    },
  );

  setHandler(
    setHolidayCalendarUpdate,
    async ({ calendar, actor, reason }) => {
      const previous = state.amendments.holidays?.version ?? null;
      state.amendments = { ...state.amendments, revision: state.amendments.revision + 1, holidays: calendar };
      await commitEvents({
        entries: [entry('calendar.changed', `calendar/${calendar.version}/revision/${state.amendments.revision}`, actor, { from: previous, to: calendar.version, years: Object.keys(calendar.years), reason, revision: state.amendments.revision })],
      });
      return state.amendments;
    },
    {
      validator: ({ calendar, reason }) => {
        if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say why the holiday calendar changes; the ledger records it');
        if (state.amendments.holidays && calendar.version === state.amendments.holidays.version) refuse(ErrorType.Conflict, `the campaign already uses calendar version ${calendar.version}`);
      },
    },
  );

  /** Items are opened here with the campaign's own amendments (the newest any workflow holds). */
  const itemContext: ItemOpeningContext = { campaignId, plan, amendments: () => state.amendments };

  const supervision = createCampaignSupervision({
    campaignId,
    plan,
    enabled: supervisionScheduled,
    state: () => (state.supervision ??= { contactPoints: [], obligations: {} }),
    amendments: () => state.amendments,
    itemContext,
  });
  supervision.registerHandlers();

  setHandler(
    openRectificationUpdate,
    async (item) => {
      const [opened] = await openRectificationItems(itemContext, [item]);
      if (!opened.created) {
        refuse(
          ErrorType.Conflict,
          `unit "${item.unitId}" already has a rectification item (整改) "${item.itemId}" in campaign "${campaignId}"; see it at GET /campaigns/${campaignId}/units/${item.unitId}/rectifications/${item.itemId}, or open another with a new itemId`,
        );
      }
      return opened.view;
    },
    {
      validator: ({ description }) => {
        if (!description?.trim()) refuse(ErrorType.InvalidInput, 'describe what is to be rectified');
      },
    },
  );

  setHandler(
    recordSupervisionUpdate,
    async ({ eventId, kind, actor, unitIds, findings, sampleSize, seed, rectifications, scheduledId: named }): Promise<SupervisionResult> => {
      const result = await recordSupervision({
        campaignId,
        eventId,
        kind,
        actor,
        unitIds,
        findings,
        sampleSize,
        // Derived from the event id, so a retried request draws the same sample.
        seed: kind === 'spot_check' ? seed ?? `${campaignId}/${eventId}` : null,
        occurredAt: workflowNowIso(),
      });
      await deliverOrHandOver(result.notificationKeys);
      // A concurrent request under the same event id by someone else: nothing of theirs is shown or opened.
      // (Runs recorded before this check have no `recordedBy`.)
      if (result.recordedBy !== undefined && result.recordedBy !== actor) refuse(ErrorType.Conflict, `event "${eventId}" was already recorded by someone else; use another eventId`);
      const scheduledId = await supervision.recordMet(eventId, result.record.kind, actor, result.record.unitIds, named);
      const record = scheduledId ? { ...result.record, scheduledId } : result.record;
      // Items found by the event are opened with it, ids derived from the event id (the API opened them before).
      if (!rectifications?.length || !patched('supervision-opens-rectifications-v1')) return record;
      const drawn = new Set(result.record.unitIds);
      const notOpened: NonNullable<SupervisionResult['notOpened']> = [];
      const toOpen = rectifications.flatMap((draft, index) => {
        if (drawn.has(draft.unitId)) {
          return [{ unitId: draft.unitId, itemId: eventItemId(eventId, index), description: draft.description, ...(draft.dueDate !== undefined ? { dueDate: draft.dueDate } : {}), source: SUPERVISION_ITEM_SOURCE[result.record.kind], actor }];
        }
        notOpened.push({ unitId: draft.unitId, description: draft.description, reason: 'the spot check (隨機抽查) did not draw this unit' });
        return [];
      });
      const opened = await openRectificationItems(itemContext, toOpen);
      return { ...record, rectifications: opened.map((item) => item.view), notOpened };
    },
    {
      validator: ({ kind, unitIds, findings, sampleSize, actor, scheduledId }) => {
        if (!findings?.trim()) refuse(ErrorType.InvalidInput, 'record the findings of the supervision event');
        supervision.validateEvent(kind, actor, unitIds, scheduledId);
        if (kind === 'spot_check' && !sampleSize) refuse(ErrorType.InvalidInput, 'a spot check (隨機抽查) needs a sampleSize');
        if (kind !== 'spot_check' && !unitIds?.length) refuse(ErrorType.InvalidInput, 'name the units the event concerns');
      },
    },
  );

  /** Spot-check periods: calendar months or quarters of the phases the plan names. */
  const spotCheckPeriods = (): Array<{ id: string; at: number }> => {
    if (!spotChecksEnabled || !plan.spotChecks) return [];
    const every = plan.spotChecks.every === 'monthly' ? 1 : 3;
    return plan.phases
      .filter((phase) => !plan.spotChecks!.phases || plan.spotChecks!.phases.includes(phase.id))
      .flatMap((phase) => {
        const end = phaseEndDate(plan, phase, state.amendments.milestoneDates);
        if (end === undefined) return [];
        return calendarBlocks(phase.window.start, end, every).map(([start]) => ({
          id: `${phase.id}/${start}`,
          at: startOfLocalDay(start) + plan.reminders.atHour * 3600_000,
        }));
      });
  };
  const dueSpotCheck = () => spotCheckPeriods().find((p) => p.at <= workflowNow() && !(state.spotChecksDone ?? []).includes(p.id));

  if (!state.started) {
    state.started = true;
    await commitEvents({ entries: [entry('campaign.started', 'started', input.createdBy, { planId: plan.id, name: plan.name })] });
  }

  const pendingRequest = () => state.requests.find((r) => !r.done);
  const broadcastPending = () => state.broadcastRevision < state.amendments.revision;
  const campaignOver = () => {
    const last = phaseTimes(plan, state.amendments.milestoneDates).at(-1)!;
    return last.endsAt !== undefined && workflowNow() > last.endsAt;
  };

  for (;;) {
    if (definitionRefused) break;
    // Amendments go out before the next batch, so that a unit started after them
    // gets them in its start arguments and one started before gets the signal.
    if (broadcastPending()) {
      const amendments = state.amendments;
      await broadcastAmendments({ campaignId, amendments });
      state.broadcastRevision = amendments.revision;
      continue;
    }
    const spotCheck = dueSpotCheck();
    if (spotCheck) {
      const result = await recordSupervision({
        campaignId,
        eventId: `spot-check/${spotCheck.id}`,
        kind: 'spot_check',
        actor: 'system',
        findings: '按計劃隨機抽查 (scheduled spot check)',
        sampleSize: plan.spotChecks!.sampleSize,
        seed: `${campaignId}/${spotCheck.id}/${uuid4()}`,
        occurredAt: workflowNowIso(),
      });
      (state.spotChecksDone ??= []).push(spotCheck.id);
      await deliverOrHandOver(result.notificationKeys);
      continue;
    }
    const supervisionStep = supervision.nextStep(workflowNow()).step;
    if (supervisionStep) {
      await supervision.run(supervisionStep);
      continue;
    }
    const request = pendingRequest();
    if (request) {
      if (request.total === null) request.total = await countStartTarget({ target: request.target });
      const batch = await startUnitBatch({ campaignId, target: request.target, cursor: request.cursor, amendments: state.amendments, requestId: request.requestId });
      request.started += batch.started;
      request.alreadyRunning += batch.alreadyRunning;
      request.skipped += batch.skipped;
      request.cursor = batch.cursor;
      request.done = batch.done;
      batchesThisRun += 1;
    } else if (campaignOver()) {
      break;
    }
    if (batchesThisRun >= BATCHES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({ ...input, carried: state });
    }
    if (!pendingRequest() && !broadcastPending()) {
      const now = workflowNow();
      const last = phaseTimes(plan, state.amendments.milestoneDates).at(-1)!;
      const wakeTimes = [
        ...(last.endsAt === undefined ? [] : [last.endsAt + 1]),
        ...spotCheckPeriods().filter((p) => !(state.spotChecksDone ?? []).includes(p.id)).map((p) => p.at),
        ...[supervision.nextStep(now).wakeAt].filter((t): t is number => t !== undefined),
      ].filter((t) => t > now);
      // A new contact point (only in runs with scheduled supervision) brings its visits' times.
      const wake = () => definitionRefused || pendingRequest() !== undefined || broadcastPending() || (idleContinueAsNew && workflowInfo().continueAsNewSuggested) || supervision.wakeRequested();
      if (wakeTimes.length === 0) await condition(wake);
      else await condition(wake, Math.min(...wakeTimes) - now);
      supervision.clearWakeRequest();
    }
  }
  await condition(allHandlersFinished);
  return progress();
}
