/**
 * One year of holiday data as the campaign office submits it: its schema and
 * the merge into a data set (./working-days.ts holds what the workflows use,
 * without zod).
 */
import { z } from 'zod';
import { isValidLocalDate, weekdayOf, type LocalDate } from '../calendar';
import { parseOrThrow } from '../validation';
import { compareCalendarVersions, nextCalendarVersion, type HolidayCalendarData, type HolidayYear } from './working-days';

const yearOf = (date: LocalDate): number => Number(date.slice(0, 4));

const dateSchema = z.string().refine(isValidLocalDate, { message: 'must be a calendar date written YYYY-MM-DD' });

const noticeSchema = z.object({
  title: z.string().min(1, 'the notice title is required'),
  documentNumber: z.string().min(1).optional(),
  issued: dateSchema,
  url: z.url().optional(),
});

const holidayEntrySchema = z.object({
  name: z.object({
    zh: z.string().min(1, 'the Chinese name is required'),
    en: z.string().min(1, 'the English name is required'),
  }),
  days: z.array(dateSchema).min(1, 'a holiday has at least one day'),
});

/**
 * One year's data as the campaign office submits it: the year, each festival's
 * days off and the weekend days worked instead. Every date must be a real date
 * in that year; a day cannot be both off and worked, nor listed twice; a
 * working weekend day must be a Saturday or Sunday (a weekday is a working day
 * anyway, so listing one is a mistake).
 */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(1000).max(9999),
    holidays: z.array(holidayEntrySchema),
    workingWeekends: z.array(dateSchema),
    sources: z.array(noticeSchema).optional(),
  })
  .superRefine((value, ctx) => {
    const holidayPaths = new Map<LocalDate, (string | number)[]>();
    value.holidays.forEach((holiday, i) =>
      holiday.days.forEach((day, j) => {
        const path = ['holidays', i, 'days', j];
        if (!isValidLocalDate(day)) return; // already reported by the element schema
        if (yearOf(day) !== value.year) ctx.addIssue({ code: 'custom', path, message: `must be a date in ${value.year}` });
        const first = holidayPaths.get(day);
        if (first) ctx.addIssue({ code: 'custom', path, message: `${day} is already listed at ${first.join('.')}` });
        else holidayPaths.set(day, path);
      }),
    );
    const worked = new Set<LocalDate>();
    value.workingWeekends.forEach((day, k) => {
      const path = ['workingWeekends', k];
      if (!isValidLocalDate(day)) return;
      if (yearOf(day) !== value.year) ctx.addIssue({ code: 'custom', path, message: `must be a date in ${value.year}` });
      const weekday = weekdayOf(day);
      if (weekday !== 0 && weekday !== 6) ctx.addIssue({ code: 'custom', path, message: `${day} is not a Saturday or Sunday` });
      const holiday = holidayPaths.get(day);
      if (holiday) ctx.addIssue({ code: 'custom', path, message: `${day} is also a holiday at ${holiday.join('.')}` });
      if (worked.has(day)) ctx.addIssue({ code: 'custom', path, message: `${day} is listed twice` });
      worked.add(day);
    });
  });
export type HolidayYearInput = z.input<typeof holidayYearSchema>;

/** A year written with its keys in one order, so that two equal years compare equal. */
function canonical(year: HolidayYear): string {
  return JSON.stringify({
    holidays: year.holidays.map((h) => ({ zh: h.name.zh, en: h.name.en, days: h.days })),
    workingWeekends: year.workingWeekends,
    sources: (year.sources ?? []).map((s) => [s.title, s.documentNumber ?? null, s.issued, s.url ?? null]),
  });
}

/**
 * A new data set with `year` added (or replaced, to correct it), under a new
 * version: `options.version` when given (the date the office made the change,
 * which must be newer than the current version), else the current version with
 * its revision counter bumped. Throws {@link InvalidInputError} naming each bad
 * path when the year's data is invalid. Submitting a year identical to the one
 * held returns `data` itself, so nothing downstream recomputes for no change.
 * `data` is not modified.
 */
export function mergeYear(
  data: HolidayCalendarData,
  year: number,
  yearData: HolidayYear,
  options: { version?: string } = {},
): HolidayCalendarData {
  const parsed = parseOrThrow(holidayYearSchema, { ...yearData, year }, `the holiday calendar for ${year}`);
  const entry: HolidayYear = {
    holidays: parsed.holidays,
    workingWeekends: parsed.workingWeekends,
    ...(parsed.sources === undefined ? {} : { sources: parsed.sources }),
  };
  const existing = data.years[year];
  if (existing && canonical(existing) === canonical(entry)) return data;
  let version = nextCalendarVersion(data.version);
  if (options.version !== undefined) {
    if (compareCalendarVersions(options.version, data.version) <= 0) {
      throw new RangeError(`calendar version ${options.version} is not newer than ${data.version}`);
    }
    version = options.version;
  }
  return { version, source: data.source, years: { ...data.years, [year]: entry } };
}

