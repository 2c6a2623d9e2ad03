/**
 * All I/O of the workflows. Built once per worker by `createActivities(deps)`;
 * workflows see only the types. Every activity is idempotent: ledger rows by
 * their business key, read-model rows by version, workflow starts by id.
 */
import { heartbeat, activityInfo, cancellationSignal, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { CancelledFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { StartTarget, UnitStateSnapshot } from '../domain/campaign-types';
import type { NotificationDraft } from '../domain/notifications';
import { planForUnitType, planSchema } from '../domain/plan';
import { rectificationSchedule } from '../domain/rectification';
import { drawSample } from '../domain/sampling';
import { storableText } from '../domain/text';
import { mapLimit } from '../domain/concurrency';
import { keptAlive } from './keep-alive';
import type { Notifier } from '../adapters/notify/notifier';
import type { Storage } from '../adapters/storage';
import type { LedgerEntryInput } from '../adapters/storage/ledger';
import { createNotificationActivities } from './notifications';
import { DEFAULT_DIGEST_SETTLE_MS, holdForDigest } from './daily-digest';
import { createHolidayCalendarActivities } from './holiday-calendar';
import { createRectificationActivities } from './rectifications';
import { createCommendationActivities } from './commendations';
import { createScoringActivities } from './scoring';
import { createMonthlyStarActivities } from './monthly-star';
import type { RectificationItemState } from '../adapters/storage/rectification-items';
import type { CommitmentRowState } from '../contracts';
import { canonicalJson } from '../adapters/storage/canonical-json';
// The message contract only (no workflow code): names and shapes shared with the API.
import {
  WORKFLOW_TYPES,
  ledgerKeys,
  campaignAmendedSignal,
  rectificationScheduleSignal,
  unitWorkflowId,
  type CampaignAmendments,
  type RecordSupervisionInput,
  type SupervisionRecord,
  type UnitCampaignInput,
} from '../contracts';

export type { UnitStateSnapshot };
export type LedgerEntryDraft = LedgerEntryInput;

export interface ActivityDeps {
  /** Built once in worker/, with the outbox defaults (the default channel and webhook address for recipients without a route). */
  storage: Storage;
  temporal: Client;
  taskQueue: string;
  /** Units started per batch by the fan-out. */
  batchSize: number;
  notifier: Notifier;
  /** How long a send holds its outbox row (see activities/notifications.ts). */
  deliveryLeaseMs?: number;
  /** How long a recipient's daily digest waits for more catch-up rows before it is sent (config DIGEST_SETTLE_MS). */
  digestSettleMs?: number;
}

export interface StartBatchResult {
  started: number;
  alreadyRunning: number;
  skipped: number;
  skippedIds: string[];
  cursor: string | null;
  done: boolean;
}

/** Starts workflows a few at a time: enough to hide round trips, few enough not to flood the frontend. */
const START_CONCURRENCY = 25;

/** Works through items a few at a time, heartbeating after each so that a dead worker is noticed quickly. */
async function eachWithHeartbeat<T>(items: T[], work: (item: T) => Promise<void>, heartbeatDetails?: unknown): Promise<void> {
  await mapLimit(items, START_CONCURRENCY, async (item) => {
    await work(item);
    heartbeat(heartbeatDetails);
  });
}

export function createActivities(deps: ActivityDeps) {
  const { storage, temporal, taskQueue, batchSize } = deps;
  const { campaigns, campaignUnits } = storage;
  const monthlyStar = createMonthlyStarActivities({ storage, temporal, taskQueue });

  /**
   * Ledger rows, their notifications (one outbox row per recipient) and the
   * unit's read-model row, all in one transaction: either all are recorded or
   * none, and a retry finds them by key and adds nothing.
   */
  async function commitEvents(input: {
    entries: LedgerEntryDraft[];
    notifications?: NotificationDraft[];
    unitState?: UnitStateSnapshot;
    /** A rectification item's new state, for its row (listings and duties read it). */
    rectificationState?: RectificationItemState;
    /** A public commitment's new state, for its row (coverage and listings read it). */
    commitmentState?: CommitmentRowState;
  }): Promise<{ inserted: number; notificationKeys: string[] }> {
    // Defence in depth: text that jsonb cannot hold would fail this activity on every retry.
    input = storableText(input);
    return storage.transaction(async (tx) => {
      let inserted = 0;
      // The rows of one campaign go in as one batch (lock, one read, one INSERT) instead of four
      // round trips a row; the chain is the same either way (appendManyInTransaction).
      const oneCampaign = input.entries.every((entry) => entry.campaignId === input.entries[0]?.campaignId);
      if (oneCampaign) inserted = (await tx.ledger.appendMany(input.entries)).filter((r) => r.inserted).length;
      else for (const entry of input.entries) if ((await tx.ledger.append(entry)).inserted) inserted += 1;
      const { keys } = input.notifications?.length ? await tx.outbox.enqueue(input.notifications) : { keys: [] };
      if (input.unitState) await tx.readModel.upsertUnitState(input.unitState);
      if (input.rectificationState) {
        const { campaignId, unitId, itemId, status, revision } = input.rectificationState;
        await tx.rectifications.recordState(campaignId, unitId, itemId, status, revision);
      }
      if (input.commitmentState) await tx.commitments.recordState(input.commitmentState);
      return { inserted, notificationKeys: keys };
    });
  }

  /**
   * Tells every item not yet verified when it goes under listed supervision
   * now (the end of the plan's phase may follow a milestone just set or moved)
   * and which holiday calendar its working-day ladder counts with.
   */
  async function rescheduleRectifications(
    campaignId: string,
    amendments: CampaignAmendments,
    from: { unitId: string; itemId: string } | null,
  ): Promise<number> {
    const campaign = await campaigns.get(campaignId);
    if (!campaign) return 0;
    const plan = planSchema.parse(campaign.plan);
    let cursor = from;
    let items = 0;
    for (;;) {
      const page = await storage.rectifications.outstandingPage(campaignId, cursor, 500);
      if (page.length === 0) return items;
      await eachWithHeartbeat(page, async (item) => {
        try {
          await temporal.workflow.getHandle(item.workflowId).signal(rectificationScheduleSignal, rectificationSchedule(plan, amendments, item.openedAt));
          items += 1;
        } catch (error) {
          // Verified since the row was last refreshed: nothing left to schedule.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }, { unitsDone: true, itemCursor: cursor } satisfies BroadcastProgress);
      const last = page[page.length - 1];
      cursor = { unitId: last.unitId, itemId: last.itemId };
      heartbeat({ unitsDone: true, itemCursor: cursor } satisfies BroadcastProgress);
    }
  }

  return {
    commitEvents,
    ...createNotificationActivities({
      outbox: storage.outbox,
      notifier: deps.notifier,
      leaseMs: deps.deliveryLeaseMs,
      digests: storage.outboxDigests,
      holdForDigest: (digestKeys) => holdForDigest(temporal, taskQueue, digestKeys, deps.digestSettleMs ?? DEFAULT_DIGEST_SETTLE_MS),
    }),
    ...createRectificationActivities({ storage, temporal, taskQueue }),
    ...createHolidayCalendarActivities({ storage, temporal }),
    ...createCommendationActivities({ storage }),
    ...createScoringActivities({ storage }),
    ...monthlyStar.activities,

    /**
     * A supervision event (隨機抽查, 明查暗訪, hearing, forum) with its findings. A
     * spot check draws its units from the given ids or every started unit with
     * the seed, which the ledger keeps so the draw can be repeated and checked.
     */
    async recordSupervision(
      input: Omit<RecordSupervisionInput, 'seed'> & { campaignId: string; seed: string | null; occurredAt: string },
    ): Promise<{ record: SupervisionRecord; notificationKeys: string[]; recordedBy?: string }> {
      const base = ledgerKeys.supervision(input.campaignId, input.eventId);
      // A retry (or a repeated request) keeps the sample first recorded, even if the population has changed since.
      const recorded = await storage.supervisionEvents.recorded(input.campaignId, input.eventId);
      let record: SupervisionRecord;
      if (recorded) {
        const { eventId, kind, seed, unitIds, populationSize } = recorded.payload as unknown as SupervisionRecord;
        record = { eventId, kind, seed, unitIds, populationSize };
      } else {
        const population = input.unitIds?.length ? input.unitIds : await campaignUnits.startedUnitIds(input.campaignId);
        const unitIds = input.kind === 'spot_check' ? drawSample(population, input.sampleSize ?? 0, input.seed ?? '') : [...new Set(population)].sort();
        record = { eventId: input.eventId, kind: input.kind, seed: input.seed, unitIds, populationSize: population.length };
      }
      const { unitIds } = record;
      const common = { campaignId: input.campaignId, actor: input.actor, occurredAt: input.occurredAt };
      const { notificationKeys } = await commitEvents({
        entries: [
          { ...common, key: base, unitId: null, kind: `supervision.${input.kind}`, payload: { ...record, findings: input.findings, sampleSize: input.sampleSize ?? null } },
          ...unitIds.map((unitId) => ({ ...common, key: ledgerKeys.supervisionUnit(input.campaignId, input.eventId, unitId), unitId, kind: 'supervision.unit', payload: { eventId: input.eventId, kind: input.kind, findings: input.findings } })),
        ],
        notifications:
          input.kind === 'spot_check'
            ? unitIds.map((unitId) => ({
                key: ledgerKeys.supervisionUnit(input.campaignId, input.eventId, unitId),
                campaignId: input.campaignId,
                unitId,
                kind: 'supervision',
                notify: ['supervisor' as const],
                subject: '【隨機抽查 (spot check)】單位已被抽中，請組織檢查',
                body: `上級黨組織負責人 (supervisor)：\n本次隨機抽查 (spot check) 抽中單位 ${unitId}。請於兩週內完成檢查並記錄發現 (findings)；發現的問題可開出整改 (rectification)。\n抽樣種子 (seed)：${input.seed}，已記入台帳 (ledger)，可據此復核抽樣。`,
                payload: { eventId: input.eventId, seed: input.seed },
              }))
            : [],
      });
      // Who recorded the event first: a concurrent request under the same id by someone else opens nothing.
      const recordedBy = recorded?.actor ?? (await storage.supervisionEvents.recorded(input.campaignId, input.eventId))?.actor ?? input.actor;
      return { record, notificationKeys, recordedBy };
    },

    /**
     * Names a unit's first responsible person (第一責任人) for the campaign: the
     * ledger row and the current row in one transaction; a retry (same change
     * id) finds the ledger row and changes nothing.
     */
    async nameFirstResponsible(input: { campaignId: string; unitId: string; changeId: string; person: { name: string; email?: string; phone?: string }; reason: string; actor: string; occurredAt: string }): Promise<void> {
      await storage.transaction(async (tx) => {
        const { inserted } = await tx.ledger.append({
          key: `${input.campaignId}/${input.unitId}/first-responsible/${input.changeId}`,
          campaignId: input.campaignId,
          unitId: input.unitId,
          kind: 'first_responsible.named',
          actor: input.actor,
          occurredAt: input.occurredAt,
          payload: { person: input.person, reason: input.reason, changeId: input.changeId },
        });
        if (inserted) await tx.firstResponsible.name(input.campaignId, input.unitId, { person: input.person, namedBy: input.actor, namedAt: input.occurredAt, reason: input.reason });
      });
    },

    /**
     * A scheduled supervision's sample (plan.supervisionSchedule, target sample),
     * drawn from the started units with the seed the ledger keeps; a retry finds
     * the row and returns the first draw. The drawn units' supervisors are told.
     */
    async drawScheduledSample(input: { campaignId: string; obligationId: string; kind: string; sampleSize: number; seed: string; occurredAt: string }): Promise<{ unitIds: string[]; seed: string; notificationKeys: string[] }> {
      const key = `${input.campaignId}/campaign/supervision-schedule/${input.obligationId}/drawn`;
      const recorded = await storage.supervisionEvents.byKey(input.campaignId, key);
      const payload = recorded?.payload as { unitIds?: string[]; seed?: string } | undefined;
      const seed = payload?.seed ?? input.seed;
      const unitIds = payload?.unitIds ?? drawSample(await campaignUnits.startedUnitIds(input.campaignId), input.sampleSize, seed);
      const { notificationKeys } = await commitEvents({
        entries: [{ key, campaignId: input.campaignId, unitId: null, kind: 'supervision.scheduled_sample', actor: 'system', occurredAt: input.occurredAt, payload: { obligationId: input.obligationId, kind: input.kind, seed, unitIds, sampleSize: input.sampleSize } }],
        notifications: unitIds.map((unitId) => ({
          key: `${key}/unit/${unitId}`,
          campaignId: input.campaignId,
          unitId,
          kind: 'supervision',
          notify: ['supervisor' as const],
          subject: '【督促檢查 (scheduled supervision)】單位已被抽中 (unit drawn)',
          body: `上級黨組織負責人 (supervisor)：按計劃 (${input.obligationId}) 抽中單位 ${unitId}，請按期開展並記錄 (record the event with scheduledId "${input.obligationId}")。\n抽樣種子 (seed)：${seed}，已記入台帳 (ledger)。`,
          payload: { obligationId: input.obligationId, seed },
        })),
      });
      return { unitIds, seed, notificationKeys };
    },

    /**
     * Stores the campaign's row. Idempotent: a row already there with this
     * plan and author is this definition (an earlier attempt); another is not.
     */
    async defineCampaign(input: { campaignId: string; name: { zh: string; en: string }; plan: unknown; createdBy: string }): Promise<{ defined: boolean; createdAt: string }> {
      const plan = planSchema.parse(input.plan);
      const { created } = await storage.campaigns.create({ id: input.campaignId, name: input.name, plan, createdBy: input.createdBy });
      const stored = await storage.campaigns.get(input.campaignId);
      const same = created || (stored !== undefined && stored.createdBy === input.createdBy && canonicalJson(stored.plan) === canonicalJson(plan));
      return { defined: same, createdAt: stored?.createdAt ?? new Date().toISOString() };
    },

    /** How many units a start names: one indexed count, kept alive for FAN_OUT's heartbeat timeout. */
    async countStartTarget(input: { target: StartTarget }): Promise<number> {
      return keptAlive(() => campaignUnits.countTarget(input.target));
    },

    /**
     * Starts the next batch of a start request. Safe to retry: the workflow id
     * is derived from campaign and unit and reuse is rejected, so a unit that
     * is already running (or finished) is counted, not started again. Beats
     * on a clock (FAN_OUT's 5 s heartbeat timeout): an attempt lost to a
     * server restart is run again within seconds, not half a minute, and an
     * attempt the server has given up on stops starting units.
     */
    async startUnitBatch(input: { campaignId: string; target: StartTarget; cursor: string | null; amendments: CampaignAmendments; requestId?: string }): Promise<StartBatchResult> {
      return keptAlive(async () => {
        const campaign = await campaigns.get(input.campaignId);
        if (!campaign) throw new Error(`campaign ${input.campaignId} is not defined`);
        const page = await campaignUnits.nextStartPage(input.target, input.cursor, batchSize);
        let started = 0;
        let alreadyRunning = 0;
        // Every unit of the batch is recorded before any of it starts (one statement): a started workflow always has its row.
        const rows = page.units.map((unit) => ({ unitId: unit.id, workflowId: unitWorkflowId(input.campaignId, unit.id) }));
        // Units this request recorded (in this attempt or an earlier, lost one) count as started by it when found running.
        // An attempt scheduled before requests were passed in has no id: it counts as before.
        let ofThisRequest = new Set<string>();
        if (input.requestId) ofThisRequest = await campaignUnits.recordBatchOfRequest(input.campaignId, input.requestId, rows);
        else await campaignUnits.recordStartedMany(input.campaignId, rows);
        const givenUp = cancellationSignal();
        await mapLimit(page.units, START_CONCURRENCY, async (unit) => {
          // An attempt the server has given up on (timed out, its retry running) starts nothing more.
          if (givenUp.aborted) throw new CancelledFailure('the server gave this attempt up; its retry starts the batch');
          const workflowId = unitWorkflowId(input.campaignId, unit.id);
          const args: UnitCampaignInput = {
            campaignId: input.campaignId,
            unitId: unit.id,
            unitType: unit.type,
            plan: planForUnitType(campaign.plan, unit.type),
            amendments: input.amendments,
          };
          try {
            await temporal.workflow.start(WORKFLOW_TYPES.unitCampaign, { workflowId, taskQueue, args: [args], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
            started += 1;
          } catch (error) {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
            if (ofThisRequest.has(unit.id)) started += 1;
            else alreadyRunning += 1;
          }
        });
        // 每月一星: the first batch of a request starts the campaign's monthly cadence if it is not running yet.
        if (input.cursor === null) await monthlyStar.ensureMonthlyStar(input.campaignId, campaign.plan, input.target, input.amendments);
        return { started, alreadyRunning, skipped: page.unknownIds.length, skippedIds: page.unknownIds, cursor: page.cursor, done: page.done };
      });
    },

    /**
     * Signals the office's amendments to every unit the campaign was started
     * for. Resumes from its last heartbeat after a crash; signalling twice is
     * harmless because units keep only a higher revision.
     */
    async broadcastAmendments(input: { campaignId: string; amendments: CampaignAmendments }): Promise<{ signalled: number; items: number }> {
      const progress = activityInfo().heartbeatDetails as BroadcastProgress | undefined;
      let cursor = progress?.cursor ?? null;
      let signalled = 0;
      while (!progress?.unitsDone) {
        const page = await campaignUnits.startedUnitsPage(input.campaignId, cursor, 500);
        if (page.length === 0) break;
        await eachWithHeartbeat(
          page,
          async ({ unitId }) => {
            try {
              await temporal.workflow.getHandle(unitWorkflowId(input.campaignId, unitId)).signal(campaignAmendedSignal, input.amendments);
              signalled += 1;
            } catch (error) {
              // A unit whose campaign has already ended has nothing left to amend.
              if (!(error instanceof WorkflowNotFoundError)) throw error;
            }
          },
          { cursor },
        );
        cursor = page[page.length - 1].unitId;
        heartbeat({ cursor } satisfies BroadcastProgress);
      }
      heartbeat({ unitsDone: true, itemCursor: progress?.itemCursor ?? null } satisfies BroadcastProgress);
      const items = await rescheduleRectifications(input.campaignId, input.amendments, progress?.itemCursor ?? null);
      log.info('amendments broadcast', { campaignId: input.campaignId, revision: input.amendments.revision, signalled, items });
      return { signalled, items };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** Where a broadcast got to: the last unit signalled, then the last rectification item. */
interface BroadcastProgress {
  cursor?: string | null;
  unitsDone?: boolean;
  itemCursor?: { unitId: string; itemId: string } | null;
}
