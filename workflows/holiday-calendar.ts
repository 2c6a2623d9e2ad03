/**
 * A holiday year (節假日安排) the campaign office added or corrected, taken
 * to every campaign: the year is stored (a new calendar version), then each
 * campaign is moved to the new calendar a page at a time, and each campaign
 * broadcasts it to its units and open items itself. One workflow per version
 * (`holidayCalendarBroadcastWorkflowId`): a crash anywhere resumes where it
 * was, and a PUT retried meanwhile waits for the same broadcast.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { BATCH, QUICK } from './activity-options';
import type { HolidayCalendarBroadcastCarried, HolidayCalendarBroadcastInput, HolidayCalendarBroadcastResult, HolidayCalendarOutcome } from '../contracts';
import { holidayCalendarBroadcastQuery } from '../contracts/workflow-handles';

const { storeHolidayYear } = proxyActivities<Activities>(QUICK);
const { moveCampaignsToCalendar } = proxyActivities<Activities>(BATCH);

/** Campaigns per activity; pages per run before continuing-as-new. */
const PAGE_SIZE = 100;
const PAGES_PER_RUN = 200;

/** @see HolidayCalendarBroadcastInput */
export async function holidayCalendarBroadcastWorkflow(input: HolidayCalendarBroadcastInput): Promise<HolidayCalendarBroadcastResult> {
  let progress: HolidayCalendarBroadcastCarried | null = input.carried ?? null;
  setHandler(holidayCalendarBroadcastQuery, () => progress);

  if (!progress) {
    const stored = await storeHolidayYear({ year: input.year, data: input.data, actor: input.actor, reason: input.reason });
    progress = {
      stored: { version: stored.version, previousVersion: stored.previousVersion, changed: stored.changed, year: input.year },
      cursor: null,
      outcome: { total: 0, updated: 0, alreadyCurrent: 0, notRunning: 0, failed: [] },
    };
  }
  for (let pages = 0; ; pages += 1) {
    if (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof holidayCalendarBroadcastWorkflow>({ ...input, carried: progress });
    }
    const page: { cursor: string | null; done: boolean; outcome: HolidayCalendarOutcome } = await moveCampaignsToCalendar({ version: progress.stored.version, cursor: progress.cursor, limit: PAGE_SIZE, actor: input.actor, reason: input.reason });
    const outcome: HolidayCalendarOutcome = progress.outcome;
    progress = {
      ...progress,
      cursor: page.cursor,
      outcome: {
        total: outcome.total + page.outcome.total,
        updated: outcome.updated + page.outcome.updated,
        alreadyCurrent: outcome.alreadyCurrent + page.outcome.alreadyCurrent,
        notRunning: outcome.notRunning + page.outcome.notRunning,
        failed: [...outcome.failed, ...page.outcome.failed],
      },
    };
    if (page.done) break;
  }
  return { ...progress.stored, campaigns: progress.outcome };
}
