/** The holiday calendar (節假日安排): read it, add or correct a year. */
import { holidayCalendarBroadcastResultSchema } from '../../contracts';
import { z } from '../zod';
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
