/**
 * The year simulated campaigns run in. Time-skipping tests can only move
 * forward from today, so they plan "next year"; but weekdays and leap days
 * differ from year to year, and expectations such as "three working days
 * after Thursday 30 September" would then hold only in some years. Every
 * simulated campaign therefore runs in the first future year whose next few
 * years are laid out exactly like 2027–2030 (same weekday on 1 January, same
 * leap years) and for which no holiday notice is shipped: the tests' dates
 * fall on the same weekdays whatever day the suite runs on.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';

export const REFERENCE_YEAR = 2027;
/** Campaigns in the tests span at most this many calendar years. */
const SPAN_YEARS = 4;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const layout = (year: number) => `${new Date(Date.UTC(year, 0, 1)).getUTCDay()}/${isLeap(year)}`;

function laidOutLikeReference(year: number): boolean {
  for (let i = 0; i < SPAN_YEARS; i += 1) {
    if (layout(year + i) !== layout(REFERENCE_YEAR + i)) return false;
    if (CN_HOLIDAY_CALENDAR.years[year + i]) return false;
  }
  return true;
}

/** The first year after the one `nowMs` falls in that is laid out like 2027 and has no shipped holidays. */
export function campaignYearAfter(nowMs: number): number {
  let year = new Date(nowMs).getUTCFullYear() + 1;
  while (!laidOutLikeReference(year)) year += 1;
  return year;
}

/** The campaign year for a time-skipping environment, from its simulated clock. */
export async function simulatedCampaignYear(env: TestWorkflowEnvironment): Promise<number> {
  return campaignYearAfter(await env.currentTimeMs());
}
