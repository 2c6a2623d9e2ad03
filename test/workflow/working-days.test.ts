/**
 * Deadlines in working days follow China's holiday calendar, and a running
 * campaign recomputes them when the office adds a year to the calendar.
 */
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import { addDays } from '../../domain/calendar';
import { mergeYear } from '../../domain/holidays/holiday-year';
import { parsePlan } from '../../domain/plan';
import { campaignWorkflowId, setHolidayCalendarUpdate, startUnitsUpdate, campaignProgressQuery } from '../../contracts';
import { eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'working-days';
const UNIT = 'committee-b00001';
const fixture = useTimeSkippingHarness(1);

/** The n-th working day after `start`, walked one day at a time: weekdays unless a holiday, plus swapped weekends. */
function nthWorkingDayAfter(start: string, n: number, holidays: ReadonlySet<string> = new Set(), workedWeekends: ReadonlySet<string> = new Set()): string {
  let day = start;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    const weekend = [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
    if (workedWeekends.has(day) || (!weekend && !holidays.has(day))) counted += 1;
  }
  return day;
}

/** The first Saturday or Sunday after `day`. */
function firstWeekendDayAfter(day: string): string {
  let next = addDays(day, 1);
  while (![0, 6].includes(new Date(`${next}T12:00:00Z`).getUTCDay())) next = addDays(next, 1);
  return next;
}

test('when the office adds a year with a National Day holiday and a swapped working weekend day, then a deadline of three working days moves across the holiday onto the right day', async () => {
  const { env, h } = fixture;
  // Next year, whatever weekday 30 September falls on: the expectations are walked from the calendar below.
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  // The campaign starts with a calendar that does not know that year yet, shipped or not.
  const { [year]: _shipped, ...otherYears } = CN_HOLIDAY_CALENDAR.years;
  const withoutYear = { ...CN_HOLIDAY_CALENDAR, years: otherYears };
  const start = `${year}-09-30`;
  const plan = parsePlan({
    id: 'working-days-plan',
    name: { zh: '工作日測試', en: 'working days' },
    phases: [
      {
        id: 'national-day',
        name: { zh: '國慶前後', en: 'around National Day' },
        window: { start, end: `${year}-12-31` },
        tasks: [{ id: 'quick-report', title: { zh: '專項報告', en: 'special report' }, due: { kind: 'after_phase_start', days: 3, workingDays: true } }],
      },
    ],
  });
  await h.campaigns.create({ id: CAMPAIGN, name: plan.name, plan, createdBy: 'office' });
  const campaign = await h.env.client.workflow.start('campaignWorkflow', {
    workflowId: campaignWorkflowId(CAMPAIGN),
    taskQueue: h.taskQueue,
    args: [{ campaignId: CAMPAIGN, plan, createdBy: 'office', holidays: withoutYear }],
  });
  await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'r1', target: { unitIds: [UNIT] }, actor: 'office' }] });
  await eventually(async () => (await campaign.query(campaignProgressQuery)).totals.done);
  await sleepUntil(env, start);
  const unit = unitHandle(h, CAMPAIGN, UNIT);
  // Without the year's notice only weekends are off.
  const weekendsOnly = nthWorkingDayAfter(start, 3);
  expect((await unit.state()).tasks[0].dueDate).toBe(weekendsOnly);

  // A test year shaped like the notices: 1–7 October off, the first weekend day after it worked (調休).
  const nationalDay = [1, 2, 3, 4, 5, 6, 7].map((d) => `${year}-10-0${d}`);
  const swapped = firstWeekendDayAfter(`${year}-10-07`);
  const calendar = mergeYear(withoutYear, year, {
    holidays: [{ name: { zh: '国庆节', en: 'National Day' }, days: nationalDay }],
    workingWeekends: [swapped],
  });
  await campaign.executeUpdate(setHolidayCalendarUpdate, { args: [{ calendar, actor: 'office', reason: `國務院公布${year}年節假日安排` }] });
  const expected = nthWorkingDayAfter(start, 3, new Set(nationalDay), new Set([swapped]));
  expect(expected).not.toBe(weekendsOnly); // the holiday really moves it
  expect(expected > `${year}-10-07`).toBe(true);
  const moved = await eventually(async () => {
    const due = (await unit.state()).tasks[0].dueDate;
    return due !== weekendsOnly ? due : undefined;
  });
  expect(moved).toBe(expected);
  const changed = await h.ledger.list({ campaignId: CAMPAIGN, kinds: ['calendar.changed'] });
  expect(changed.map((e) => [e.payload.from, e.payload.to])).toEqual([[withoutYear.version, calendar.version]]);
});

test('when the day walk of this file counts three working days from Thursday 30 September 2027, then it agrees with the worked example of the notices', () => {
  // The walk the expectations above rely on, checked against dates worked out by hand.
  expect(nthWorkingDayAfter('2027-09-30', 3)).toBe('2027-10-05'); // Fri 1, Mon 4, Tue 5
  const nationalDay = [1, 2, 3, 4, 5, 6, 7].map((d) => `2027-10-0${d}`);
  expect(firstWeekendDayAfter('2027-10-07')).toBe('2027-10-09');
  expect(nthWorkingDayAfter('2027-09-30', 3, new Set(nationalDay), new Set(['2027-10-09']))).toBe('2027-10-11'); // Fri 8, Sat 9, Mon 11
  expect(nthWorkingDayAfter('2028-09-30', 3)).toBe('2028-10-04'); // a Saturday start: Mon 2, Tue 3, Wed 4
});
