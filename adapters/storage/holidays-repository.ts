/**
 * The holiday calendar in force (table `holiday_calendar_versions`): China's
 * official calendar as shipped (domain/holidays/cn-calendar-data.ts) plus the
 * years the campaign office added or corrected, one row per version.
 *
 * The latest row is in force while it was built on the shipped calendar of
 * this release. After a release ships a newer calendar, the office's years
 * (every year a row names, with the data of the latest row) are merged onto
 * the new shipped calendar again, so neither side's data is lost.
 */
import type pg from 'pg';
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import { mergeYear } from '../../domain/holidays/holiday-year';
import type { HolidayCalendarData, HolidayYear } from '../../domain/holidays/working-days';
import { withTransaction, type Queryable } from './transaction';


/** Serialises changes of the calendar, so that two at once do not both build on the same version. */
const CALENDAR_LOCK_KEY = 0x686f6c69; // 'holi'

export interface CalendarInForce {
  calendar: HolidayCalendarData;
  /** The shipped calendar's version it builds on. */
  shippedVersion: string;
  /** Years the campaign office added or corrected, ascending. */
  officeYears: number[];
}

export interface YearChange {
  before: CalendarInForce;
  after: CalendarInForce;
  /** False when the year was already exactly so: no new version. */
  changed: boolean;
}

async function readInForce(client: Queryable, shipped: HolidayCalendarData): Promise<CalendarInForce> {
  const latest = await client.query<{ base_version: string; calendar: HolidayCalendarData }>(
    'SELECT base_version, calendar FROM holiday_calendar_versions ORDER BY seq DESC LIMIT 1',
  );
  if (!latest.rows[0]) return { calendar: shipped, shippedVersion: shipped.version, officeYears: [] };
  const years = await client.query<{ year: number }>('SELECT DISTINCT year FROM holiday_calendar_versions ORDER BY year');
  const officeYears = years.rows.map((row) => row.year);
  const { base_version: base, calendar } = latest.rows[0];
  if (base === shipped.version) return { calendar, shippedVersion: shipped.version, officeYears };
  // A newer release shipped another calendar: the office's years go onto it again.
  let rebased = shipped;
  for (const year of officeYears) {
    const data = (calendar.years as Record<string, HolidayYear | undefined>)[String(year)];
    if (data) rebased = mergeYear(rebased, year, data);
  }
  return { calendar: rebased, shippedVersion: shipped.version, officeYears };
}

export function createHolidaysRepository(pool: pg.Pool, shipped: HolidayCalendarData = CN_HOLIDAY_CALENDAR) {
  return {
    /** The calendar in force: what new campaigns start with and running ones are moved to. */
    inForce(): Promise<CalendarInForce> {
      return readInForce(pool, shipped);
    },

    /**
     * Adds or corrects one year (mergeYear: throws InvalidInputError naming each
     * bad path) and stores the new version; a year identical to the one in
     * force changes nothing.
     */
    setYear(year: number, data: HolidayYear, change: { actor: string; reason: string }): Promise<YearChange> {
      return withTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK_KEY]);
        const before = await readInForce(client, shipped);
        const calendar = mergeYear(before.calendar, year, data);
        if (calendar === before.calendar) return { before, after: before, changed: false };
        await client.query(
          `INSERT INTO holiday_calendar_versions (version, base_version, year, calendar, changed_by, reason)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [calendar.version, shipped.version, year, JSON.stringify(calendar), change.actor, change.reason],
        );
        const officeYears = [...new Set([...before.officeYears, year])].sort((a, b) => a - b);
        return { before, after: { calendar, shippedVersion: shipped.version, officeYears }, changed: true };
      });
    },
  };
}

export type HolidaysRepository = ReturnType<typeof createHolidaysRepository>;
