/**
 * Working days under China's official holiday calendar: the statutory holidays
 * and the swapped working weekends (調休) that the State Council General Office
 * announces each year (國務院辦公廳關於20XX年部分節假日安排的通知).
 *
 * Pure and deterministic: workflows build their calendar from the data they are
 * given (no clock, no I/O, no time-zone lookups), so a replay computes the same
 * deadlines.
 */
import { isValidLocalDate, weekdayOf, type LocalDate } from '../calendar';
import type { WorkingDayCalendar } from '../schedule';

// No zod here: the workflows build their calendar with this module (the year schema: ./holiday-year.ts).

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
