/**
 * Deadlines in working days follow China's holiday calendar, and a running
 * campaign recomputes them when the office adds a year to the calendar.
 */
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import { mergeYear } from '../../domain/holidays/working-days';
import { parsePlan } from '../../domain/plan';
import { campaignWorkflowId, setHolidayCalendarUpdate, startUnitsUpdate, campaignProgressQuery } from '../../workflows/definitions';
import { eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';
import { simulatedCampaignYear } from '../support/simulated-year';

const CAMPAIGN = 'working-days';
const UNIT = 'committee-b00001';
const fixture = useTimeSkippingHarness(1);

test('when the office adds a year with a National Day holiday and a swapped working Saturday, then a deadline of three working days moves across the holiday onto the right day', async () => {
  const { env, h } = fixture;
  const year = await simulatedCampaignYear(env);
  expect(CN_HOLIDAY_CALENDAR.years[year]).toBeUndefined(); // the year's notice is not shipped
  expect(new Date(`${year}-09-30T12:00:00Z`).getUTCDay()).toBe(4); // a Thursday, as in 2027
  const plan = parsePlan({
    id: 'working-days-plan',
    name: { zh: '工作日測試', en: 'working days' },
    phases: [
      {
        id: 'national-day',
        name: { zh: '國慶前後', en: 'around National Day' },
        window: { start: `${year}-09-30`, end: `${year}-12-31` },
        tasks: [{ id: 'quick-report', title: { zh: '專項報告', en: 'special report' }, due: { kind: 'after_phase_start', days: 3, workingDays: true } }],
      },
    ],
  });
  await h.campaigns.create({ id: CAMPAIGN, name: plan.name, plan, createdBy: 'office' });
  const campaign = await h.env.client.workflow.start('campaignWorkflow', {
    workflowId: campaignWorkflowId(CAMPAIGN),
    taskQueue: h.taskQueue,
    args: [{ campaignId: CAMPAIGN, plan, createdBy: 'office', holidays: CN_HOLIDAY_CALENDAR }],
  });
  await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'r1', target: { unitIds: [UNIT] }, actor: 'office' }] });
  await eventually(async () => (await campaign.query(campaignProgressQuery)).totals.done);
  await sleepUntil(env, `${year}-09-30`);
  const unit = unitHandle(h, CAMPAIGN, UNIT);
  // Thursday 30 September. Without the year's notice only weekends count: Fri 1, Mon 4, Tue 5.
  expect((await unit.state()).tasks[0].dueDate).toBe(`${year}-10-05`);

  // A test year shaped like the notices: 1–7 October off, Saturday 9 October worked (調休).
  const calendar = mergeYear(CN_HOLIDAY_CALENDAR, year, {
    holidays: [{ name: { zh: '国庆节', en: 'National Day' }, days: [1, 2, 3, 4, 5, 6, 7].map((d) => `${year}-10-0${d}`) }],
    workingWeekends: [`${year}-10-09`],
  });
  await campaign.executeUpdate(setHolidayCalendarUpdate, { args: [{ calendar, actor: 'office', reason: `國務院公布${year}年節假日安排` }] });
  // Fri 8 (1), the swapped Saturday 9 (2), Mon 11 (3).
  const moved = await eventually(async () => {
    const due = (await unit.state()).tasks[0].dueDate;
    return due !== `${year}-10-05` ? due : undefined;
  });
  expect(moved).toBe(`${year}-10-11`);
  const changed = await h.ledger.list({ campaignId: CAMPAIGN, kinds: ['calendar.changed'] });
  expect(changed.map((e) => [e.payload.from, e.payload.to])).toEqual([[CN_HOLIDAY_CALENDAR.version, calendar.version]]);
});
