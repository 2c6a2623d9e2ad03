/**
 * The daily catch-up digest of one recipient (每日補發彙總): started by the
 * first catch-up row of a grouping key (recipient and Beijing day) and woken
 * by every later one; `settleMs` after its start it sends the digest: every
 * pending row of the group as one message per channel. Rows that come while
 * it sends go into a later digest of the same day, after the same wait.
 */
import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DailyDigestInput } from '../contracts';
import { dailyDigestRowsSignal } from '../contracts/workflow-handles';
import { REDELIVERY } from './activity-options';

const { deliverDailyDigest } = proxyActivities<Activities>(REDELIVERY);

export async function dailyDigestWorkflow(input: DailyDigestInput): Promise<void> {
  // Set by each signal (a row written since), cleared when a digest takes the rows so far.
  const rows = { more: false };
  setHandler(dailyDigestRowsSignal, () => {
    rows.more = true;
  });
  do {
    // The rows of a start of many units are written over a while: let them settle, then send them all.
    await sleep(input.settleMs);
    // Rows signalled until now are in this digest; one signalled while it is sent goes into the next.
    rows.more = false;
    await deliverDailyDigest({ digestKey: input.digestKey });
  } while (rows.more);
}
