/** The holiday calendar (節假日安排): read it, add or correct a year. */
import { holidayCalendarBroadcastResultSchema } from '../../contracts';
import { z } from '../zod';
import { previewTotalsSchema, previewUnitSchema } from './campaigns.schemas';
import { bilingualTextSchema, localDateParamSchema } from './common.schemas';

const holidayDateSchema = localDateParamSchema;

export const holidayYearParams = z.object({
  year: z.coerce.number({ error: 'must be a year' }).int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
});

export const holidayYearBody = z
  .strictObject({
    year: z.number().int().optional().openapi({ description: 'If given, must equal the year in the path.' }),
    holidays: z.array(
      z.strictObject({
        name: bilingualTextSchema,
        days: z.array(holidayDateSchema).min(1, 'a holiday has at least one day'),
      }),
    ),
    workingWeekends: z.array(holidayDateSchema).openapi({ description: 'Saturdays and Sundays worked instead (調休上班).' }),
    sources: z
      .array(z.strictObject({ title: z.string().min(1), documentNumber: z.string().min(1).optional(), issued: holidayDateSchema, url: z.url().optional() }))
      .optional(),
    reason: z.string().trim().min(1).max(2000).optional().openapi({ description: 'Recorded in every campaign ledger; a default names the year.' }),
  })
  .openapi('HolidayYear');

export const holidayCalendarSchema = z
  .object({
    version: z.string().openapi({ example: '2026-11-23.1' }),
    source: z.string(),
    shippedVersion: z.string(),
    officeYears: z.array(z.number()).openapi({ description: 'Years the campaign office added or corrected.' }),
    years: z.record(z.string(), z.unknown()),
  })
  .openapi('HolidayCalendar');

/** The broadcast's result (contracts: HolidayCalendarBroadcastResult). */
export const holidayYearReplySchema = holidayCalendarBroadcastResultSchema;

const refusalSchema = z.object({ type: z.string(), message: z.string() });

/** `PUT /holiday-calendar/years/:year?dryRun=true`: what the year would move, and nothing stored. */
export const holidayYearPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    year: z.number(),
    version: z.string().openapi({ description: 'the calendar version the year would make (the one in force when the year is already exactly so)' }),
    previousVersion: z.string(),
    changed: z.boolean().openapi({ description: 'false: the year is already exactly so, and no version would be stored' }),
    changedDays: z.array(z.string()).openapi({ description: 'days that become days off or working days against the calendar in force' }),
    campaigns: z
      .array(
        z.object({
          campaignId: z.string(),
          calendarVersion: z.string().nullable().openapi({ description: 'the version the campaign counts with now' }),
          refused: refusalSchema.nullable().openapi({ description: 'why the campaign would not take the calendar (already on it: Conflict; not running: NotFound); null when it would' }),
          deadlines: z.array(z.object({ taskId: z.string(), from: z.string().nullable(), to: z.string().nullable() })).openapi({ description: 'the campaign-wide working-day deadlines that move' }),
          totals: previewTotalsSchema,
          units: z.array(previewUnitSchema),
          unitsListed: z.number().openapi({ description: 'units listed (at most 200); the totals count them all' }),
        }),
      )
      .openapi({ description: 'campaigns whose deadlines would move or that would refuse the calendar (at most 200); campaigns left untouched are only counted' }),
    totals: previewTotalsSchema.extend({
      campaigns: z.number(),
      wouldUpdate: z.number().openapi({ description: 'running campaigns that would be moved to the new calendar' }),
      campaignsChanged: z.number(),
      refused: z.number(),
    }),
  })
  .openapi('HolidayYearPreview');
