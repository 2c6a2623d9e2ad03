/**
 * The cadence of 每月一星 (the monthly star selection, seed 001; issue 13):
 * one round a month within the campaign's dates, opening on the 1st (or when
 * the campaign starts, if later), a reminder `remindDaysBefore` days before
 * its close at the plan's reminder hour, and the close at the end of day
 * `closesOnDay`. Pure and deterministic: the monthly-star workflow arms its
 * timers with it, the API explains them with it.
 */
import { addDays, endOfLocalDay, startOfLocalDay, type LocalDate } from './calendar';

export interface MonthlyStarCadence {
  /** First and last local dates of the campaign (first phase start, last known phase end). */
  from: LocalDate;
  to: LocalDate;
  closesOnDay: number;
  remindDaysBefore: number;
  /** Local hour of the reminder (the plan's reminders.atHour). */
  atHour: number;
}

export interface MonthlyStarMonth {
  /** `YYYY-MM`: the month's identity in round ids, workflow ids and ledger keys. */
  month: string;
  year: number;
  opensAt: number;
  remindAt: number;
  /** Local date of the close; the round closes at the end of it. */
  closesOn: LocalDate;
  closesAt: number;
}

/** The round id of a month's selection; ids with this prefix belong to the cadence. */
export const MONTHLY_STAR_ROUND_PREFIX = 'monthly-star-';
export const monthlyStarRoundId = (month: string) => `${MONTHLY_STAR_ROUND_PREFIX}${month}`;

const pad = (n: number) => String(n).padStart(2, '0');

function monthOf(year: number, month: number, cadence: MonthlyStarCadence): MonthlyStarMonth {
  const first = `${year}-${pad(month)}-01`;
  const closesOn = `${year}-${pad(month)}-${pad(cadence.closesOnDay)}`;
  const opensOn = first < cadence.from ? cadence.from : first;
  return {
    month: `${year}-${pad(month)}`,
    year,
    opensAt: startOfLocalDay(opensOn),
    remindAt: startOfLocalDay(addDays(closesOn, -cadence.remindDaysBefore)) + cadence.atHour * 3600_000,
    closesOn,
    closesAt: endOfLocalDay(closesOn),
  };
}

/**
 * Every month of the cadence, in order: those whose close falls within the
 * campaign (a campaign starting after the closing day of its first month
 * starts its selection the month after).
 */
export function monthlyStarMonths(cadence: MonthlyStarCadence): MonthlyStarMonth[] {
  const months: MonthlyStarMonth[] = [];
  let year = Number(cadence.from.slice(0, 4));
  let month = Number(cadence.from.slice(5, 7));
  for (;;) {
    const m = monthOf(year, month, cadence);
    if (`${m.month}-01` > cadence.to) return months;
    if (m.closesOn >= cadence.from && m.closesOn <= cadence.to) months.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** The month that comes after `afterMonth` (`YYYY-MM`; null for the first), or undefined when the cadence is over. */
export function nextMonthlyStarMonth(cadence: MonthlyStarCadence, afterMonth: string | null): MonthlyStarMonth | undefined {
  return monthlyStarMonths(cadence).find((m) => afterMonth === null || m.month > afterMonth);
}
