/**
 * Holding catch-up rows for their recipient's daily digest: one digest
 * workflow per grouping key (recipient and Beijing day), started on the first
 * row and woken by every later one, so that it sends once the rows have
 * settled (workflows/daily-digest.ts).
 */
import type { Client } from '@temporalio/client';
import { dailyDigestRowsSignal, dailyDigestWorkflowId, WORKFLOW_TYPES, type DailyDigestInput } from '../contracts';

/** A start request of any size finishes its fan-out well within this; config DIGEST_SETTLE_MS. */
export const DEFAULT_DIGEST_SETTLE_MS = 15 * 60_000;

export async function holdForDigest(temporal: Client, taskQueue: string, digestKeys: string[], settleMs: number): Promise<void> {
  for (const digestKey of digestKeys) {
    const args: [DailyDigestInput] = [{ digestKey, settleMs }];
    // Starts the group's digest workflow, or tells the running one that more rows came.
    await temporal.workflow.signalWithStart(WORKFLOW_TYPES.dailyDigest, { workflowId: dailyDigestWorkflowId(digestKey), taskQueue, args, signal: dailyDigestRowsSignal, signalArgs: [] });
  }
}
