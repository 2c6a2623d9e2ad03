/**
 * Calendar math for plans. Plans speak in local calendar dates of
 * Asia/Shanghai; timers need instants. China has used a fixed UTC+08:00 offset
 * with no daylight saving since 1991, so the conversion is exact arithmetic and
 * needs no time-zone database (which keeps it usable inside workflows).
 */
export const PLAN_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export function isValidLocalDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function parts(date: LocalDate): [number, number, number] {
  if (!isValidLocalDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [year, month, day] = date.split('-').map(Number);
  return [year, month, day];
}

/** The instant a local day begins (00:00 in Asia/Shanghai). */
export function startOfLocalDay(date: LocalDate): number {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day) - OFFSET_MS;
}

/** The last instant of a local day (23:59:59.999 in Asia/Shanghai): a deadline on that day. */
export function endOfLocalDay(date: LocalDate): number {
  return startOfLocalDay(date) + DAY_MS - 1;
}

/** The local date an instant falls on. */
export function localDateOf(instantMs: number): LocalDate {
  return new Date(instantMs + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return localDateOf(startOfLocalDay(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((startOfLocalDay(to) - startOfLocalDay(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, for a local date. */
export function weekdayOf(date: LocalDate): number {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** An instant written with the plan's offset, e.g. `2010-06-30T23:59:59.999+08:00`. */
export function formatLocalInstant(instantMs: number): string {
  return new Date(instantMs + OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const DAY_IN_MS = DAY_MS;
