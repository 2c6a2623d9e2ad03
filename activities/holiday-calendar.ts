/**
 * The holiday calendar broadcast's I/O: store the year the office sent, then
 * move every campaign to the new calendar a page at a time. Both idempotent:
 * storing the same year again adds no version; a campaign already on it
 * refuses the update (Conflict) and is counted as already current.
 */
import { heartbeat, activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Storage } from '../adapters/storage';
import { ErrorType } from '../domain/errors';
import { InvalidInputError } from '../domain/validation';
import type { HolidayCalendarData, HolidayYear } from '../domain/holidays/working-days';
import { campaignWorkflowId, setHolidayCalendarUpdate, type HolidayCalendarOutcome } from '../contracts';

/** Campaigns told at once within a page. */
const CONCURRENCY = 8;

interface PageProgress {
  done: string[];
  outcome: HolidayCalendarOutcome;
}

export function createHolidayCalendarActivities(deps: { storage: Storage; temporal: Client }) {
  const { storage, temporal } = deps;
  const { holidays } = storage;
  return {
    /** Stores the year (a new calendar version unless it is already exactly so); returns the versions before and after. */
    async storeHolidayYear(input: { year: number; data: HolidayYear; actor: string; reason: string }): Promise<{ version: string; previousVersion: string; changed: boolean; campaigns: number }> {
      let change;
      try {
        change = await holidays.setYear(input.year, input.data, { actor: input.actor, reason: input.reason });
      } catch (error) {
        // The API checked the year; one that still does not fit will not fit on a retry either.
        if (error instanceof InvalidInputError) throw ApplicationFailure.create({ type: ErrorType.InvalidInput, message: error.message, nonRetryable: true });
        throw error;
      }
      return { version: change.after.calendar.version, previousVersion: change.before.calendar.version, changed: change.changed, campaigns: await storage.campaigns.count() };
    },

    /**
     * Moves the next page of campaigns (after `cursor`, id order) to the calendar
     * in force (`version`, or a newer one if a year was added meanwhile: newer
     * calendars only add). A retry resumes from its heartbeat, so no campaign
     * is counted twice.
     */
    async moveCampaignsToCalendar(input: { version: string; cursor: string | null; limit: number; actor: string; reason: string }): Promise<{ cursor: string | null; done: boolean; outcome: HolidayCalendarOutcome }> {
      const { calendar } = await holidays.inForce();
      const ids = await storage.campaigns.idsPage(input.cursor, input.limit);
      const resumed = activityInfo().heartbeatDetails as PageProgress | undefined;
      const progress: PageProgress = resumed ?? { done: [], outcome: { total: 0, updated: 0, alreadyCurrent: 0, notRunning: 0, failed: [] } };
      const todo = ids.filter((id) => !progress.done.includes(id));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, todo.length) }, async () => {
          while (next < todo.length) {
            const campaignId = todo[next++];
            const result = await moveOne(campaignId, calendar, input);
            progress.outcome.total += 1;
            if (typeof result === 'string') progress.outcome[result] += 1;
            else progress.outcome.failed.push({ campaignId, message: result.failed });
            progress.done.push(campaignId);
            heartbeat(progress);
          }
        }),
      );
      return { cursor: ids.at(-1) ?? input.cursor, done: ids.length < input.limit, outcome: progress.outcome };
    },
  };

  async function moveOne(
    campaignId: string,
    calendar: HolidayCalendarData,
    input: { actor: string; reason: string },
  ): Promise<'updated' | 'alreadyCurrent' | 'notRunning' | { failed: string }> {
    try {
      await temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(setHolidayCalendarUpdate, {
        args: [{ calendar, actor: input.actor, reason: input.reason }],
      });
      return 'updated';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'notRunning';
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === ErrorType.Conflict) return 'alreadyCurrent';
        return { failed: error.cause.message };
      }
      // Temporal unreachable and the like: the activity is retried, and resumes from its heartbeat.
      throw error;
    }
  }
}
