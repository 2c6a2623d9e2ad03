/**
 * All I/O of the workflows. Built once per worker by `createActivities(deps)`;
 * workflows see only the types. Every activity is idempotent: ledger rows by
 * their business key, read-model rows by version, workflow starts by id.
 */
import { heartbeat, activityInfo, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { StartTarget, UnitStateSnapshot } from '../domain/campaign-types';
import { planForUnitType } from '../domain/plan';
import { inTransaction, type Pool } from '../adapters/storage/database';
import { appendInTransaction, type LedgerEntryInput } from '../adapters/storage/ledger';
import { upsertUnitState, type CampaignsRepository } from '../adapters/storage/campaigns-repository';
// The message contract only (no workflow code): names and shapes shared with the API.
import { campaignAmendedSignal, unitWorkflowId, type CampaignAmendments, type UnitCampaignInput } from '../workflows/definitions';

export type { UnitStateSnapshot };
export type LedgerEntryDraft = LedgerEntryInput;

export interface ActivityDeps {
  pool: Pool;
  campaigns: CampaignsRepository;
  temporal: Client;
  taskQueue: string;
  /** Units started per batch by the fan-out. */
  batchSize: number;
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

async function inChunks<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
  }
}

export function createActivities(deps: ActivityDeps) {
  const { pool, campaigns, temporal, taskQueue, batchSize } = deps;

  return {
    /** Writes ledger rows and, if given, the unit's read-model row, in one transaction. */
    async commitEvents(input: { entries: LedgerEntryDraft[]; unitState?: UnitStateSnapshot }): Promise<{ inserted: number }> {
      return inTransaction(pool, async (client) => {
        let inserted = 0;
        for (const entry of input.entries) {
          if ((await appendInTransaction(client, entry)).inserted) inserted += 1;
        }
        if (input.unitState) await upsertUnitState(client, input.unitState);
        return { inserted };
      });
    },

    async countStartTarget(input: { target: StartTarget }): Promise<number> {
      return campaigns.countTarget(input.target);
    },

    /**
     * Starts the next batch of a start request. Safe to retry: the workflow id
     * is derived from campaign and unit and reuse is rejected, so a unit that
     * is already running (or finished) is counted, not started again.
     */
    async startUnitBatch(input: { campaignId: string; target: StartTarget; cursor: string | null; amendments: CampaignAmendments }): Promise<StartBatchResult> {
      const campaign = await campaigns.get(input.campaignId);
      if (!campaign) throw new Error(`campaign ${input.campaignId} is not defined`);
      const page = await campaigns.nextStartPage(input.target, input.cursor, batchSize);
      let started = 0;
      let alreadyRunning = 0;
      await inChunks(page.units, START_CONCURRENCY, async (unit) => {
        const workflowId = unitWorkflowId(input.campaignId, unit.id);
        await campaigns.recordStarted(input.campaignId, unit.id, workflowId);
        const args: UnitCampaignInput = {
          campaignId: input.campaignId,
          unitId: unit.id,
          unitType: unit.type,
          plan: planForUnitType(campaign.plan, unit.type),
          amendments: input.amendments,
        };
        try {
          await temporal.workflow.start('unitCampaignWorkflow', { workflowId, taskQueue, args: [args], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
          started += 1;
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          alreadyRunning += 1;
        }
      });
      heartbeat({ cursor: page.cursor });
      return { started, alreadyRunning, skipped: page.unknownIds.length, skippedIds: page.unknownIds, cursor: page.cursor, done: page.done };
    },

    /**
     * Signals the office's amendments to every unit the campaign was started
     * for. Resumes from its last heartbeat after a crash; signalling twice is
     * harmless because units keep only a higher revision.
     */
    async broadcastAmendments(input: { campaignId: string; amendments: CampaignAmendments }): Promise<{ signalled: number }> {
      let cursor = (activityInfo().heartbeatDetails as { cursor?: string } | undefined)?.cursor ?? null;
      let signalled = 0;
      for (;;) {
        const page = await campaigns.startedUnitsPage(input.campaignId, cursor, 500);
        if (page.length === 0) break;
        await inChunks(page, START_CONCURRENCY, async ({ unitId }) => {
          try {
            await temporal.workflow.getHandle(unitWorkflowId(input.campaignId, unitId)).signal(campaignAmendedSignal, input.amendments);
            signalled += 1;
          } catch (error) {
            // A unit whose campaign has already ended has nothing left to amend.
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          }
        });
        cursor = page[page.length - 1].unitId;
        heartbeat({ cursor });
      }
      log.info('amendments broadcast', { campaignId: input.campaignId, revision: input.amendments.revision, signalled });
      return { signalled };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
