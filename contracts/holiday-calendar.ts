/** The holiday calendar broadcast workflow (one per calendar version): its input, progress and result. */
import { z } from 'zod';
import { holidayYearDataSchema } from './common';

export const holidayCalendarOutcomeSchema = z.object({
  total: z.number(),
  updated: z.number().meta({ description: 'Running campaigns moved to the new calendar: their working-day deadlines are recomputed.' }),
  alreadyCurrent: z.number(),
  notRunning: z.number(),
  failed: z.array(z.object({ campaignId: z.string(), message: z.string() })),
});
export type HolidayCalendarOutcome = z.infer<typeof holidayCalendarOutcomeSchema>;

export const holidayCalendarBroadcastResultSchema = z.object({
  version: z.string(),
  previousVersion: z.string(),
  changed: z.boolean(),
  year: z.number(),
  campaigns: holidayCalendarOutcomeSchema,
});
export type HolidayCalendarBroadcastResult = z.infer<typeof holidayCalendarBroadcastResultSchema>;

export const holidayCalendarBroadcastCarriedSchema = z.object({
  stored: holidayCalendarBroadcastResultSchema.omit({ campaigns: true }),
  /** The last campaign id told (campaigns are paged in id order). */
  cursor: z.string().nullable(),
  outcome: holidayCalendarOutcomeSchema,
});
export type HolidayCalendarBroadcastCarried = z.infer<typeof holidayCalendarBroadcastCarriedSchema>;

export const holidayCalendarBroadcastInputSchema = z.object({
  year: z.number(),
  /** The year as the State Council notice gives it (HolidayYear without its number). */
  data: holidayYearDataSchema,
  actor: z.string(),
  reason: z.string(),
  /** Set by continue-as-new only. */
  carried: holidayCalendarBroadcastCarriedSchema.optional(),
});
export type HolidayCalendarBroadcastInput = z.infer<typeof holidayCalendarBroadcastInputSchema>;

