/**
 * Working days under China's official holiday calendar: the statutory holidays
 * and the swapped working weekends (調休) that the State Council General Office
 * announces each year (國務院辦公廳關於20XX年部分節假日安排的通知).
 *
 * Pure and deterministic: workflows build their calendar from the data they are
 * given (no clock, no I/O, no time-zone lookups), so a replay computes the same
 * deadlines.
 */
import { z } from 'zod';
import { isValidLocalDate, weekdayOf, type LocalDate } from '../calendar';
import type { WorkingDayCalendar } from '../schedule';
import { parseOrThrow } from '../validation';

/** The notice a year's data comes from. */
export interface HolidayNotice {
  readonly title: string;
  /** Document number, e.g. 国办发明电〔2009〕27号. */
  readonly documentNumber?: string;
  /** The date the notice was issued (signed). */
  readonly issued: LocalDate;
  readonly url?: string;
}

/** One festival (or one item of the notice): every day off it gives, weekend days included. */
export interface HolidayEntry {
  readonly name: { readonly zh: string; readonly en: string };
  readonly days: readonly LocalDate[];
}

/**
 * One calendar year. Dates belong to the year they fall in, whichever notice set
 * them: the 2012 notice made Saturday 2011-12-31 a working day, so it is listed
 * under 2011.
 */
export interface HolidayYear {
  readonly holidays: readonly HolidayEntry[];
  /** Saturdays and Sundays that are working days (調休上班). */
  readonly workingWeekends: readonly LocalDate[];
  /** The notices the year's dates come from. */
  readonly sources?: readonly HolidayNotice[];
}

/** A versioned holiday calendar; a new version whenever a year is added or corrected. */
export interface HolidayCalendarData {
  /** `YYYY-MM-DD`, then `.N` for each further change made from that base. */
  readonly version: string;
  readonly source: string;
  readonly years: Readonly<Record<number, HolidayYear>>;
}

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

/**
 * Decides working days under the calendar: a statutory holiday is not one, a
 * swapped working weekend day is, and otherwise Monday to Friday are. Years the
 * data does not cover fall back to Monday to Friday; check {@link coversDate}
 * where that matters.
 */
export function createWorkingDayCalendar(data: HolidayCalendarData): WorkingDayCalendar {
  const holidays = new Set<LocalDate>();
  const workingWeekends = new Set<LocalDate>();
  for (const year of Object.values(data.years)) {
    for (const holiday of year.holidays) for (const day of holiday.days) holidays.add(day);
    for (const day of year.workingWeekends) workingWeekends.add(day);
  }
  return (date) => {
    const weekday = weekdayOf(date); // also rejects a malformed date
    if (holidays.has(date)) return false;
    if (workingWeekends.has(date)) return true;
    return weekday !== 0 && weekday !== 6;
  };
}

/** Whether the calendar has the official data for the year `date` falls in. */
export function coversDate(data: HolidayCalendarData, date: LocalDate): boolean {
  if (!isValidLocalDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return Object.prototype.hasOwnProperty.call(data.years, yearOf(date));
}

const VERSION = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?$/;

/** The version after `version`: `2026-11-23` → `2026-11-23.1` → `2026-11-23.2`. */
export function nextCalendarVersion(version: string): string {
  const match = VERSION.exec(version);
  if (!match) throw new RangeError(`not a calendar version: ${version}`);
  return `${match[1]}.${Number(match[2] ?? 0) + 1}`;
}

/** Orders two calendar versions (negative when `a` is older). */
export function compareCalendarVersions(a: string, b: string): number {
  const [ma, mb] = [VERSION.exec(a), VERSION.exec(b)];
  if (!ma || !mb) throw new RangeError(`not a calendar version: ${ma ? b : a}`);
  if (ma[1] !== mb[1]) return ma[1] < mb[1] ? -1 : 1;
  return Number(ma[2] ?? 0) - Number(mb[2] ?? 0);
}

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

/**
 * The dates whose working-day status differs between two calendars, in order:
 * a deadline counted in working days across any of them may move, so these are
 * what a running campaign checks when the calendar changes.
 */
export function changedWorkingDays(before: HolidayCalendarData, after: HolidayCalendarData): LocalDate[] {
  const candidates = new Set<LocalDate>();
  for (const data of [before, after]) {
    for (const year of Object.values(data.years)) {
      for (const holiday of year.holidays) for (const day of holiday.days) candidates.add(day);
      for (const day of year.workingWeekends) candidates.add(day);
    }
  }
  const [was, is] = [createWorkingDayCalendar(before), createWorkingDayCalendar(after)];
  return [...candidates].filter((day) => was(day) !== is(day)).sort();
}
