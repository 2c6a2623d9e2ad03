/**
 * 每月一星 on its cadence (the monthly star selection, seed 001; issue 13):
 * one workflow per campaign (`campaign:<c>:monthly-star`), started when the
 * campaign starts. Month by month it opens the month's scoring round on the
 * 1st, reminds the units that have entered nothing `remindDaysBefore` days
 * before the close, and goes on to the next month. The round is an ordinary
 * scoringRoundWorkflow: it takes the entries and closes itself at the end of
 * its closing day, computing the results; nothing is scored here.
 *
 * The round is started by an activity, not as a child: it lives on its own
 * (the office may close it early; it closes by its timer even if this
 * workflow is gone), and a second run of this workflow meets it by id.
 */
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { MonthlyStarInput } from '../contracts';
import { nextMonthlyStarMonth } from '../domain/monthly-star';
import { QUICK, BATCH } from './activity-options';
import { workflowNow, workflowNowIso } from './clock';
import { deliverOrHandOver } from './delivery';

const { openMonthlyStarRound } = proxyActivities<Activities>(QUICK);
const { remindMonthlyStar } = proxyActivities<Activities>(BATCH);

/** Months per run: a year's timers and activities, then a fresh history. */
export const MONTHS_PER_RUN = 12;

async function sleepUntil(instant: number): Promise<void> {
  const left = instant - workflowNow();
  if (left > 0) await sleep(left);
}

export async function monthlyStarWorkflow(input: MonthlyStarInput): Promise<{ lastMonth: string | null }> {
  let lastMonth = input.lastMonth ?? null;
  for (let months = 0; ; months++) {
    const next = nextMonthlyStarMonth(input.cadence, lastMonth);
    if (!next) return { lastMonth };
    if (months === MONTHS_PER_RUN) return continueAsNew<typeof monthlyStarWorkflow>({ ...input, lastMonth });
    lastMonth = next.month;
    // A month already closed when the cadence starts (a late start) is skipped, not opened.
    if (next.closesAt <= workflowNow()) continue;
    await sleepUntil(next.opensAt);
    const { roundId } = await openMonthlyStarRound({ campaignId: input.campaignId, subtreeRootId: input.subtreeRootId, schemeId: input.schemeId, month: next.month, year: next.year, closesOn: next.closesOn });
    await sleepUntil(next.remindAt);
    if (next.closesAt <= workflowNow()) continue;
    for (let afterUnitId: string | null = null; ; ) {
      const page: { notificationKeys: string[]; nextAfterUnitId: string | null } = await remindMonthlyStar({ campaignId: input.campaignId, roundId, month: next.month, closesAt: next.closesAt, occurredAt: workflowNowIso(), afterUnitId });
      await deliverOrHandOver(page.notificationKeys);
      if (page.nextAfterUnitId === null) break;
      afterUnitId = page.nextAfterUnitId;
    }
    // On to the next month once this one's round has closed (the round closes itself at closesAt).
    await sleepUntil(next.closesAt + 1);
  }
}
